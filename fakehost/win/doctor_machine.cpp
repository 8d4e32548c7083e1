// HOOK for issue 14 item 3 (branch h-machine): the machine scripts folder and its permission
// check (addin/win/admin_only.h, check_admin_only) are not in this branch yet. When they are,
// this returns {"machine", <the folder>, <its source>, true, &win::check_admin_only}.
#include "doctor_machine.h"

namespace oh::doctor {

std::optional<ScriptsFolder> machine_scripts_folder(Report& report) {
    report.add("scripts.machine", Verdict::skip,
               "machine scripts folder and its permissions: not in this build");
    return std::nullopt;
}

} // namespace oh::doctor
