// The add-in as Outlook and the fake host both drive it: the notification sink, the offline
// session against an IMAPIOfflineMgr, the engine and its dispatcher. No Win32 here:
// addin/win wraps this in a COM DLL, fakehost wraps it in a CLI.
#pragma once

#include "engine_options.h"
#include "engine_status.h"
#include "event.h"
#include "offline_api.h"
#include "result.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace oh {

class Clock;
class Engine;
class FolderWatch;
class ModeReader;
class Platform;
class OfflineSession;

struct AddinConfig {
    std::filesystem::path scripts_dir; // the user's; empty: no user scripts
    // The administrators' folder for every user of the machine (empty: none). Its scripts load
    // beside the user's and win on a name clash; engine.machine_check may refuse them.
    std::filesystem::path machine_scripts_dir;
    // When not empty: exactly these script files instead of the folder (the fake host's
    // `scripts = {...}`).
    std::vector<std::filesystem::path> script_files;
    EngineOptions engine;
    // true: handlers run on a dispatcher thread of their own (the add-in);
    // false: the host calls pump() to run them on its own thread (the fake host).
    bool threaded = true;
    // Hot reload learns of changes in scripts_dir from this (it must outlive the core);
    // none: it polls. Only with engine.hot_reload. machine_scripts_dir is always polled.
    FolderWatch* folder_watch = nullptr;
    // Outlook's ExchangeConnectionMode, read for every notification before it is delivered
    // (it must outlive the core). A notification waits for the answer at most mode_wait
    // seconds, then goes out with mode "unknown". None: every mode is "unknown".
    ModeReader* mode_reader = nullptr;
    double mode_wait = 0.5;
};

class AddinCore {
  public:
    AddinCore(Platform& platform, Clock& clock, AddinConfig config);
    ~AddinCore();
    AddinCore(const AddinCore&) = delete;
    AddinCore& operator=(const AddinCore&) = delete;

    // GetCapabilities, Advise, GetCurrentState, load the scripts, "start". On failure says
    // why (also logged through the platform) and leaves nothing advised.
    Status start(IMAPIOfflineMgr* mgr);
    // Unadvise first (so no new notification arrives), then "stop" handlers within the
    // deadline, then join the dispatcher. Safe to call twice.
    void shutdown(double deadline_seconds = 0.4);

    // Runs queued notifications, posted work and due timers on the calling thread until
    // nothing is left (unthreaded mode only).
    void pump();
    // Unthreaded: sleeps until there is work (a posted result, a folder change, ...) or
    // `seconds` have passed. pump() runs it.
    void wait(double seconds);

    // IMAPIOffline::SetCurrentState(async) for a script's request; call it on the thread
    // that may talk to Outlook.
    HRESULT set_state(State s);
    State current_state() const;

    // Any thread: the scripts' status as the dispatcher last published it (the ribbon).
    EngineStatus status() const;
    // Called on the dispatcher thread whenever the status changed; must not block.
    void set_status_changed(std::function<void()> changed);
    // Any thread, never blocks: every script is reloaded on the dispatcher thread ("Reload
    // scripts" on the ribbon).
    void request_reload();

    Engine& engine();
    OfflineSession& session();
    IMAPIOfflineNotify* sink(); // the object handed to Advise

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace oh
