#include "fake_host.h"

#include "engine.h"
#include "offline_session.h"

#include <chrono>
#include <thread>

namespace oh {

FakeHost::FakeHost(FakeHostOptions options)
    : options_(std::move(options)),
      outlook_(ComPtr<FakeOutlook>::attach(FakeOutlook::create(options_.initial))) {
    outlook_->set_mode(options_.initial_mode); // what the add-in's read at start answers
    platform_.live = options_.live;
    platform_.finish_runs_at_once = options_.finish_runs_at_once;
    AddinConfig config;
    config.scripts_dir = options_.dir;
    config.machine_scripts_dir = options_.machine_dir;
    config.script_files = options_.files;
    config.engine = options_.engine;
    config.engine.profile = options_.profile;
    config.folder_watch = options_.folder_watch;
    // --live runs real programs: their timeouts are real seconds, not virtual ones.
    config.engine.platform_times_runs = options_.live;
    config.threaded = false;
    config.mode_reader = &mode_reader_;
    core_ = std::make_unique<AddinCore>(platform_, clock_, std::move(config));
    core_->engine().set_observer(&platform_);
    // A script's set_state goes to Outlook as the add-in sends it: SetCurrentState.
    platform_.apply_state = [this](State s) -> Status {
        const HRESULT hr = core_->set_state(s);
        if (FAILED(hr))
            return fail("Outlook refused the change: SetCurrentState returned " + hresult_text(hr));
        return {};
    };
}

FakeHost::~FakeHost() {
    stop();
}

Status FakeHost::start() {
    Status started = core_->start(outlook_.get());
    pump();
    return started;
}

void FakeHost::go(State to, const std::vector<Phase>& phases, ConnectionMode mode) {
    outlook_->transition(to, phases, mode);
    pump();
}

void FakeHost::send_raw(const RawNotify& raw) {
    outlook_->send_raw(raw);
    pump();
}

void FakeHost::advance_to(double t) {
    pump();
    // Timers due on the way fire at their own times, in order; each may set new ones.
    for (auto due = core_->engine().next_timer_due(); due && *due <= t;
         due = core_->engine().next_timer_due()) {
        clock_.set(*due);
        pump();
    }
    clock_.set(t);
    pump();
}

void FakeHost::play(const Scenario& scenario) {
    for (const auto& step : scenario.steps) play(step);
}

void FakeHost::play(const ScenarioStep& step) {
    advance_to(step.time);
    switch (step.kind) {
    case ScenarioStep::Kind::transition:
        go(step.state, step.phases, step.mode);
        break;
    case ScenarioStep::Kind::raw:
        send_raw(step.raw);
        break;
    case ScenarioStep::Kind::end:
        break;
    }
}

bool FakeHost::reload(bool force) {
    const bool changed = core_->engine().reload(force);
    pump();
    return changed;
}

void FakeHost::stop() {
    if (stopped_) return;
    stopped_ = true;
    core_->shutdown(1.0);
}

} // namespace oh

namespace oh {

void FakeHost::settle(double seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    for (;;) {
        pump();
        bool pending = false;
        for (const auto& r : platform_.runs) pending = pending || !r.done;
        const auto now = std::chrono::steady_clock::now();
        if (!pending || now >= until) return;
        core_->wait(std::chrono::duration<double>(until - now).count()); // a result wakes it
    }
}

} // namespace oh
