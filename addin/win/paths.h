// Where the add-in keeps things on Windows:
//   %LOCALAPPDATA%\OfflineHooks\offlinehooks.log, journal.jsonl, store\   (this machine's)
//   scripts: %APPDATA%\OfflineHooks\scripts by default (roams with the user); the policy,
//            OFFLINEHOOKS_SCRIPTS and HKCU\Software\OfflineHooks "ScriptsDir" name another
//            (settings.h reads them, in that order)
//   machine scripts: %ProgramData%\OfflineHooks\scripts by default, for every user; the HKLM
//            MachineScriptsDir policy names another
#pragma once

#include <filesystem>
#include <string>

namespace oh::win {

// %LOCALAPPDATA%\OfflineHooks (not created here).
std::filesystem::path local_data_dir();

// %APPDATA%\OfflineHooks\scripts (not created here).
std::filesystem::path default_scripts_dir();

// %ProgramData%\OfflineHooks\scripts (not created here); empty when Windows cannot say where
// ProgramData is (no environment variable fallback: a user can set those).
std::filesystem::path default_machine_scripts_dir();

// A scripts folder as a user or an admin wrote it (see paths.cpp), as the engine needs it.
std::filesystem::path scripts_folder_from_text(std::wstring text);

} // namespace oh::win
