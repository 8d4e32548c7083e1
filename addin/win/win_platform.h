// The engine's Platform on Windows: the log file (and Event Log), notification balloons,
// programs through CreateProcessW, and state requests and Send/Receive sent to Outlook's main
// thread. An adapter over the parts, which AddinRuntime owns and shuts down in order.
#pragma once

#include "log_file.h"
#include "outlook_bridge.h"
#include "platform.h"
#include "process_runner.h"
#include "state_requests.h"
#include "tray_notifier.h"

namespace oh::win {

class WinPlatform final : public Platform {
  public:
    WinPlatform(LogFile& log, TrayNotifier& notifier, ProcessRunner& runner,
                StateRequests& requests, OutlookBridge& outlook)
        : log_(log), notifier_(notifier), runner_(runner), requests_(requests), outlook_(outlook) {}

    void log(const LogRecord& record) override { log_.write(record); }
    void notify(const std::string& script, const std::string& title,
                const std::string& text) override;
    void run(const RunRequest& request, RunDone done) override;
    void kill_run(std::uint64_t id) override { runner_.kill(id); }
    Status request_state(const std::string& script, State s) override {
        return requests_.request(script, s);
    }
    Status send_receive(const std::string& script) override {
        return outlook_.send_receive(script);
    }

  private:
    LogFile& log_;
    TrayNotifier& notifier_;
    ProcessRunner& runner_;
    StateRequests& requests_;
    OutlookBridge& outlook_;
};

} // namespace oh::win
