// Scripts' hooks.outlook.set_state, on Outlook's terms: the request leaves the dispatcher
// thread at once (posted to Outlook's main thread), SetCurrentState is called there,
// asynchronously, and never from inside a Notify. While Outlook is busy with another change it
// answers E_PENDING: the request is tried again a few times, a short timer apart, then dropped
// with a warning. A newer request replaces one still waiting.
#pragma once

#include "event.h"
#include "log_file.h"
#include "main_thread.h"
#include "offline_api.h"
#include "result.h"

#include <functional>
#include <string>

namespace oh::win {

class StateRequests {
  public:
    static constexpr int kMaxTries = 6;
    static constexpr unsigned kRetryMs = 250;

    // set_state: AddinCore::set_state (main thread only).
    StateRequests(MainThread& main, LogFile& log, std::function<HRESULT(State)> set_state);
    StateRequests(const StateRequests&) = delete;
    StateRequests& operator=(const StateRequests&) = delete;

    // Any thread: succeeds when the request is on its way, else says why not.
    Status request(const std::string& script, State wanted);

  private:
    void start(const std::string& script, State wanted); // main thread
    void attempt(unsigned generation);                   // main thread

    MainThread& main_;
    LogFile& log_;
    std::function<HRESULT(State)> set_state_;
    // Main thread only.
    std::string script_;
    State wanted_ = State::unknown;
    int tries_ = 0;
    unsigned generation_ = 0;
};

} // namespace oh::win
