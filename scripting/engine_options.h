// Everything about the engine a host may set. Defaults are the design's.
#pragma once

#include "platform.h"

#include "result.h"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

namespace oh {

struct EngineOptions {
    std::string profile; // e.profile
    // The lowest level of a script's hooks.log calls that reaches the Platform. A call below
    // it returns before formatting its message, so a script's debug lines cost next to
    // nothing when nobody shows them (`fakehost run` without --verbose).
    LogLevel log_level = LogLevel::debug;
    double budget = 0.25;               // seconds per handler call
    std::size_t memory_cap = 64u << 20; // bytes per script
    int max_failures = 3;               // in a row, then quarantine
    int set_state_limit = 5;            // requests per script ...
    double set_state_window = 60.0;     // ... within this many seconds
    int max_runs_per_script = 8;        // programs running at once
    double default_run_timeout = 60.0;  // seconds, when hooks.run has no timeout
    // An administrator's policy (the add-in's RunAllowed / SetStateAllowed): off, the call
    // raises "hooks.run is turned off by policy" before looking at its arguments.
    bool run_allowed = true;
    bool set_state_allowed = true;
    // The Platform itself ends runs past RunRequest::timeout and reports timed_out: a host
    // whose clock is not real time (fakehost --live on a virtual clock) must measure a real
    // program's timeout in real time. Off: the engine's clock times runs out (kill_run).
    bool platform_times_runs = false;
    std::filesystem::path store_dir;    // empty: the store lives in memory only
    std::filesystem::path journal_path; // empty: no journal
    bool hot_reload = false;            // poll the scripts folder for changes
    double reload_interval = 1.0;       // seconds between polls (changes seen within 2 s)
    // Asked about the machine scripts folder and each machine script before it loads (the
    // add-in: only administrators may change them, addin/win/admin_only.h); a failure refuses
    // it, logged as an error once. None: every machine script is taken.
    std::function<Status(const std::filesystem::path&)> machine_check;
};

} // namespace oh
