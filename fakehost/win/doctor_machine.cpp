#include "doctor_machine.h"

#include "admin_only.h"
#include "ids.h"

#include <objbase.h>
#include <shlobj.h>

namespace oh::doctor {

namespace {

// HOOK (issue 14 item 3, branch h-machine): the add-in's Settings do not name the machine
// folder in this branch yet; until they do (the MachineScriptsDir policy, HKLM), doctor looks
// at its default, %ProgramData%\OfflineHooks\scripts.
std::optional<std::filesystem::path> default_machine_folder() {
    PWSTR raw = nullptr;
    const HRESULT hr = SHGetKnownFolderPath(FOLDERID_ProgramData, KF_FLAG_DEFAULT, nullptr, &raw);
    std::optional<std::filesystem::path> dir;
    if (SUCCEEDED(hr) && raw) dir = std::filesystem::path(raw) / win::kProductName / "scripts";
    CoTaskMemFree(raw); // owed even on failure
    return dir;
}

} // namespace

std::optional<ScriptsFolder> machine_scripts_folder(Report& report) {
    auto dir = default_machine_folder();
    if (!dir) {
        report.add("scripts.machine", Verdict::warn,
                   "machine scripts folder: %ProgramData% not found; not checked");
        return std::nullopt;
    }
    return ScriptsFolder{"machine", std::move(*dir),
                         "the default, %ProgramData%\\OfflineHooks\\scripts", true,
                         [](const std::filesystem::path& p) { return win::check_admin_only(p); }};
}

} // namespace oh::doctor
