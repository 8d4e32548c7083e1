// The machine scripts' permission check (addin/win/admin_only.h) under Wine, on security
// descriptors built from SDDL strings as an administrator or a careless installer would leave
// them: only SYSTEM, Administrators and TrustedInstaller may own or change a machine script.
#ifdef _WIN32
#include "catch.hpp"

#include "admin_only.h"
#include "support.h"
#include "text_file.h"
#include "utf16.h"

#include <windows.h>

#include <aclapi.h>
#include <sddl.h>

#include <memory>
#include <string>

using namespace oh;
using namespace oh::win;
using namespace oh::test;

namespace {

const std::filesystem::path kFolder = path_from_utf8("C:\\ProgramData\\OfflineHooks\\scripts");
const std::filesystem::path kScript =
    path_from_utf8("C:\\ProgramData\\OfflineHooks\\scripts\\vpn.lua");

constexpr const char* kTrustedInstaller =
    "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464";

struct LocalFreer {
    void operator()(void* p) const noexcept { LocalFree(p); }
};

Status check_sddl(const std::string& sddl, ObjectKind kind = ObjectKind::folder) {
    PSECURITY_DESCRIPTOR sd = nullptr;
    REQUIRE(ConvertStringSecurityDescriptorToSecurityDescriptorW(to_utf16(sddl).c_str(),
                                                                 SDDL_REVISION_1, &sd, nullptr));
    const std::unique_ptr<void, LocalFreer> owned(sd);
    return check_admin_only(sd, kind == ObjectKind::folder ? kFolder : kScript, kind);
}

// The folder as the README tells an administrator to leave it.
constexpr const char* kAdminOnlyFolder =
    "O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)";

// The rights that change something, as a deny entry takes them back.
constexpr const char* kDenyChange = "0xd0046";

} // namespace

TEST_CASE("A folder only SYSTEM and Administrators can change passes the check", "[admin_only]") {
    CHECK(check_sddl(kAdminOnlyFolder).ok());
    CHECK(check_sddl("O:SYD:(A;;FA;;;SY)(A;;FA;;;BA)(A;;FRFX;;;WD)", ObjectKind::file).ok());
    CHECK(check_sddl(std::string("O:") + kTrustedInstaller + "D:(A;;FA;;;" + kTrustedInstaller +
                     ")(A;;FA;;;BA)(A;;FR;;;AU)")
              .ok());
}

TEST_CASE("Users who can write a machine script are named with the file and the fix",
          "[admin_only]") {
    const Status s =
        check_sddl("O:BAD:(A;;FA;;;SY)(A;;FA;;;BA)(A;;0x1301bf;;;BU)", ObjectKind::file);
    REQUIRE_FALSE(s.ok());
    CHECK_THAT(s.error(),
               Catch::Contains("machine script C:/ProgramData/OfflineHooks/scripts/vpn.lua"));
    CHECK_THAT(s.error(), Catch::Contains("Users (S-1-5-32-545) can write, append, delete"));
    CHECK_THAT(s.error(), Catch::Contains("only SYSTEM, Administrators and TrustedInstaller"));
    CHECK_THAT(s.error(), Catch::Contains(
                              "icacls \"C:\\ProgramData\\OfflineHooks\\scripts\\vpn.lua\" /reset"));
}

TEST_CASE("Everyone with full control of the folder is refused, with the icacls command that "
          "makes it admin-only",
          "[admin_only]") {
    const Status s = check_sddl("O:BAD:(A;OICI;FA;;;BA)(A;OICI;FA;;;WD)");
    REQUIRE_FALSE(s.ok());
    CHECK_THAT(s.error(), Catch::Contains("machine scripts folder C:/ProgramData"));
    CHECK_THAT(s.error(), Catch::Contains("(S-1-1-0) can add files, add subfolders, delete, "
                                          "delete files in it, change permissions, take "
                                          "ownership"));
    CHECK_THAT(s.error(), Catch::Contains("icacls \"C:\\ProgramData\\OfflineHooks\\scripts\" "
                                          "/remove:g *S-1-1-0 && icacls"));
    CHECK_THAT(s.error(), Catch::Contains("/inheritance:r /grant:r *S-1-5-18:(OI)(CI)F"));
}

TEST_CASE("Authenticated Users with modify rights, or any write right alone, are refused",
          "[admin_only]") {
    CHECK_THAT(check_sddl("O:BAD:(A;;FA;;;BA)(A;;0x1301bf;;;AU)").error(),
               Catch::Contains("(S-1-5-11) can add files"));
    CHECK_THAT(check_sddl("O:BAD:(A;;FA;;;BA)(A;;GW;;;BU)").error(),
               Catch::Contains("(S-1-5-32-545) can add files"));
    CHECK_THAT(check_sddl("O:BAD:(A;;GA;;;BU)").error(), Catch::Contains("(S-1-5-32-545) can"));
    CHECK_THAT(check_sddl("O:BAD:(A;;WD;;;BU)").error(),
               Catch::Contains("(S-1-5-32-545) can change permissions it"));
    CHECK_THAT(check_sddl("O:BAD:(A;;SD;;;BU)", ObjectKind::file).error(),
               Catch::Contains("(S-1-5-32-545) can delete it"));
    CHECK_THAT(check_sddl("O:BAD:(A;;0x4;;;S-1-5-21-1-2-3-1001)").error(),
               Catch::Contains("S-1-5-21-1-2-3-1001"));
}

TEST_CASE("A folder made under ProgramData keeps Users' inherited right to add files and is "
          "refused",
          "[admin_only]") {
    // What %ProgramData% passes on to a new folder: Users may create files and folders in it.
    const Status s = check_sddl("O:BAD:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)"
                                "(A;OICIIOID;GA;;;CO)(A;OICIID;0x1200a9;;;BU)(A;CIID;0x116;;;BU)");
    REQUIRE_FALSE(s.ok());
    CHECK_THAT(s.error(), Catch::Contains("(S-1-5-32-545) can add files, add subfolders it"));
}

TEST_CASE("A NULL or missing access list lets everyone change the folder and is refused",
          "[admin_only]") {
    SECURITY_DESCRIPTOR sd;
    REQUIRE(InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION));
    BYTE admins[SECURITY_MAX_SID_SIZE];
    DWORD size = sizeof admins;
    REQUIRE(CreateWellKnownSid(WinBuiltinAdministratorsSid, nullptr, admins, &size));
    REQUIRE(SetSecurityDescriptorOwner(&sd, admins, FALSE));
    REQUIRE(SetSecurityDescriptorDacl(&sd, TRUE, nullptr, FALSE)); // present, but NULL
    const Status s = check_admin_only(&sd, kFolder, ObjectKind::folder);
    REQUIRE_FALSE(s.ok());
    CHECK_THAT(s.error(),
               Catch::Contains("no access list (a NULL DACL), so everyone can change it"));
    CHECK_THAT(check_sddl("O:BA").error(), Catch::Contains("a NULL DACL"));
}

TEST_CASE("A deny entry before the allow takes the write rights back; after it, it does not",
          "[admin_only]") {
    const std::string deny = std::string("(D;;") + kDenyChange + ";;;BU)";
    CHECK(check_sddl("O:BAD:" + deny + "(A;;FA;;;BU)(A;;FA;;;BA)").ok());
    // Everyone's deny covers every principal.
    CHECK(check_sddl(std::string("O:BAD:(D;;") + kDenyChange + ";;;WD)(A;;FA;;;BU)").ok());
    // Windows reads the list in order: a deny after the allow comes too late.
    CHECK_THAT(check_sddl("O:BAD:(A;;FA;;;BU)" + deny).error(),
               Catch::Contains("(S-1-5-32-545) can"));
    // A deny that leaves one right, or is for another group, still refuses.
    CHECK_THAT(check_sddl("O:BAD:(D;;0x6;;;BU)(A;;FA;;;BU)").error(),
               Catch::Contains("can delete, delete files in it, change permissions"));
    CHECK_THAT(check_sddl("O:BAD:" + deny + "(A;;FA;;;AU)").error(),
               Catch::Contains("(S-1-5-11) can"));
}

TEST_CASE("Inherit-only entries grant nothing on the folder itself; CREATOR OWNER only in them",
          "[admin_only]") {
    CHECK(check_sddl("O:BAD:(A;OICI;FA;;;BA)(A;OICIIO;GA;;;CO)").ok());
    CHECK(check_sddl("O:BAD:(A;OICI;FA;;;BA)(A;OICIIO;FA;;;BU)").ok());
    CHECK_THAT(check_sddl("O:BAD:(A;OICI;FA;;;BA)(A;OICI;FA;;;CO)").error(),
               Catch::Contains("(S-1-3-0) can"));
    // An inherit-only deny does not shield the folder either.
    CHECK_FALSE(
        check_sddl(std::string("O:BAD:(D;OICIIO;") + kDenyChange + ";;;BU)(A;;FA;;;BU)").ok());
}

TEST_CASE("An owner that is not an administrator is refused, whatever the access list says",
          "[admin_only]") {
    Status s = check_sddl("O:BUD:(A;;FA;;;BA)(A;;FA;;;SY)");
    REQUIRE_FALSE(s.ok());
    CHECK_THAT(s.error(), Catch::Contains("it is owned by "));
    CHECK_THAT(s.error(), Catch::Contains("(S-1-5-32-545), who can change its permissions"));
    CHECK_THAT(s.error(), Catch::Contains("/setowner *S-1-5-32-544"));
    s = check_sddl("O:S-1-5-21-1-2-3-1001D:(A;;FA;;;BA)", ObjectKind::file);
    CHECK_THAT(s.error(), Catch::Contains("machine script C:/"));
    CHECK_THAT(s.error(), Catch::Contains("owned by S-1-5-21-1-2-3-1001"));
    CHECK(check_sddl("O:SYD:(A;;FA;;;BA)").ok());
}

// Sets `path`'s owner and access list from SDDL; false when the file system cannot keep them.
bool set_sddl(const std::filesystem::path& path, const std::string& sddl) {
    PSECURITY_DESCRIPTOR sd = nullptr;
    REQUIRE(ConvertStringSecurityDescriptorToSecurityDescriptorW(to_utf16(sddl).c_str(),
                                                                 SDDL_REVISION_1, &sd, nullptr));
    const std::unique_ptr<void, LocalFreer> owned(sd);
    PSID owner = nullptr;
    PACL dacl = nullptr;
    BOOL present = FALSE, defaulted = FALSE;
    REQUIRE(GetSecurityDescriptorOwner(sd, &owner, &defaulted));
    REQUIRE(GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted));
    std::wstring name = path.native();
    return SetNamedSecurityInfoW(name.data(), SE_FILE_OBJECT,
                                 OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION |
                                     PROTECTED_DACL_SECURITY_INFORMATION,
                                 owner, nullptr, dacl, nullptr) == ERROR_SUCCESS;
}

TEST_CASE("The check reads a real folder's and file's owner and access list", "[admin_only]") {
    TempDir dir;
    const auto folder = dir.path() / path_from_utf8("machine Jürgen");
    std::filesystem::create_directories(folder);
    const auto file = dir.write("machine Jürgen/vpn.lua", "-- a machine script\n");
    if (!set_sddl(folder, kAdminOnlyFolder) ||
        !set_sddl(file, "O:BAD:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;FRFX;;;BU)")) {
        WARN("this file system keeps no owner or access list: the real-file check is not tested");
        return;
    }
    CHECK(check_admin_only(folder).ok());
    CHECK(check_admin_only(file).ok());
    REQUIRE(set_sddl(file, "O:BAD:P(A;;FA;;;BA)(A;;0x1301bf;;;BU)"));
    const Status s = check_admin_only(file);
    REQUIRE_FALSE(s.ok());
    CHECK_THAT(s.error(), Catch::Contains("machine script " + path_to_utf8(file) + " refused: "));
    CHECK_THAT(s.error(), Catch::Contains("(S-1-5-32-545) can write, append, delete it"));
    REQUIRE(set_sddl(folder, "O:BAD:P(A;OICI;FA;;;BA)(A;OICI;FA;;;WD)"));
    CHECK_THAT(check_admin_only(folder).error(),
               Catch::Contains("machine scripts folder " + path_to_utf8(folder) + " refused: "));
    set_sddl(folder, "O:BAD:P(A;OICI;FA;;;BA)(A;OICI;FA;;;WD)"); // removable by the test
}

TEST_CASE("A path that is not there fails the check, naming it", "[admin_only]") {
    const Status s = check_admin_only(path_from_utf8("C:\\no such folder\\Jürgen.lua"));
    REQUIRE_FALSE(s.ok());
    CHECK_THAT(s.error(), Catch::Contains("cannot open C:/no such folder/Jürgen.lua"));
}
#endif
