// The machine-wide scripts folder (%ProgramData%\OfflineHooks\scripts, or the
// MachineScriptsDir policy) for `fakehost doctor`, with the permission check the add-in
// applies to it (only administrators may write the folder and its scripts).
#pragma once

#include "doctor.h"

#include <optional>

namespace oh::doctor {

// The folder and its check; nothing when this build has no machine folder (a line says so).
std::optional<ScriptsFolder> machine_scripts_folder(Report& report);

} // namespace oh::doctor
