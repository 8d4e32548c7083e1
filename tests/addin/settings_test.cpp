// The add-in's settings under Wine (addin/win/settings.h): every value of
// addin/settings_keys.h read from HKCU\Software\Policies\OfflineHooks, HKLM's policy key (when
// the prefix lets the test write it), HKCU\Software\OfflineHooks and the defaults, with where
// each came from; wrong types and values out of range skipped with a warning. The tests write
// the registry of the test's Wine prefix and remove what they wrote.
#ifdef _WIN32
#include "catch.hpp"

#include "settings.h"
#include "settings_keys.h"
#include "text_file.h"
#include "utf16.h"

#include <windows.h>

#include <cstring>
#include <optional>

using namespace oh;
using namespace oh::win;

namespace {

const std::wstring kPolicy = to_utf16(kPolicyKey);
const std::wstring kPreference = to_utf16(kPreferenceKey);

void set_dword(HKEY root, const std::wstring& key, const char* name, DWORD value) {
    HKEY k = nullptr;
    REQUIRE(RegCreateKeyExW(root, key.c_str(), 0, nullptr, 0, KEY_SET_VALUE, nullptr, &k,
                            nullptr) == ERROR_SUCCESS);
    CHECK(RegSetValueExW(k, to_utf16(name).c_str(), 0, REG_DWORD,
                         reinterpret_cast<const BYTE*>(&value), sizeof value) == ERROR_SUCCESS);
    RegCloseKey(k);
}

void set_text(HKEY root, const std::wstring& key, const char* name, const std::string& value,
              DWORD type = REG_SZ) {
    HKEY k = nullptr;
    REQUIRE(RegCreateKeyExW(root, key.c_str(), 0, nullptr, 0, KEY_SET_VALUE, nullptr, &k,
                            nullptr) == ERROR_SUCCESS);
    const std::wstring w = to_utf16(value);
    CHECK(RegSetValueExW(k, to_utf16(name).c_str(), 0, type,
                         reinterpret_cast<const BYTE*>(w.c_str()),
                         static_cast<DWORD>((w.size() + 1) * sizeof(wchar_t))) == ERROR_SUCCESS);
    RegCloseKey(k);
}

void delete_values(HKEY root, const std::wstring& key) {
    HKEY k = nullptr;
    if (RegOpenKeyExW(root, key.c_str(), 0, KEY_SET_VALUE, &k) != ERROR_SUCCESS) return;
    for (const SettingKey& s : kSettingKeys) RegDeleteValueW(k, to_utf16(s.name).c_str());
    RegCloseKey(k);
}

// Every value the settings read, gone before and after each test; OFFLINEHOOKS_SCRIPTS unset
// for the test and put back.
class CleanSettings {
  public:
    CleanSettings() {
        wipe();
        wchar_t buf[32768];
        const DWORD n = GetEnvironmentVariableW(L"OFFLINEHOOKS_SCRIPTS", buf, 32768);
        if (n > 0 && n < 32768) env_ = std::wstring(buf, n);
        SetEnvironmentVariableW(L"OFFLINEHOOKS_SCRIPTS", nullptr);
    }
    ~CleanSettings() {
        wipe();
        SetEnvironmentVariableW(L"OFFLINEHOOKS_SCRIPTS", env_ ? env_->c_str() : nullptr);
    }
    CleanSettings(const CleanSettings&) = delete;
    CleanSettings& operator=(const CleanSettings&) = delete;

    // Whether this prefix lets the test write HKLM's policy key (Wine usually does).
    static bool machine_policy_writable() {
        HKEY k = nullptr;
        if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, kPolicy.c_str(), 0, nullptr, 0, KEY_SET_VALUE,
                            nullptr, &k, nullptr) != ERROR_SUCCESS)
            return false;
        RegCloseKey(k);
        return true;
    }

  private:
    static void wipe() {
        RegDeleteTreeW(HKEY_CURRENT_USER, kPolicy.c_str());
        RegDeleteKeyW(HKEY_CURRENT_USER, kPolicy.c_str());
        RegDeleteTreeW(HKEY_LOCAL_MACHINE, kPolicy.c_str());
        RegDeleteKeyW(HKEY_LOCAL_MACHINE, kPolicy.c_str());
        delete_values(HKEY_CURRENT_USER, kPreference);
    }
    std::optional<std::wstring> env_;
};

// A DWORD setting's value as a number (a switch as 0/1) and its source.
struct Dword {
    std::uint32_t value;
    SettingSource source;
};
Dword dword_setting(const Settings& s, Setting which) {
    auto of_bool = [](const SettingValue<bool>& v) { return Dword{v.value ? 1u : 0u, v.source}; };
    switch (which) {
    case Setting::user_scripts_allowed:
        return of_bool(s.user_scripts_allowed);
    case Setting::handler_budget_ms:
        return {s.handler_budget_ms.value, s.handler_budget_ms.source};
    case Setting::memory_cap_mib:
        return {s.memory_cap_mib.value, s.memory_cap_mib.source};
    case Setting::run_allowed:
        return of_bool(s.run_allowed);
    case Setting::set_state_allowed:
        return of_bool(s.set_state_allowed);
    case Setting::journal:
        return of_bool(s.journal);
    default:
        FAIL("not a DWORD setting");
        return {};
    }
}

// A Windows path as path_to_utf8 gives it (UTF-8, "/"), to compare with one the code built.
std::string utf8_path(const wchar_t* p) {
    return path_to_utf8(std::filesystem::path(p));
}

bool warned(const Settings& s, const std::string& needle) {
    for (const auto& w : s.warnings)
        if (w.find(needle) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("With no policy and no setting, every setting has its default", "[policy]") {
    CleanSettings clean;
    const Settings s = read_settings();
    CHECK(s.warnings.empty());
    CHECK(s.user_scripts_allowed.value);
    CHECK(s.handler_budget_ms.value == 250);
    CHECK(s.memory_cap_mib.value == 64);
    CHECK(s.run_allowed.value);
    CHECK(s.set_state_allowed.value);
    CHECK(s.journal.value);
    CHECK(s.log_level.value == LogLevel::debug);
    CHECK(s.scripts_dir.source == SettingSource::default_value);
    CHECK(path_to_utf8(s.scripts_dir.value).find("OfflineHooks") != std::string::npos);
    for (const SettingKey& k : kSettingKeys)
        if (k.type == SettingType::dword)
            CHECK(dword_setting(s, k.setting).source == SettingSource::default_value);
    CHECK(s.summary() == "settings: user scripts allowed (default), handler budget 250 ms "
                         "(default), memory cap 64 MiB (default), hooks.run allowed (default), "
                         "set_state allowed (default), journal on (default), log level debug "
                         "(default)");
}

TEST_CASE("Every DWORD policy takes any value in its range and wins over the user's setting",
          "[policy]") {
    CleanSettings clean;
    for (const SettingKey& k : kSettingKeys) {
        if (k.type != SettingType::dword) continue;
        INFO(k.name);
        for (std::uint32_t v : {k.min, k.max}) {
            // The user's own setting says the other end of the range: the policy must win.
            set_dword(HKEY_CURRENT_USER, kPreference, k.name, v == k.min ? k.max : k.min);
            set_dword(HKEY_CURRENT_USER, kPolicy, k.name, v);
            const Settings s = read_settings();
            CHECK(s.warnings.empty());
            CHECK(dword_setting(s, k.setting).value == v);
            CHECK(dword_setting(s, k.setting).source == SettingSource::policy_user);
        }
        // Without the policy, the user's setting (the last one written: min) is used.
        RegDeleteKeyValueW(HKEY_CURRENT_USER, kPolicy.c_str(), to_utf16(k.name).c_str());
        const Settings s = read_settings();
        CHECK(dword_setting(s, k.setting).value == k.min);
        CHECK(dword_setting(s, k.setting).source == SettingSource::preference);
    }
}

TEST_CASE("A DWORD policy out of range or of the wrong type is skipped with a warning naming "
          "it, and the user's setting is used",
          "[policy]") {
    CleanSettings clean;
    for (const SettingKey& k : kSettingKeys) {
        if (k.type != SettingType::dword) continue;
        INFO(k.name);
        set_dword(HKEY_CURRENT_USER, kPreference, k.name, k.min);
        const std::string key = std::string("HKCU\\Software\\Policies\\OfflineHooks ") + k.name;
        const std::string range = k.max == 1 ? "a REG_DWORD, 0 or 1"
                                             : "a REG_DWORD from " + std::to_string(k.min) +
                                                   " to " + std::to_string(k.max);
        set_dword(HKEY_CURRENT_USER, kPolicy, k.name, k.max + 1);
        Settings s = read_settings();
        CHECK(dword_setting(s, k.setting).value == k.min);
        CHECK(dword_setting(s, k.setting).source == SettingSource::preference);
        CHECK(warned(s, key + " = " + std::to_string(k.max + 1) + ": expected " + range));
        if (k.min > 0) {
            set_dword(HKEY_CURRENT_USER, kPolicy, k.name, k.min - 1);
            s = read_settings();
            CHECK(dword_setting(s, k.setting).source == SettingSource::preference);
            CHECK(warned(s, key + " = " + std::to_string(k.min - 1) + ": expected " + range));
        }
        set_text(HKEY_CURRENT_USER, kPolicy, k.name, "1");
        s = read_settings();
        CHECK(dword_setting(s, k.setting).source == SettingSource::preference);
        CHECK(warned(s, key + " = \"1\" (REG_SZ): expected " + range));
        // The user's own value out of range too: the default.
        set_dword(HKEY_CURRENT_USER, kPreference, k.name, k.max + 1);
        s = read_settings();
        CHECK(dword_setting(s, k.setting).source == SettingSource::default_value);
        CHECK(warned(s, std::string("HKCU\\Software\\OfflineHooks ") + k.name));
    }
}

TEST_CASE("LogLevel takes debug, info, warn or error in any case and skips anything else",
          "[policy]") {
    CleanSettings clean;
    set_text(HKEY_CURRENT_USER, kPreference, "LogLevel", "info");
    Settings s = read_settings();
    CHECK(s.log_level.value == LogLevel::info);
    CHECK(s.log_level.source == SettingSource::preference);

    set_text(HKEY_CURRENT_USER, kPolicy, "LogLevel", "WARN");
    s = read_settings();
    CHECK(s.log_level.value == LogLevel::warn);
    CHECK(s.log_level.source == SettingSource::policy_user);
    CHECK(s.summary().find("log level warn (policy HKCU)") != std::string::npos);

    set_text(HKEY_CURRENT_USER, kPolicy, "LogLevel", "verbose");
    s = read_settings();
    CHECK(s.log_level.value == LogLevel::info);
    CHECK(warned(s, "HKCU\\Software\\Policies\\OfflineHooks LogLevel = \"verbose\" (REG_SZ): "
                    "expected debug, info, warn or error"));

    set_dword(HKEY_CURRENT_USER, kPolicy, "LogLevel", 2);
    s = read_settings();
    CHECK(s.log_level.value == LogLevel::info);
    CHECK(warned(s, "LogLevel = 2: expected debug, info, warn or error"));
}

TEST_CASE("ScriptsDir: a policy wins over OFFLINEHOOKS_SCRIPTS, which wins over the user's "
          "setting",
          "[policy]") {
    CleanSettings clean;
    set_text(HKEY_CURRENT_USER, kPreference, "ScriptsDir", "C:\\Pref\\Scripts");
    Settings s = read_settings();
    CHECK(path_to_utf8(s.scripts_dir.value) == utf8_path(L"C:\\Pref\\Scripts"));
    CHECK(s.scripts_dir_source() == "HKCU\\Software\\OfflineHooks ScriptsDir");

    SetEnvironmentVariableW(L"OFFLINEHOOKS_SCRIPTS", L"C:\\Env\\Scripts");
    s = read_settings();
    CHECK(path_to_utf8(s.scripts_dir.value) == utf8_path(L"C:\\Env\\Scripts"));
    CHECK(s.scripts_dir.source == SettingSource::environment);

    // Quoted, with a variable, as REG_EXPAND_SZ: as the user's setting always took it.
    SetEnvironmentVariableW(L"OH_POLICY_ROOT", L"C:\\Jürgen 山田");
    set_text(HKEY_CURRENT_USER, kPolicy, "ScriptsDir", "\"%OH_POLICY_ROOT%\\Scripts\\\"",
             REG_EXPAND_SZ);
    s = read_settings();
    CHECK(path_to_utf8(s.scripts_dir.value) == utf8_path(L"C:\\Jürgen 山田\\Scripts"));
    CHECK(s.scripts_dir_source() == "policy HKCU");
    SetEnvironmentVariableW(L"OH_POLICY_ROOT", nullptr);

    // A DWORD is no folder: skipped, the variable is used.
    set_dword(HKEY_CURRENT_USER, kPolicy, "ScriptsDir", 1);
    s = read_settings();
    CHECK(s.scripts_dir.source == SettingSource::environment);
    CHECK(warned(s, "ScriptsDir = 1: expected a folder (REG_SZ or REG_EXPAND_SZ)"));
}

TEST_CASE("A machine policy wins over a user policy", "[policy]") {
    CleanSettings clean;
    if (!CleanSettings::machine_policy_writable()) {
        WARN("HKLM\\Software\\Policies is not writable in this prefix: precedence not tested");
        return;
    }
    set_dword(HKEY_CURRENT_USER, kPolicy, "MemoryCapMiB", 32);
    set_dword(HKEY_LOCAL_MACHINE, kPolicy, "MemoryCapMiB", 128);
    set_dword(HKEY_CURRENT_USER, kPolicy, "RunAllowed", 1);
    set_dword(HKEY_LOCAL_MACHINE, kPolicy, "RunAllowed", 0);
    set_dword(HKEY_CURRENT_USER, kPolicy, "HandlerBudgetMs", 500);
    set_dword(HKEY_LOCAL_MACHINE, kPolicy, "HandlerBudgetMs", 5); // out of range: skipped
    const Settings s = read_settings();
    CHECK(s.memory_cap_mib.value == 128);
    CHECK(s.memory_cap_mib.source == SettingSource::policy_machine);
    CHECK_FALSE(s.run_allowed.value);
    CHECK(s.run_allowed.source == SettingSource::policy_machine);
    CHECK(s.handler_budget_ms.value == 500);
    CHECK(s.handler_budget_ms.source == SettingSource::policy_user);
    CHECK(warned(s, "HKLM\\Software\\Policies\\OfflineHooks HandlerBudgetMs = 5"));
    const std::string line = s.summary();
    CHECK(line.find("memory cap 128 MiB (policy HKLM)") != std::string::npos);
    CHECK(line.find("hooks.run off (policy HKLM)") != std::string::npos);
    CHECK(line.find("handler budget 500 ms (policy HKCU)") != std::string::npos);
}

TEST_CASE("The settings reach the engine: budget, memory cap, switches, journal and log level",
          "[policy]") {
    CleanSettings clean;
    set_dword(HKEY_CURRENT_USER, kPolicy, "HandlerBudgetMs", 1500);
    set_dword(HKEY_CURRENT_USER, kPolicy, "MemoryCapMiB", 16);
    set_dword(HKEY_CURRENT_USER, kPolicy, "RunAllowed", 0);
    set_dword(HKEY_CURRENT_USER, kPolicy, "SetStateAllowed", 0);
    set_dword(HKEY_CURRENT_USER, kPolicy, "Journal", 0);
    set_text(HKEY_CURRENT_USER, kPolicy, "LogLevel", "error");
    AddinConfig config;
    read_settings().apply(config, path_from_utf8("C:\\Data"));
    CHECK(config.engine.budget == Approx(1.5));
    CHECK(config.engine.memory_cap == std::size_t{16} << 20);
    CHECK_FALSE(config.engine.run_allowed);
    CHECK_FALSE(config.engine.set_state_allowed);
    CHECK(config.engine.journal_path.empty());
    CHECK(config.engine.log_level == LogLevel::error);

    RegDeleteKeyValueW(HKEY_CURRENT_USER, kPolicy.c_str(), L"Journal");
    read_settings().apply(config, path_from_utf8("C:\\Data"));
    CHECK(path_to_utf8(config.engine.journal_path) == utf8_path(L"C:\\Data\\journal.jsonl"));
}

TEST_CASE("UserScriptsAllowed 0 says so in the start-up line", "[policy]") {
    CleanSettings clean;
    set_dword(HKEY_CURRENT_USER, kPolicy, "UserScriptsAllowed", 0);
    const Settings s = read_settings();
    CHECK_FALSE(s.user_scripts_allowed.value);
    CHECK(s.summary().find("user scripts forbidden (policy HKCU)") != std::string::npos);
}

TEST_CASE("UserScriptsAllowed 0 leaves the user's scripts folder out and the machine's in",
          "[policy][machine]") {
    CleanSettings clean;
    set_dword(HKEY_CURRENT_USER, kPolicy, "UserScriptsAllowed", 0);
    AddinConfig config;
    read_settings().apply(config, path_from_utf8("C:\\Data"));
    CHECK(config.scripts_dir.empty());
    CHECK(path_to_utf8(config.machine_scripts_dir) ==
          utf8_path(L"C:\\ProgramData\\OfflineHooks\\scripts"));
}

TEST_CASE("MachineScriptsDir comes from the machine policy only, else it is under ProgramData",
          "[policy][machine]") {
    CleanSettings clean;
    // A user may not name the folder every user's Outlook runs scripts from.
    set_text(HKEY_CURRENT_USER, kPolicy, "MachineScriptsDir", "C:\\Mine");
    set_text(HKEY_CURRENT_USER, kPreference, "MachineScriptsDir", "C:\\Mine");
    Settings s = read_settings();
    CHECK(s.machine_scripts_dir.source == SettingSource::default_value);
    CHECK(path_to_utf8(s.machine_scripts_dir.value) ==
          utf8_path(L"C:\\ProgramData\\OfflineHooks\\scripts"));
    if (!CleanSettings::machine_policy_writable()) {
        WARN("HKLM\\Software\\Policies is not writable in this prefix: the policy not tested");
        return;
    }
    set_text(HKEY_LOCAL_MACHINE, kPolicy, "MachineScriptsDir", "%SystemDrive%\\Fleet\\Hooks",
             REG_EXPAND_SZ);
    s = read_settings();
    CHECK(s.machine_scripts_dir.source == SettingSource::policy_machine);
    CHECK(path_to_utf8(s.machine_scripts_dir.value) == utf8_path(L"C:\\Fleet\\Hooks"));
}
#endif
