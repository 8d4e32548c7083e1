// An Engine driven directly, for tests that need what the fake host does not play: the
// notifications' ExchangeConnectionMode, a Platform that accepts every request.
#pragma once

#include "support.h"

#include "engine.h"

#include <string>
#include <utility>
#include <vector>

namespace oh::test {

// Accepts every request and keeps what it was asked.
class ListPlatform final : public Platform {
  public:
    void log(const LogRecord& r) override { logs.push_back(r); }
    void notify(const std::string&, const std::string&, const std::string&) override {}
    void run(const RunRequest&, RunDone done) override { done(RunResult{}); }
    void kill_run(std::uint64_t) override {}
    Status request_state(const std::string& script, State s) override {
        state_requests.emplace_back(script, s);
        return {};
    }
    Status send_receive(const std::string& script) override {
        if (!refuse_send_receive.empty()) return fail(refuse_send_receive);
        send_receives.push_back(script);
        return {};
    }

    std::vector<LogRecord> logs;
    std::vector<std::pair<std::string, State>> state_requests;
    std::vector<std::string> send_receives;
    std::string refuse_send_receive; // not empty: send_receive fails with this
};

// One script in a folder of its own, loaded and started; go() plays a whole transition.
class EngineRig {
  public:
    explicit EngineRig(const std::string& script, State initial = State::online,
                       ConnectionMode mode = ConnectionMode::unknown, EngineOptions o = {}) {
        dir_.write("s.lua", script);
        engine = std::make_unique<Engine>(platform, clock, std::move(o));
        engine->load_folder(dir_.path());
        engine->set_mode(mode);
        engine->start(initial);
    }
    ~EngineRig() { engine->stop(); }
    EngineRig(const EngineRig&) = delete;
    EngineRig& operator=(const EngineRig&) = delete;

    // Outlook goes to `to` (START, CHANGE, DONE), each notification read with `mode`.
    void go(State to, ConnectionMode mode,
            const std::vector<Phase>& phases = {Phase::start, Phase::change, Phase::done}) {
        for (Phase p : phases) {
            Notification n;
            n.seq = ++seq_;
            n.phase = p;
            n.old_state = to == State::offline ? State::online : State::offline;
            n.new_state = to;
            n.mode = mode;
            engine->deliver(n);
        }
    }
    // The script's messages at `level` (all levels when none).
    std::vector<std::string> messages(const char* level = nullptr) const {
        std::vector<std::string> out;
        for (const auto& l : platform.logs)
            if (!l.script.empty() && (!level || std::string(level) == to_string(l.level)))
                out.push_back(l.message);
        return out;
    }

    VirtualClock clock;
    ListPlatform platform;
    std::unique_ptr<Engine> engine;

  private:
    ScriptDir dir_;
    std::uint64_t seq_ = 0;
};

} // namespace oh::test
