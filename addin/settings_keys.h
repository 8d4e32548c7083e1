// The add-in's settings in the registry: their value names, types and the ranges it accepts.
// One table, read by the Windows settings reader (addin/win/settings.cpp) and by the test that
// holds the Group Policy template (installer/policy/OfflineHooks.admx) to it
// (tests/addin/policy_template_test.cpp): a value named here and not in the template, or the
// other way round, or a range that differs, fails that test.
//
// Each value is looked for under, in this order (the first usable one wins):
//   HKLM\Software\Policies\OfflineHooks   machine policy (Group Policy, Intune)
//   HKCU\Software\Policies\OfflineHooks   user policy
//   HKCU\Software\OfflineHooks            the user's own setting
// then the default; a machine-only setting (PolicyClass::machine) in HKLM's policy key only,
// since a user must not be able to name the folder every user's Outlook runs scripts from.
// No Windows types here: the table is plain data.
#pragma once

#include <cstddef>
#include <cstdint>

namespace oh {

inline constexpr const char* kPolicyKey = "Software\\Policies\\OfflineHooks";
inline constexpr const char* kPreferenceKey = "Software\\OfflineHooks";

enum class Setting : std::uint8_t {
    scripts_dir,
    user_scripts_allowed,
    handler_budget_ms,
    memory_cap_mib,
    run_allowed,
    set_state_allowed,
    journal,
    log_level,
    machine_scripts_dir,
};

// dword: REG_DWORD in [min, max] (a switch is 0 or 1). text: REG_SZ or REG_EXPAND_SZ.
enum class SettingType : std::uint8_t { dword, text };
// Where the ADMX offers the policy: class="Both" (Computer and User Configuration) or
// class="Machine" (Computer Configuration only; read from HKLM only).
enum class PolicyClass : std::uint8_t { both, machine };

struct SettingKey {
    Setting setting;
    const char* name; // the registry value name
    SettingType type;
    std::uint32_t min = 0;
    std::uint32_t max = 0;
    PolicyClass policy_class = PolicyClass::both;
};

// The handler budget and memory cap a policy may set: low enough to stop a runaway script,
// high enough for any real one; 1024 MiB keeps the cap inside a 32-bit size_t.
inline constexpr SettingKey kSettingKeys[] = {
    {Setting::scripts_dir, "ScriptsDir", SettingType::text},
    {Setting::user_scripts_allowed, "UserScriptsAllowed", SettingType::dword, 0, 1},
    {Setting::handler_budget_ms, "HandlerBudgetMs", SettingType::dword, 10, 60000},
    {Setting::memory_cap_mib, "MemoryCapMiB", SettingType::dword, 4, 1024},
    {Setting::run_allowed, "RunAllowed", SettingType::dword, 0, 1},
    {Setting::set_state_allowed, "SetStateAllowed", SettingType::dword, 0, 1},
    {Setting::journal, "Journal", SettingType::dword, 0, 1},
    {Setting::log_level, "LogLevel", SettingType::text},
    {Setting::machine_scripts_dir, "MachineScriptsDir", SettingType::text, 0, 0,
     PolicyClass::machine},
};
inline constexpr std::size_t kSettingCount = sizeof(kSettingKeys) / sizeof(kSettingKeys[0]);

constexpr const SettingKey& setting_key(Setting s) {
    return kSettingKeys[static_cast<std::size_t>(s)];
}

// The table is in the enum's order: setting_key() indexes it.
constexpr bool setting_table_in_order() {
    for (std::size_t i = 0; i < kSettingCount; ++i)
        if (static_cast<std::size_t>(kSettingKeys[i].setting) != i) return false;
    return true;
}
static_assert(setting_table_in_order(), "kSettingKeys must list the settings in enum order");

} // namespace oh
