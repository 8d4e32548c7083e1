// Outlook's object model for the add-in's other threads: the connection mode (the dispatcher's
// ModeReader) and Send/Receive (hooks.outlook.send_receive). The object model may be called on
// Outlook's main thread only, so every call is posted there through the main-thread window
// (main_thread.h) and answers asynchronously: the dispatcher never waits on Outlook's thread
// and Outlook's thread never waits on the add-in. Holds Outlook's Application from the start
// to the shutdown.
#pragma once

#include "com_ptr.h"
#include "log_file.h"
#include "main_thread.h"
#include "mode_reader.h"
#include "result.h"

#include <oaidl.h>

#include <string>

namespace oh::win {

class OutlookBridge final : public ModeReader {
  public:
    OutlookBridge(MainThread& main, LogFile& log) : main_(main), log_(log) {}
    OutlookBridge(const OutlookBridge&) = delete;
    OutlookBridge& operator=(const OutlookBridge&) = delete;

    // Main thread: keeps / lets go of Outlook's Application. Let go only once the main thread's
    // queue is closed (MainThread::close), so that no posted call is left to need it.
    void attach(IDispatch* application) { application_ = ComPtr<IDispatch>::share(application); }
    void detach() { application_.reset(); }

    // Main thread: Application.Session.ExchangeConnectionMode now; unknown when it cannot be
    // read (said once in the log, as a warning).
    ConnectionMode read_mode_now();
    // Any thread, never blocks: the read is posted to the main thread. `done` gets unknown at
    // once when the post fails, and when the add-in shuts down before the read ran.
    void read_mode(Done done) override;

    // Any thread, never blocks: Application.Session.SendAndReceive(false) soon on the main
    // thread; a refusal is logged there as a warning naming the script. Fails (saying why)
    // only when the main thread cannot be reached.
    Status send_receive(const std::string& script);

  private:
    void send_receive_now(const std::string& script); // main thread

    MainThread& main_;
    LogFile& log_;
    ComPtr<IDispatch> application_;    // main thread only
    bool mode_failure_logged_ = false; // main thread only
};

} // namespace oh::win
