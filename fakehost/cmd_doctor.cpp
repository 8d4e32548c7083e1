// fakehost doctor [--scripts DIR] [--json]: checks an OfflineHooks installation, one line per
// check (doctor.h). Built into the program itself, not the fake host's library: on Windows it
// calls the Windows checks (fakehost/win/doctor_*.cpp), which use that library.
#include "cli.h"
#include "doctor.h"

#include <cstdio>
#include <cstdlib>

#ifndef OH_VERSION
#define OH_VERSION "dev"
#endif

namespace oh::cli {

namespace {

#ifdef _WIN32
constexpr const char* kPlatform = "windows";
#else
constexpr const char* kPlatform = "linux";
#endif

// The folders to check: the add-in's (Windows), or --scripts, OFFLINEHOOKS_SCRIPTS or the
// current folder (elsewhere, where there is no add-in to ask).
std::vector<doctor::ScriptsFolder> folders_to_check(doctor::Report& report,
                                                    const std::optional<std::string>& scripts) {
    std::vector<doctor::ScriptsFolder> folders;
#ifdef _WIN32
    folders = doctor::windows_checks(report);
#else
    report.add("windows", doctor::Verdict::skip,
               "Outlook, the add-in's registration, Resiliency, the policies and the log: "
               "checked on Windows only",
               "run fakehost.exe doctor on the Windows machine for those");
    const char* env = std::getenv("OFFLINEHOOKS_SCRIPTS");
    if (env && *env)
        folders.push_back({"user", path_from_utf8(env), "OFFLINEHOOKS_SCRIPTS", false, {}});
    else
        folders.push_back({"user", fs::path("."), "the current folder", false, {}});
#endif
    // --scripts stands for the user's folder, wherever the add-in would have found it.
    if (scripts)
        for (auto& f : folders)
            if (f.role == "user") {
                f.dir = path_from_utf8(*scripts);
                f.source = "--scripts";
            }
    return folders;
}

} // namespace

int doctor(Args& args) {
    const bool json = args.flag("--json");
    const std::optional<std::string> scripts = args.value("--scripts");
    const auto rest = args.rest();
    if (!args.ok()) return args.usage_error(args.error());
    if (!rest.empty()) return args.usage_error("unexpected argument \"" + rest.front() + "\"");
    // An empty value is a fleet script's unset variable, not "the current folder".
    if (scripts && scripts->empty())
        return args.usage_error("--scripts needs a folder, not an empty value");

    doctor::Report report;
    for (const auto& folder : folders_to_check(report, scripts))
        doctor::check_scripts_folder(report, folder);

    const std::string out =
        json ? doctor::render_json(report, kPlatform, OH_VERSION) : doctor::render_text(report);
    std::fputs(out.c_str(), stdout);
    return report.healthy() ? 0 : 1;
}

} // namespace oh::cli
