#include "admin_only.h"

#include "handles.h"
#include "long_path.h"
#include "text_file.h"
#include "utf16.h"

#include <aclapi.h>
#include <sddl.h>

#include <string>
#include <utility>
#include <vector>

namespace oh::win {

namespace {

constexpr const wchar_t* kSystem = L"S-1-5-18";
constexpr const wchar_t* kAdministrators = L"S-1-5-32-544";
constexpr const wchar_t* kTrustedInstaller =
    L"S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464";
constexpr const wchar_t* kCreatorOwner = L"S-1-3-0";
constexpr const wchar_t* kEveryone = L"S-1-1-0";

// The rights that let a principal change what runs: the file's bytes, the folder's entries,
// the permissions, the owner. Generic rights are mapped to these first.
constexpr ACCESS_MASK kChangeRights =
    FILE_WRITE_DATA | FILE_APPEND_DATA | DELETE | FILE_DELETE_CHILD | WRITE_DAC | WRITE_OWNER;

struct LocalFreer {
    void operator()(void* p) const noexcept { LocalFree(p); }
};

std::wstring sid_text(PSID sid) {
    LPWSTR text = nullptr;
    if (!ConvertSidToStringSidW(sid, &text)) return L"?";
    const std::unique_ptr<wchar_t, LocalFreer> owned(text);
    return text;
}

bool is_admin_sid(const std::wstring& sid) {
    return sid == kSystem || sid == kAdministrators || sid == kTrustedInstaller;
}

// "BUILTIN\Users (S-1-5-32-545)", or the SID alone when it has no name here.
std::string principal(PSID sid) {
    wchar_t name[256];
    wchar_t domain[256];
    DWORD name_len = 256;
    DWORD domain_len = 256;
    SID_NAME_USE use;
    const std::string text = to_utf8(sid_text(sid));
    if (!LookupAccountSidW(nullptr, sid, name, &name_len, domain, &domain_len, &use)) return text;
    const std::wstring full = domain_len ? std::wstring(domain) + L"\\" + name : name;
    return to_utf8(full) + " (" + text + ")";
}

std::string rights_text(ACCESS_MASK m, ObjectKind kind) {
    const bool folder = kind == ObjectKind::folder;
    const std::pair<ACCESS_MASK, const char*> names[] = {
        {FILE_WRITE_DATA, folder ? "add files" : "write"},
        {FILE_APPEND_DATA, folder ? "add subfolders" : "append"},
        {DELETE, "delete"},
        {FILE_DELETE_CHILD, "delete files in it"},
        {WRITE_DAC, "change permissions"},
        {WRITE_OWNER, "take ownership"},
    };
    std::string out;
    for (const auto& [bit, name] : names)
        if (m & bit) out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
}

// The command line wants the native form ("C:\ProgramData\..."): a "/" could read as an
// option. UTF-16 to UTF-8, so no name breaks.
std::string quoted(const std::filesystem::path& p) {
    return "\"" + to_utf8(p.native()) + "\"";
}

// What an administrator runs to make the object admin-only again.
std::string fix_acl(const std::filesystem::path& p, ObjectKind kind, const std::wstring& sid) {
    if (kind == ObjectKind::file)
        return "icacls " + quoted(p) + " /reset (it then takes the folder's permissions)";
    std::string remove =
        sid.empty() ? "" : "icacls " + quoted(p) + " /remove:g *" + to_utf8(sid) + " && ";
    return remove + "icacls " + quoted(p) +
           " /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F "
           "*S-1-5-32-545:(OI)(CI)RX";
}

std::string refused(const std::filesystem::path& p, ObjectKind kind) {
    return std::string(kind == ObjectKind::folder ? "machine scripts folder " : "machine script ") +
           path_to_utf8(p) + " refused: ";
}

constexpr const char* kOnlyAdmins =
    "; only SYSTEM, Administrators and TrustedInstaller may change machine scripts. As an "
    "administrator, run: ";

Status check_owner(PSECURITY_DESCRIPTOR sd, const std::filesystem::path& p, ObjectKind kind) {
    PSID owner = nullptr;
    BOOL defaulted = FALSE;
    if (!GetSecurityDescriptorOwner(sd, &owner, &defaulted) || !owner)
        return fail(refused(p, kind) + "it has no owner, so its permissions cannot be trusted" +
                    kOnlyAdmins + "icacls " + quoted(p) + " /setowner *S-1-5-32-544");
    if (is_admin_sid(sid_text(owner))) return {};
    return fail(refused(p, kind) + "it is owned by " + principal(owner) +
                ", who can change its permissions whatever they say" + kOnlyAdmins + "icacls " +
                quoted(p) + " /setowner *S-1-5-32-544");
}

// The rights earlier deny entries took back, per principal (Everyone's apply to all).
class Denied {
  public:
    void add(const std::wstring& sid, ACCESS_MASK m) { entries_.emplace_back(sid, m); }
    ACCESS_MASK of(const std::wstring& sid) const {
        ACCESS_MASK m = 0;
        for (const auto& [s, bits] : entries_)
            if (s == sid || s == kEveryone) m |= bits;
        return m;
    }

  private:
    std::vector<std::pair<std::wstring, ACCESS_MASK>> entries_;
};

ACCESS_MASK mapped(ACCESS_MASK m) {
    GENERIC_MAPPING file_mapping = {FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE,
                                    FILE_ALL_ACCESS};
    MapGenericMask(&m, &file_mapping);
    return m;
}

// One entry of the list: nothing, a deny remembered, or the reason for refusing.
Status check_ace(const ACE_HEADER* header, Denied& denied, const std::filesystem::path& p,
                 ObjectKind kind) {
    const bool inherit_only = header->AceFlags & INHERIT_ONLY_ACE;
    switch (header->AceType) {
    case ACCESS_DENIED_ACE_TYPE: {
        const auto* ace = reinterpret_cast<const ACCESS_DENIED_ACE*>(header);
        if (!inherit_only)
            denied.add(sid_text(const_cast<DWORD*>(&ace->SidStart)), mapped(ace->Mask));
        return {};
    }
    case ACCESS_ALLOWED_ACE_TYPE:
    case ACCESS_ALLOWED_CALLBACK_ACE_TYPE: {
        const auto* ace = reinterpret_cast<const ACCESS_ALLOWED_ACE*>(header);
        PSID sid = const_cast<DWORD*>(&ace->SidStart);
        const std::wstring text = sid_text(sid);
        if (is_admin_sid(text) || (inherit_only && text == kCreatorOwner)) return {};
        if (inherit_only) return {}; // passes on to children only: each script is checked
        const ACCESS_MASK can = mapped(ace->Mask) & kChangeRights & ~denied.of(text);
        if (!can) return {};
        return fail(refused(p, kind) + principal(sid) + " can " + rights_text(can, kind) + " it" +
                    kOnlyAdmins + fix_acl(p, kind, text));
    }
    case ACCESS_ALLOWED_OBJECT_ACE_TYPE:
    case ACCESS_ALLOWED_CALLBACK_OBJECT_ACE_TYPE:
        return fail(refused(p, kind) + "its permissions hold an allow entry of a kind (" +
                    std::to_string(header->AceType) + ") this check does not read" + kOnlyAdmins +
                    fix_acl(p, kind, L""));
    default:
        return {}; // deny variants and audit entries never grant anything
    }
}

Status check_dacl(PSECURITY_DESCRIPTOR sd, const std::filesystem::path& p, ObjectKind kind) {
    BOOL present = FALSE;
    BOOL defaulted = FALSE;
    PACL dacl = nullptr;
    if (!GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted))
        return fail(refused(p, kind) + "its permissions cannot be read (error " +
                    std::to_string(GetLastError()) + ")");
    if (!present || !dacl)
        return fail(refused(p, kind) +
                    "it has no access list (a NULL DACL), so everyone can change it" + kOnlyAdmins +
                    fix_acl(p, kind, L""));
    Denied denied;
    for (DWORD i = 0; i < dacl->AceCount; ++i) {
        void* ace = nullptr;
        if (!GetAce(dacl, i, &ace)) return fail(refused(p, kind) + "its access list is damaged");
        if (Status s = check_ace(static_cast<const ACE_HEADER*>(ace), denied, p, kind); !s.ok())
            return s;
    }
    return {};
}

} // namespace

Status check_admin_only(PSECURITY_DESCRIPTOR sd, const std::filesystem::path& path,
                        ObjectKind kind) {
    if (!sd || !IsValidSecurityDescriptor(sd))
        return fail(refused(path, kind) + "its security descriptor is not valid");
    if (Status s = check_owner(sd, path, kind); !s.ok()) return s;
    return check_dacl(sd, path, kind);
}

Status check_admin_only(const std::filesystem::path& path) {
    // READ_CONTROL only: no sharing conflict with an editor holding the script open.
    UniqueHandle h(CreateFileW(os_path(path).c_str(), READ_CONTROL,
                               FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                               OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr));
    if (!valid(h))
        return fail("machine scripts: cannot open " + path_to_utf8(path) +
                    " to read its permissions (error " + std::to_string(GetLastError()) + ")");
    BY_HANDLE_FILE_INFORMATION info{};
    const ObjectKind kind = GetFileInformationByHandle(h.get(), &info) &&
                                    (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
                                ? ObjectKind::folder
                                : ObjectKind::file;
    PSECURITY_DESCRIPTOR sd = nullptr;
    const DWORD err = GetSecurityInfo(h.get(), SE_FILE_OBJECT,
                                      OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
                                      nullptr, nullptr, nullptr, nullptr, &sd);
    if (err != ERROR_SUCCESS)
        return fail(refused(path, kind) + "its permissions cannot be read (error " +
                    std::to_string(err) + ")");
    const std::unique_ptr<void, LocalFreer> owned(sd);
    return check_admin_only(sd, path, kind);
}

} // namespace oh::win
