// The add-in's settings, read once at start-up: Group Policy first, then the user's own
// setting, then the default (the value names, types and ranges: addin/settings_keys.h).
//
//   HKLM\Software\Policies\OfflineHooks   machine policy: wins over everything (and the only
//                                         place MachineScriptsDir is read from)
//   HKCU\Software\Policies\OfflineHooks   user policy
//   %OFFLINEHOOKS_SCRIPTS%                ScriptsDir only
//   HKCU\Software\OfflineHooks            the user's own setting
//   the default
//
// A value of the wrong type or out of range is skipped with a warning that names the key, the
// value and what was expected; the next place is looked at. Each setting remembers where its
// value came from, for the start-up log line (summary()).
#pragma once

#include "addin_core.h"
#include "settings_keys.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace oh::win {

enum class SettingSource : std::uint8_t {
    default_value,
    preference,  // HKCU\Software\OfflineHooks
    environment, // OFFLINEHOOKS_SCRIPTS
    policy_user, // HKCU\Software\Policies\OfflineHooks
    policy_machine,
};
// "default", "HKCU\Software\OfflineHooks", "the OFFLINEHOOKS_SCRIPTS environment variable",
// "policy HKCU", "policy HKLM".
const char* to_string(SettingSource s);
inline bool is_policy(SettingSource s) {
    return s == SettingSource::policy_user || s == SettingSource::policy_machine;
}

template <class T>
struct SettingValue {
    T value{};
    SettingSource source = SettingSource::default_value;
};

struct Settings {
    SettingValue<std::filesystem::path> scripts_dir; // default: %APPDATA%\OfflineHooks\scripts
    SettingValue<bool> user_scripts_allowed{true};
    SettingValue<std::uint32_t> handler_budget_ms{250};
    SettingValue<std::uint32_t> memory_cap_mib{64};
    SettingValue<bool> run_allowed{true};
    SettingValue<bool> set_state_allowed{true};
    SettingValue<bool> journal{true};
    SettingValue<LogLevel> log_level{LogLevel::debug};
    // default: %ProgramData%\OfflineHooks\scripts
    SettingValue<std::filesystem::path> machine_scripts_dir;
    // One line per value skipped (wrong type, out of range), for the log.
    std::vector<std::string> warnings;

    // Where the scripts folder came from, as the start-up line has always said it.
    std::string scripts_dir_source() const;
    // "settings: user scripts allowed (default), handler budget 250 ms (default), ...".
    std::string summary() const;
    // The scripts folders (the user's only when allowed), the engine's budget, memory cap,
    // switches, log level, and the journal in `data_dir`.
    void apply(AddinConfig& config, const std::filesystem::path& data_dir) const;
};

// Reads the registry and the environment now.
Settings read_settings();

} // namespace oh::win
