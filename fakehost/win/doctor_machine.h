// The machine-wide scripts folder for `fakehost doctor`, with the permission check the add-in
// applies to it: only administrators may change the folder and its scripts
// (addin/win/admin_only.h).
#pragma once

#include "doctor.h"

#include <optional>

namespace oh::doctor {

// The folder, to be checked with its scripts and their permissions.
std::optional<ScriptsFolder> machine_scripts_folder(Report& report);

} // namespace oh::doctor
