// The machine-wide scripts folder for `fakehost doctor`, as the add-in's settings name it
// (the MachineScriptsDir policy, HKLM, else %ProgramData%\OfflineHooks\scripts), with the
// permission check the add-in applies to it: only administrators may change the folder and
// its scripts (addin/win/admin_only.h).
#pragma once

#include "doctor.h"
#include "settings.h"

#include <optional>

namespace oh::doctor {

// The folder, to be checked with its scripts and their permissions; nothing (and a line
// saying why) when there is none.
std::optional<ScriptsFolder> machine_scripts_folder(Report& report, const win::Settings& s);

} // namespace oh::doctor
