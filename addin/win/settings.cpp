#include "settings.h"

#include "env.h"
#include "handles.h"
#include "paths.h"
#include "utf16.h"

#include <windows.h>

#include <cstring>
#include <optional>

namespace oh::win {

namespace {

// A registry value as it was found: its type and its bytes.
struct RawValue {
    DWORD type = REG_NONE;
    std::vector<BYTE> data;
};

// One place a setting may come from.
struct Place {
    HKEY root;
    const char* root_name;
    const char* key;
    SettingSource source;
};

const Place kPolicyPlaces[] = {
    {HKEY_LOCAL_MACHINE, "HKLM", kPolicyKey, SettingSource::policy_machine},
    {HKEY_CURRENT_USER, "HKCU", kPolicyKey, SettingSource::policy_user},
};
const Place& kMachinePolicyPlace = kPolicyPlaces[0];
const Place kPreferencePlace = {HKEY_CURRENT_USER, "HKCU", kPreferenceKey,
                                SettingSource::preference};

std::optional<RawValue> read_raw(const Place& place, const char* name) {
    HKEY opened = nullptr;
    if (RegOpenKeyExW(place.root, to_utf16(place.key).c_str(), 0, KEY_QUERY_VALUE, &opened) !=
        ERROR_SUCCESS)
        return std::nullopt;
    const UniqueKey key(opened);
    const std::wstring value_name = to_utf16(name);
    RawValue v;
    DWORD bytes = 0;
    LSTATUS st = RegQueryValueExW(key.get(), value_name.c_str(), nullptr, &v.type, nullptr, &bytes);
    // Twice at most: a value rewritten between the two calls may have grown.
    for (int tries = 0; st == ERROR_SUCCESS && tries < 2; ++tries) {
        v.data.resize(bytes);
        st = RegQueryValueExW(key.get(), value_name.c_str(), nullptr, &v.type, v.data.data(),
                              &bytes);
        if (st == ERROR_SUCCESS) {
            v.data.resize(bytes);
            return v;
        }
        if (st == ERROR_MORE_DATA) st = ERROR_SUCCESS;
    }
    return std::nullopt;
}

bool is_text(const RawValue& v) {
    return v.type == REG_SZ || v.type == REG_EXPAND_SZ;
}

// REG_SZ / REG_EXPAND_SZ as written (terminating NULs taken off; an odd byte dropped).
std::wstring text_of(const RawValue& v) {
    std::wstring s(v.data.size() / sizeof(wchar_t), L'\0');
    if (!s.empty()) std::memcpy(s.data(), v.data.data(), s.size() * sizeof(wchar_t));
    while (!s.empty() && s.back() == L'\0') s.pop_back();
    return s;
}

std::optional<std::uint32_t> dword_of(const RawValue& v) {
    if (v.type != REG_DWORD || v.data.size() != sizeof(DWORD)) return std::nullopt;
    DWORD d = 0;
    std::memcpy(&d, v.data.data(), sizeof d);
    return d;
}

// The value as the warning shows it: 5, "300" (REG_SZ), a REG_BINARY value.
std::string describe(const RawValue& v) {
    if (auto d = dword_of(v)) return std::to_string(*d);
    if (is_text(v))
        return "\"" + to_utf8(text_of(v)) +
               (v.type == REG_SZ ? "\" (REG_SZ)" : "\" (REG_EXPAND_SZ)");
    switch (v.type) {
    case REG_DWORD:
        return "a REG_DWORD of " + std::to_string(v.data.size()) + " bytes";
    case REG_QWORD:
        return "a REG_QWORD value";
    case REG_BINARY:
        return "a REG_BINARY value";
    case REG_MULTI_SZ:
        return "a REG_MULTI_SZ value";
    default:
        return "a value of registry type " + std::to_string(v.type);
    }
}

std::string expectation(const SettingKey& k) {
    if (k.setting == Setting::log_level) return "debug, info, warn or error (REG_SZ)";
    if (k.type == SettingType::text) return "a folder (REG_SZ or REG_EXPAND_SZ)";
    if (k.min == 0 && k.max == 1) return "a REG_DWORD, 0 or 1";
    return "a REG_DWORD from " + std::to_string(k.min) + " to " + std::to_string(k.max);
}

std::optional<LogLevel> parse_level(const std::wstring& s) {
    for (LogLevel l : {LogLevel::debug, LogLevel::info, LogLevel::warn, LogLevel::error})
        if (_wcsicmp(s.c_str(), to_utf16(oh::to_string(l)).c_str()) == 0) return l;
    return std::nullopt;
}

// What a raw value means for the setting, or nothing when it is not usable.
template <class T>
std::optional<T> parse(const SettingKey& k, const RawValue& v);

template <>
std::optional<std::uint32_t> parse(const SettingKey& k, const RawValue& v) {
    auto d = dword_of(v);
    if (!d || *d < k.min || *d > k.max) return std::nullopt;
    return d;
}
template <>
std::optional<bool> parse(const SettingKey& k, const RawValue& v) {
    auto d = parse<std::uint32_t>(k, v);
    if (!d) return std::nullopt;
    return *d != 0;
}
template <>
std::optional<LogLevel> parse(const SettingKey&, const RawValue& v) {
    if (!is_text(v)) return std::nullopt;
    return parse_level(text_of(v));
}
template <>
std::optional<std::filesystem::path> parse(const SettingKey&, const RawValue& v) {
    if (!is_text(v)) return std::nullopt;
    return scripts_folder_from_text(text_of(v));
}

// An empty string is "not set", as an empty ScriptsDir always was: no warning.
bool empty_text(const RawValue& v) {
    return is_text(v) && text_of(v).empty();
}

class Reader {
  public:
    explicit Reader(std::vector<std::string>& warnings) : warnings_(warnings) {}

    // The first usable value at `place`; a present but unusable one is warned about.
    template <class T>
    bool try_place(const Place& place, Setting s, SettingValue<T>& out) {
        const SettingKey& k = setting_key(s);
        auto raw = read_raw(place, k.name);
        if (!raw || empty_text(*raw)) return false;
        if (auto v = parse<T>(k, *raw)) {
            out = {std::move(*v), place.source};
            return true;
        }
        warnings_.push_back(std::string("settings: ignored ") + place.root_name + "\\" + place.key +
                            " " + k.name + " = " + describe(*raw) + ": expected " + expectation(k) +
                            "; the next place or the default is used");
        return false;
    }

    template <class T>
    bool try_policies(Setting s, SettingValue<T>& out) {
        for (const Place& p : kPolicyPlaces)
            if (try_place(p, s, out)) return true;
        return false;
    }

    template <class T>
    void read(Setting s, SettingValue<T>& out) {
        if (!try_policies(s, out)) try_place(kPreferencePlace, s, out);
    }

  private:
    std::vector<std::string>& warnings_;
};

const char* on_off(bool b, const char* on, const char* off) {
    return b ? on : off;
}

template <class T>
std::string from(const SettingValue<T>& v) {
    return std::string(" (") + to_string(v.source) + ")";
}

} // namespace

const char* to_string(SettingSource s) {
    switch (s) {
    case SettingSource::default_value:
        return "default";
    case SettingSource::preference:
        return "HKCU\\Software\\OfflineHooks";
    case SettingSource::environment:
        return "the OFFLINEHOOKS_SCRIPTS environment variable";
    case SettingSource::policy_user:
        return "policy HKCU";
    case SettingSource::policy_machine:
        return "policy HKLM";
    }
    return "?";
}

Settings read_settings() {
    Settings s;
    Reader r(s.warnings);
    // The scripts folder: a policy wins over the variable, which wins over the user's setting.
    if (!r.try_policies(Setting::scripts_dir, s.scripts_dir)) {
        if (std::wstring env = env_w(L"OFFLINEHOOKS_SCRIPTS"); !env.empty())
            s.scripts_dir = {scripts_folder_from_text(env), SettingSource::environment};
        else if (!r.try_place(kPreferencePlace, Setting::scripts_dir, s.scripts_dir))
            s.scripts_dir = {default_scripts_dir(), SettingSource::default_value};
    }
    r.read(Setting::user_scripts_allowed, s.user_scripts_allowed);
    r.read(Setting::handler_budget_ms, s.handler_budget_ms);
    r.read(Setting::memory_cap_mib, s.memory_cap_mib);
    r.read(Setting::run_allowed, s.run_allowed);
    r.read(Setting::set_state_allowed, s.set_state_allowed);
    r.read(Setting::journal, s.journal);
    r.read(Setting::log_level, s.log_level);
    // Machine policy only: the folder runs in every user's Outlook, so no user may name it.
    if (!r.try_place(kMachinePolicyPlace, Setting::machine_scripts_dir, s.machine_scripts_dir))
        s.machine_scripts_dir = {default_machine_scripts_dir(), SettingSource::default_value};
    return s;
}

std::string Settings::scripts_dir_source() const {
    switch (scripts_dir.source) {
    case SettingSource::default_value:
        return "the default, %APPDATA%\\OfflineHooks\\scripts";
    case SettingSource::preference:
        return "HKCU\\Software\\OfflineHooks ScriptsDir";
    default:
        return to_string(scripts_dir.source);
    }
}

std::string Settings::summary() const {
    return std::string("settings: user scripts ") +
           on_off(user_scripts_allowed.value, "allowed", "forbidden") + from(user_scripts_allowed) +
           ", handler budget " + std::to_string(handler_budget_ms.value) + " ms" +
           from(handler_budget_ms) + ", memory cap " + std::to_string(memory_cap_mib.value) +
           " MiB" + from(memory_cap_mib) + ", hooks.run " +
           on_off(run_allowed.value, "allowed", "off") + from(run_allowed) + ", set_state " +
           on_off(set_state_allowed.value, "allowed", "off") + from(set_state_allowed) +
           ", journal " + on_off(journal.value, "on", "off") + from(journal) + ", log level " +
           oh::to_string(log_level.value) + from(log_level);
}

void Settings::apply(AddinConfig& config, const std::filesystem::path& data_dir) const {
    config.scripts_dir = user_scripts_allowed.value ? scripts_dir.value : std::filesystem::path();
    config.machine_scripts_dir = machine_scripts_dir.value;
    config.engine.budget = handler_budget_ms.value / 1000.0;
    config.engine.memory_cap = std::size_t{memory_cap_mib.value} << 20;
    config.engine.run_allowed = run_allowed.value;
    config.engine.set_state_allowed = set_state_allowed.value;
    config.engine.log_level = log_level.value;
    config.engine.journal_path =
        journal.value ? data_dir / "journal.jsonl" : std::filesystem::path();
}

} // namespace oh::win
