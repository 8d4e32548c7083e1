#include "recording_platform.h"

namespace oh {

void RecordingPlatform::log(const LogRecord& record) {
    logs.push_back({t(), record});
    if (listener) listener->on_log(logs.back());
}

void RecordingPlatform::notify(const std::string& script, const std::string& title,
                               const std::string& text) {
    notices.push_back({t(), script, title, text});
    if (listener) listener->on_notice(notices.back());
    if (live) LiveRunner::desktop_notify(title, text);
}

RecordedRun* RecordingPlatform::find_run(std::uint64_t id) {
    // From the newest: the run asked about is nearly always one of the last few, and a
    // search from the front made `fakehost run` quadratic in the number of runs.
    for (auto r = runs.rbegin(); r != runs.rend(); ++r)
        if (r->request.id == id) return &*r;
    return nullptr;
}

void RecordingPlatform::run(const RunRequest& request, RunDone done) {
    runs.push_back({t(), request, false, {}, std::move(done)});
    if (listener) listener->on_run(runs.back());
    const std::uint64_t id = request.id;
    if (live) {
        if (!live_runner_) live_runner_ = std::make_unique<LiveRunner>();
        // The result comes back on a runner thread: hand it over, the engine posts it.
        RunDone finish = std::move(runs.back().finish);
        live_runner_->run(id, request.argv, std::move(finish));
    } else if (finish_runs_at_once) {
        RunResult r;
        r.code = 0;
        finish(id, std::move(r));
    }
}

bool RecordingPlatform::finish(std::uint64_t id, RunResult result) {
    RecordedRun* r = find_run(id);
    if (!r || !r->finish) return false;
    RunDone done = std::move(r->finish);
    r->finish = nullptr;
    done(std::move(result));
    return true;
}

void RecordingPlatform::kill_run(std::uint64_t id) {
    if (live && live_runner_) {
        live_runner_->kill(id);
        return;
    }
    RunResult r;
    r.timed_out = true;
    finish(id, std::move(r));
}

std::optional<std::string> RecordingPlatform::request_state(const std::string& script, State s) {
    state_requests.push_back({t(), s, script});
    if (listener) listener->on_state_request(state_requests.back());
    if (apply_state) return apply_state(s);
    return std::nullopt;
}

void RecordingPlatform::on_run_finished(std::uint64_t id, const RunResult& result) {
    RecordedRun* r = find_run(id);
    if (!r) return;
    r->done = true;
    r->result = result;
    r->finish = nullptr;
    if (listener) listener->on_run_done(*r);
}

void RecordingPlatform::on_script_error(const ScriptError& e) {
    errors.push_back({t(), e});
    if (listener) listener->on_error(errors.back());
}

} // namespace oh
