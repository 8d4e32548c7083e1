// fakehost: plays Outlook for OfflineHooks scripts, on any machine.
#include "cli.h"

#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#ifndef OH_VERSION
#define OH_VERSION "dev"
#endif

namespace {

const char* const usage =
    R"(fakehost - play Outlook's online/offline notifications to OfflineHooks scripts

usage:
  fakehost run [--scripts DIR] [--machine-scripts DIR] [--scenario FILE | --events SPEC]
               [--initial STATE] [--live] [--json] [--verbose] [--profile NAME]
               [--store DIR] [--budget D] [--journal FILE]
      Loads the scripts and plays the scenario on a virtual clock (no real waiting),
      printing one line per notification and per script action. With no arguments: the
      bundled example scripts on the bundled default scenario.
      --events "0s offline; +5m online"   an inline scenario, items separated by ';'
      --initial STATE   Outlook's state at start-up, online (default) or offline; and
                  optionally its mode then, as on a scenario line: "offline reason=network"
      --live      really run hooks.run programs and show notices (notify-send)
      --json      one JSON object per line
      --journal FILE   append every notification to FILE, as the add-in does
      --machine-scripts DIR   the add-in's machine scripts folder, beside --scripts;
                  a script name in both loads from DIR
  fakehost check [DIR] [--machine-scripts DIR] [--lint]
      Compiles and loads every script in DIR (default: .); reports syntax errors, errors
      at load and unknown event names with file:line; --lint also runs luacheck when it
      is installed. Exit status 1 on any problem.
  fakehost test [FILE|DIR ...] [--tap] [--junit FILE]
      Runs Lua test files (*_test.lua); the last line is "N passed, N failed".
  fakehost replay JOURNAL [--scripts DIR] [--json]
      Plays an event journal written by the add-in back into the scripts.
  fakehost doctor [--scripts DIR] [--json]
      Checks the installation, one line per check with a verdict (ok, warn, FAIL) and what
      to do: on Windows Outlook's bitness, the add-in's registration, Resiliency, policies,
      the scripts folders and every script, the log's last errors; elsewhere the scripts
      only. --json: one object for fleet tools. Exit status 1 when a check failed.

Scenario lines: <time> <state> [phases=start,change,done] [reason=user|network] [mode=<name>]
  e.g. "90s offline", "+30s online", "2m offline reason=network" (the connection was lost:
  e.reason "network"), "+10m online mode=cached-connected-full"; mode= names Outlook's
  ExchangeConnectionMode: offline, cached-offline, disconnected, cached-disconnected,
  no-exchange, cached-connected-headers|drizzle|full, online
  also: "<time> end" (run the clock on to that time), "<time> raw type=N mask=N old=N new=N"
)";

int dispatch(int argc, char** argv) {
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
        !std::strcmp(argv[1], "help")) {
        std::fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!std::strcmp(argv[1], "--version")) {
        std::printf("fakehost (OfflineHooks) %s\n", OH_VERSION);
        return 0;
    }
    const std::string command = argv[1];
    oh::cli::Args args(command, std::vector<std::string>(argv + 2, argv + argc));
    if (command == "run") return oh::cli::run(args, argv[0]);
    if (command == "check") return oh::cli::check(args);
    if (command == "replay") return oh::cli::replay(args, argv[0]);
    if (command == "test") return oh::cli::test(args);
    if (command == "doctor") return oh::cli::doctor(args);
    std::fprintf(stderr,
                 "fakehost: unknown command \"%s\" (expected run, check, test, replay or doctor)\n",
                 command.c_str());
    return 2;
}

} // namespace

#ifdef _WIN32
// Windows hands main() its arguments in the ANSI code page, which has no "ü" on many machines
// and no CJK name on a Western one: a --scripts folder under C:\Users\Jürgen Müller would name
// another folder. wmain gets them as UTF-16, whole; the engine speaks UTF-8.
int wmain(int argc, wchar_t** wargv) {
    try {
        std::vector<std::string> args;
        for (int i = 0; i < argc; ++i) {
            const std::u8string u8 = std::filesystem::path(wargv[i]).u8string(); // separators kept
            args.emplace_back(u8.begin(), u8.end());
        }
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        return dispatch(argc, argv.data());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fakehost: %s\n", e.what());
        return 3;
    }
}
#else
int main(int argc, char** argv) {
    try {
        return dispatch(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fakehost: %s\n", e.what());
        return 3;
    }
}
#endif
