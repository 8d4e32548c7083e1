#include "doctor_machine.h"

#include "admin_only.h"

namespace oh::doctor {

std::optional<ScriptsFolder> machine_scripts_folder(Report& report, const win::Settings& s) {
    if (s.machine_scripts_dir.value.empty()) {
        report.add("scripts.machine", Verdict::warn,
                   "no machine scripts folder: Windows did not say where ProgramData is");
        return std::nullopt;
    }
    // As the add-in's start-up line names it (addin_runtime.cpp).
    const std::string source = s.machine_scripts_dir.source == win::SettingSource::default_value
                                   ? "the default, %ProgramData%\\OfflineHooks\\scripts"
                                   : "policy HKLM MachineScriptsDir";
    return ScriptsFolder{"machine", s.machine_scripts_dir.value, source, true,
                         [](const std::filesystem::path& p) { return win::check_admin_only(p); }};
}

} // namespace oh::doctor
