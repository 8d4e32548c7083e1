// fakehost doctor: one line per check of an OfflineHooks installation, each with a verdict and
// what to do, for a support desk (text) or a fleet tool (--json). Exit status 0 when no check
// failed, 1 otherwise (a warning alone is healthy), 2 for a usage error.
//
// The portable part (cmd_doctor.cpp) checks scripts folders: each script compiled and loaded
// as `fakehost check` does (script_check.h). On Windows, fakehost/win/doctor_*.cpp first
// check Outlook, the add-in's registration, Resiliency, the policies and the log, and name
// the scripts folders the add-in would load. The types here are plain data, so that the
// Windows part fills them without linking the command line.
#pragma once

#include "result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace oh::doctor {

// skip: not checked here (on Linux, everything Windows-only).
enum class Verdict : std::uint8_t { ok, warn, fail, skip };

struct Check {
    std::string id; // what kind of check: "addin.key", "script", ...
    Verdict verdict = Verdict::ok;
    std::string what;                 // one line: what was found
    std::string fix;                  // what to do about it; empty when nothing
    std::vector<std::string> details; // more lines: a script's errors, log lines
};

struct Report {
    std::vector<Check> checks;

    Check& add(std::string id, Verdict verdict, std::string what, std::string fix = {}) {
        checks.push_back({std::move(id), verdict, std::move(what), std::move(fix), {}});
        return checks.back();
    }
    bool healthy() const {
        for (const auto& c : checks)
            if (c.verdict == Verdict::fail) return false;
        return true;
    }
};

// A scripts folder the add-in loads, to check with every script in it.
struct ScriptsFolder {
    std::string role; // "user" or "machine"
    std::filesystem::path dir;
    std::string source; // where the folder came from: "default", "policy HKLM", "--scripts"
    // A missing folder is a warning (the user's: nothing runs) or fine (the machine's: optional).
    bool optional = false;
    // Set for the machine folder: the folder and each script must be writable by
    // administrators only (the add-in refuses them otherwise).
    std::function<Status(const std::filesystem::path&)> admin_only;
};

// "ok", "warn", "FAIL", "skip" (text) / "ok", "warn", "fail", "skip" (JSON).
const char* verdict_text(Verdict v);
const char* verdict_json(Verdict v);

// The report as lines for a person, ending with a summary line.
std::string render_text(const Report& report);
// The report as one JSON object (docs/api.md, "fakehost doctor").
std::string render_json(const Report& report, const char* platform, const char* version);

// Adds the lines for one scripts folder: the folder, each script with problems, what the
// listing skipped, and (machine folder) who may write it.
void check_scripts_folder(Report& report, const ScriptsFolder& folder);

#ifdef _WIN32
// fakehost/win/doctor_windows.cpp: Outlook, registration, Resiliency, policies, log. Returns
// the scripts folders the add-in would load, in its order.
std::vector<ScriptsFolder> windows_checks(Report& report);
#endif

} // namespace oh::doctor
