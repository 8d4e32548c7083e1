#include "recording_platform.h"

namespace oh {

namespace {

// Appends r to `kept` when history is kept. Returns the record to hand the listener: the
// stored one, or r itself when nothing is kept.
template <class Record>
const Record& keep(std::vector<Record>& kept, bool keep_history, Record& r) {
    if (!keep_history) return r;
    kept.push_back(std::move(r));
    return kept.back();
}

} // namespace

void RecordingPlatform::log(const LogRecord& record) {
    if (record.level != LogLevel::debug && !record.script.empty()) ++counts_.logs;
    RecordedLog r{t(), record};
    const RecordedLog& kept = keep(logs, keep_history, r);
    if (listener) listener->on_log(kept);
}

void RecordingPlatform::notify(const std::string& script, const std::string& title,
                               const std::string& text) {
    ++counts_.notices;
    RecordedNotice r{t(), script, title, text};
    const RecordedNotice& kept = keep(notices, keep_history, r);
    if (listener) listener->on_notice(kept);
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
    ++counts_.runs;
    runs.push_back({t(), 0.0, request, false, {}, std::move(done)});
    if (listener) listener->on_run(runs.back());
    const std::uint64_t id = request.id;
    if (live) {
        if (!live_runner_) live_runner_ = std::make_unique<LiveRunner>();
        // The result comes back on a runner thread: hand it over, the engine posts it.
        RunDone finish = std::move(runs.back().finish);
        live_runner_->run(id, request.argv, request.timeout, std::move(finish));
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

Status RecordingPlatform::request_state(const std::string& script, State s) {
    ++counts_.state_requests;
    RecordedStateRequest r{t(), s, script};
    const RecordedStateRequest& kept = keep(state_requests, keep_history, r);
    if (listener) listener->on_state_request(kept);
    if (apply_state) return apply_state(s);
    return {};
}

Status RecordingPlatform::send_receive(const std::string& script) {
    ++counts_.send_receives;
    RecordedSendReceive r{t(), script};
    const RecordedSendReceive& kept = keep(send_receives, keep_history, r);
    if (listener) listener->on_send_receive(kept);
    return {};
}

void RecordingPlatform::on_run_finished(std::uint64_t id, const RunResult& result) {
    RecordedRun* r = find_run(id);
    if (!r) return;
    r->done = true;
    r->done_t = t();
    r->result = result;
    r->finish = nullptr;
    if (listener) listener->on_run_done(*r);
    // Without history a finished run is forgotten; the ones still pending stay findable.
    if (!keep_history) runs.erase(runs.begin() + (r - runs.data()));
}

void RecordingPlatform::on_script_error(const ScriptError& e) {
    ++counts_.errors;
    RecordedError r{t(), e};
    const RecordedError& kept = keep(errors, keep_history, r);
    if (listener) listener->on_error(kept);
}

} // namespace oh
