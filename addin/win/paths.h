// Where the add-in keeps things on Windows:
//   %LOCALAPPDATA%\OfflineHooks\offlinehooks.log, journal.jsonl, store\   (this machine's)
//   scripts: %OFFLINEHOOKS_SCRIPTS%, else HKCU\Software\OfflineHooks "ScriptsDir", else
//            %APPDATA%\OfflineHooks\scripts                               (roams with the user)
#pragma once

#include <filesystem>
#include <string>

namespace oh::win {

// %LOCALAPPDATA%\OfflineHooks (not created here).
std::filesystem::path local_data_dir();

struct ScriptsDir {
    std::filesystem::path path;
    std::string source; // where the setting came from, for the log
};
ScriptsDir find_scripts_dir();

} // namespace oh::win
