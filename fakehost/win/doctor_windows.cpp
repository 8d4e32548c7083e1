// fakehost.exe doctor on Windows: Outlook, the registration, Resiliency, the policies in force
// and the log, then the scripts folders the add-in would load (checked by cmd_doctor.cpp).
#include "doctor_win.h"

#include "doctor_machine.h"
#include "doctor_parse.h"
#include "long_path.h"
#include "paths.h"
#include "settings.h"
#include "text_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace oh::doctor {

namespace {

// The log's last errors: the ERROR lines since the add-in last started in Outlook, from the
// log's last MiB (a session's worth; the add-in rotates it at 4 MiB).
constexpr std::streamoff kLogTail = 1 << 20;
constexpr std::size_t kLogErrorsShown = 5;

// The log's last kLogTail bytes, from the first whole line; an error when it cannot be read
// (then "no error" would be a lie).
Result<std::string> read_tail(const std::filesystem::path& file) {
    std::ifstream in(os_path(file), std::ios::binary | std::ios::ate);
    const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : -1;
    if (size < 0) return fail(std::strerror(errno));
    const std::streamoff from = size > kLogTail ? size - kLogTail : 0;
    in.seekg(from);
    std::string text(static_cast<std::size_t>(size - from), '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (from > 0) text.erase(0, text.find('\n') + 1); // a cut first line
    return text;
}

void check_log(Report& report) {
    // As the add-in names it (addin_runtime.cpp: local_data_dir() / "offlinehooks.log").
    const std::filesystem::path log = win::local_data_dir() / "offlinehooks.log";
    const std::string shown = path_to_utf8(log);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(os_path(log), ec)) {
        report.add("log", Verdict::warn,
                   "no log " + shown + ": the add-in has not run in Outlook as this user",
                   "start Outlook; if there is still no log, the lines above say why it is "
                   "not loaded");
        return;
    }
    const Result<std::string> tail = read_tail(log);
    if (!tail.ok()) {
        report.add("log", Verdict::warn, "log " + shown + " cannot be read: " + tail.error(),
                   "give this user read access to the log, or send it to support as it is");
        return;
    }
    const LogErrors errors = log_errors(tail.value(), kLogErrorsShown);
    const std::string since =
        errors.since_start ? "since the add-in last started" : "in the log's last MiB";
    if (errors.count == 0) {
        report.add("log", Verdict::ok, "log " + shown + ": no error " + since);
        return;
    }
    Check& c = report.add("log", Verdict::warn,
                          "log " + shown + ": " + std::to_string(errors.count) + " error(s) " +
                              since + "; the last " + std::to_string(errors.last.size()) + ":",
                          "the script in [brackets] is the one to fix ([OfflineHooks]: the "
                          "add-in itself; send the log to support)");
    c.details = errors.last;
}

template <class T>
bool from_policy(const win::SettingValue<T>& v) {
    return win::is_policy(v.source);
}

void check_policies(Report& report, const win::Settings& s) {
    const int n = from_policy(s.scripts_dir) + from_policy(s.user_scripts_allowed) +
                  from_policy(s.handler_budget_ms) + from_policy(s.memory_cap_mib) +
                  from_policy(s.run_allowed) + from_policy(s.set_state_allowed) +
                  from_policy(s.journal) + from_policy(s.log_level);
    Check& c = report.add("policy", Verdict::ok,
                          n == 0 ? std::string("no OfflineHooks policy in force")
                                 : std::to_string(n) + " OfflineHooks setting(s) set by policy");
    c.details.push_back(s.summary());
    for (const auto& w : s.warnings)
        report.add("policy", Verdict::warn, w,
                   "correct the value (the ADMX templates write valid ones) or delete it");
}

} // namespace

std::vector<ScriptsFolder> windows_checks(Report& report) {
    const OutlookInfo outlook = check_outlook(report);
    const std::vector<std::wstring> dlls = check_registration(report, outlook);
    check_resiliency(report, dlls);
    const win::Settings settings = win::read_settings();
    check_policies(report, settings);
    check_log(report);

    std::vector<ScriptsFolder> folders;
    if (auto machine = machine_scripts_folder(report, settings))
        folders.push_back(std::move(*machine));
    if (settings.user_scripts_allowed.value)
        folders.push_back(
            {"user", settings.scripts_dir.value, settings.scripts_dir_source(), false, {}});
    else
        report.add("scripts.folder", Verdict::ok,
                   "user scripts are forbidden (" +
                       std::string(to_string(settings.user_scripts_allowed.source)) +
                       "): the add-in loads none from " + path_to_utf8(settings.scripts_dir.value));
    return folders;
}

} // namespace oh::doctor
