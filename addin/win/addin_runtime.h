// Everything the add-in runs once Outlook has started it: the log, the Windows platform, the
// MAPI DLL and the portable AddinCore (sink, session, engine, dispatcher thread). Created and
// shut down on Outlook's main thread, by the add-in object (connect.h).
//
// Start-up (on Outlook's main thread, from a message posted by OnStartupComplete or
// OnConnection, so that Outlook's own start-up is not held up): profile name by late binding,
// MAPI DLL, HrOpenOfflineObj, the connection mode, then AddinCore::start (GetCapabilities, Advise;
// the scripts load on the dispatcher thread). A failure is logged with its reason and the add-in
// stays idle: Outlook carries on either way.
#pragma once

#include "addin_core.h"
#include "clock.h"
#include "com_ptr.h"
#include "folder_watch.h"
#include "log_file.h"
#include "main_thread.h"
#include "mapi_dll.h"
#include "outlook_bridge.h"
#include "paths.h"
#include "process_runner.h"
#include "settings.h"
#include "state_requests.h"
#include "tray_notifier.h"
#include "win_platform.h"

#include <functional>
#include <memory>
#include <optional>

#include <oaidl.h>

namespace oh::win {

class AddinRuntime {
  public:
    // Main thread (cheap: reads the settings, opens the log). `main` outlives it.
    explicit AddinRuntime(MainThread& main);
    ~AddinRuntime();
    AddinRuntime(const AddinRuntime&) = delete;
    AddinRuntime& operator=(const AddinRuntime&) = delete;

    // Main thread; reads the profile from `application` and starts monitoring.
    void start(IDispatch* application);
    // Main thread: Unadvise, scripts' "stop" within the deadline, join the dispatcher, end
    // programs still running, join every thread, free the MAPI DLL. Idempotent.
    void shutdown(double deadline_seconds = 0.4) noexcept;

    // For the ribbon (ribbon.h), main thread: the core while it monitors Outlook (else
    // nullptr), the user's scripts folder, the log. set_status_changed before start(): called
    // on the dispatcher thread whenever the scripts' status changed (AddinCore's).
    AddinCore* core() { return monitoring_ && !shut_down_ ? core_.get() : nullptr; }
    const std::filesystem::path& scripts_dir() const { return settings_.scripts_dir.value; }
    LogFile& log() { return log_; }
    void set_status_changed(std::function<void()> changed) { status_changed_ = std::move(changed); }

  private:
    void start_monitoring(IDispatch* application);
    void log_start_line();
    std::string machine_folder_text() const;
    Status open_offline_manager(IDispatch* application, ComPtr<IMAPIOfflineMgr>& mgr,
                                std::wstring& profile);

    MainThread& main_;
    std::filesystem::path data_dir_;
    Settings settings_; // read once, before anything that depends on them
    LogFile log_;
    TrayNotifier notifier_;
    ProcessRunner runner_; // programs started by scripts run in the scripts folder
    StateRequests requests_;
    OutlookBridge outlook_; // outlives core_: its ModeReader; holds the Application
    WinPlatform platform_;
    RealClock clock_;
    WinFolderWatch watch_;            // outlives core_: hot reload's change notifications
    std::optional<MapiDll> mapi_;     // outlives core_: the manager's code lives in it
    std::unique_ptr<AddinCore> core_; // on Outlook's thread only
    bool shut_down_ = false;
    bool monitoring_ = false;
    std::function<void()> status_changed_;
};

} // namespace oh::win
