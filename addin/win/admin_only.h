// The machine scripts folder's permission check: a machine script runs in every user's Outlook,
// so only administrators may change it, as NetworkManager refuses dispatcher scripts that
// others can write. A folder or file fails the check when anyone but SYSTEM, Administrators or
// TrustedInstaller
//   - owns it (an owner can rewrite the access list, whatever it says), or
//   - has no access list at all (a NULL DACL: everyone may do everything), or
//   - is granted, by an allow entry that applies to it and that no earlier deny entry for the
//     same principal (or Everyone) takes back, one of: write / append data (add file / add
//     subfolder), delete, delete child, change permissions, take ownership, generic write,
//     generic all.
// Entries that only pass on to children (inherit-only) grant nothing here: each machine script
// is checked itself. CREATOR OWNER is accepted in such entries only. The check is deliberately
// conservative: a deny for one group does not take back an allow for another (a user need not
// be in both), and an allow entry of a kind it does not read refuses.
//
// The message names the file, the principal that can write it ("BUILTIN\Users
// (S-1-5-32-545)"), what it may do, and the icacls command that fixes it.
#pragma once

#include "result.h"

#include <windows.h>

#include <filesystem>

namespace oh::win {

enum class ObjectKind : unsigned char { folder, file };

// Reads `path`'s owner and access list (following a link to what it names: what is read is
// what is checked) and checks them. An unreadable descriptor fails too.
Status check_admin_only(const std::filesystem::path& path);

// The check on a descriptor in hand (tests build them from SDDL strings); `path` and `kind`
// only shape the message.
Status check_admin_only(PSECURITY_DESCRIPTOR sd, const std::filesystem::path& path,
                        ObjectKind kind);

} // namespace oh::win
