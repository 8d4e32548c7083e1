#include "state_requests.h"

#include "offline_session.h"

namespace oh::win {

StateRequests::StateRequests(MainThread& main, LogFile& log,
                             std::function<HRESULT(State)> set_state)
    : main_(main), log_(log), set_state_(std::move(set_state)) {}

Status StateRequests::request(const std::string& script, State wanted) {
    if (main_.post([this, script, wanted] { start(script, wanted); })) return {};
    return fail("Outlook's main thread cannot be reached (the add-in is shutting down)");
}

void StateRequests::start(const std::string& script, State wanted) {
    script_ = script;
    wanted_ = wanted;
    tries_ = 0;
    attempt(++generation_);
}

void StateRequests::attempt(unsigned generation) {
    if (generation != generation_) return; // replaced by a newer request
    ++tries_;
    const HRESULT hr = set_state_(wanted_);
    const std::string what = std::string("set_state(\"") + to_string(wanted_) + "\")";
    if (SUCCEEDED(hr)) {
        log_.write(LogLevel::debug, "Outlook accepted " + what, script_);
        return;
    }
    if (hr == E_PENDING && tries_ < kMaxTries &&
        main_.after(kRetryMs, [this, generation] { attempt(generation); }))
        return;
    if (hr == E_PENDING)
        log_.write(LogLevel::warn,
                   what + " dropped: Outlook was still busy with another change after " +
                       std::to_string(tries_) + " tries (E_PENDING)",
                   script_);
    else
        log_.write(LogLevel::warn, "Outlook refused " + what + ": " + hresult_text(hr), script_);
}

} // namespace oh::win
