#include "doctor.h"

#include "json.h"
#include "long_path.h"
#include "script_check.h"
#include "text_file.h"
#include "transcript.h"

namespace oh::doctor {

namespace fs = std::filesystem;

const char* verdict_text(Verdict v) {
    switch (v) {
    case Verdict::ok:
        return "ok";
    case Verdict::warn:
        return "warn";
    case Verdict::fail:
        return "FAIL";
    case Verdict::skip:
        return "skip";
    }
    return "?";
}

const char* verdict_json(Verdict v) {
    return v == Verdict::fail ? "fail" : verdict_text(v);
}

namespace {

std::size_t count(const Report& report, Verdict v) {
    std::size_t n = 0;
    for (const auto& c : report.checks) n += c.verdict == v ? 1 : 0;
    return n;
}

} // namespace

// A column of verdicts as `fakehost check` prints them, the fix and the details indented
// under the line: a support desk reads the fix without hunting for it.
std::string render_text(const Report& report) {
    std::string out;
    for (const auto& c : report.checks) {
        std::string verdict = verdict_text(c.verdict);
        verdict.resize(6, ' ');
        out += verdict + terminal_text(c.what, true) + "\n";
        for (const auto& d : c.details) out += "      " + terminal_text(d, true) + "\n";
        if (!c.fix.empty()) out += "      fix: " + terminal_text(c.fix, true) + "\n";
    }
    out += "doctor: " + std::to_string(report.checks.size()) + " checks, " +
           std::to_string(count(report, Verdict::ok)) + " ok, " +
           std::to_string(count(report, Verdict::warn)) + " warning(s), " +
           std::to_string(count(report, Verdict::fail)) + " failed, " +
           std::to_string(count(report, Verdict::skip)) +
           " skipped: " + (report.healthy() ? "healthy" : "NOT healthy") + "\n";
    return out;
}

std::string render_json(const Report& report, const char* platform, const char* version) {
    Json checks = Json::array();
    for (const auto& c : report.checks) {
        Json details = Json::array();
        for (const auto& d : c.details) details.push_back(d);
        checks.push_back(Json{{"id", c.id},
                              {"verdict", verdict_json(c.verdict)},
                              {"what", c.what},
                              {"fix", c.fix},
                              {"details", std::move(details)}});
    }
    const Json counts = {{"ok", count(report, Verdict::ok)},
                         {"warn", count(report, Verdict::warn)},
                         {"fail", count(report, Verdict::fail)},
                         {"skip", count(report, Verdict::skip)}};
    const Json out = {{"healthy", report.healthy()},
                      {"platform", platform},
                      {"version", version},
                      {"counts", counts},
                      {"checks", std::move(checks)}};
    return json_dump(out) + "\n";
}

namespace {

void check_admin_only(Report& report, const ScriptsFolder& folder, const fs::path& path) {
    const Status st = folder.admin_only(path);
    if (st.ok()) return;
    // The message names the file, who can write it and the icacls command that fixes it.
    report.add("scripts.permissions", Verdict::fail, st.error(),
               "run that icacls command as an administrator, or move the script out of the "
               "machine folder");
}

} // namespace

void check_scripts_folder(Report& report, const ScriptsFolder& folder) {
    const std::string dir = path_to_utf8(folder.dir);
    const std::string name = folder.role + " scripts folder " + dir + " (" + folder.source + ")";
    std::error_code ec;
    const fs::file_status st = fs::status(os_path(folder.dir), ec);
    // Something there that cannot be followed or read (a link loop, no permission): not
    // "missing", which would send the user to create a folder that is already there.
    if (ec && ec != std::errc::no_such_file_or_directory) {
        report.add("scripts.folder", Verdict::fail,
                   name + ": cannot be read (" + ec.message() + ")",
                   "make it a folder the add-in's user can read (a link loop or the "
                   "permissions are in the way)");
        return;
    }
    if (!fs::exists(st)) {
        if (folder.optional)
            report.add("scripts.folder", Verdict::ok, name + ": not there, not used");
        else
            report.add("scripts.folder", Verdict::warn, name + ": does not exist: no script runs",
                       "create the folder and save your scripts (*.lua) in it");
        return;
    }
    if (!fs::is_directory(st)) {
        report.add("scripts.folder", Verdict::fail, name + ": not a folder",
                   "point the setting at a folder, or rename the file that is in the way");
        return;
    }
    const Result<cli::ScriptCheck> checked = cli::check_scripts(folder.dir);
    if (!checked.ok()) {
        report.add("scripts.folder", Verdict::fail, name + ": " + checked.error(),
                   "run fakehost check on the folder for details");
        return;
    }
    const cli::ScriptCheck& found = checked.value();
    const std::size_t bad = found.bad();
    const std::size_t n = found.scripts.size();
    const bool empty_matters = n == 0 && !folder.optional;
    report.add("scripts.folder", empty_matters ? Verdict::warn : Verdict::ok,
               name + ": " + std::to_string(n) + " script(s), " + std::to_string(n - bad) + " ok" +
                   (bad ? ", " + std::to_string(bad) + " with problems (below)" : ""),
               empty_matters ? "save your scripts (*.lua) in the folder" : "");
    if (folder.admin_only) check_admin_only(report, folder, folder.dir);
    for (const auto& w : found.warnings)
        report.add("scripts.folder", Verdict::warn, "skipped " + w,
                   "remove it or make it a regular file");
    for (const auto& s : found.scripts) {
        if (folder.admin_only) check_admin_only(report, folder, s.file);
        if (s.problems.empty()) continue;
        Check& c = report.add("script", Verdict::fail, "script " + path_to_utf8(s.file),
                              "fix the script: fakehost check \"" + dir + "\" shows the same");
        c.details = s.problems;
    }
}

} // namespace oh::doctor
