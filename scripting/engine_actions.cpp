// The engine's side of the hooks API: timers, programs (hooks.run), state requests
// (hooks.outlook.set_state), Send/Receive and the scripts' stores.
#include "engine.h"

#include "long_path.h"

#include <cmath>

namespace oh {

namespace fs = std::filesystem;

namespace {

// Due times this close to now count as now: two float sums of one instant may differ in
// their last bits (a clock advanced by 0.1 a hundred times, a tick at first + 100 * 0.1).
constexpr double timer_slack = 1e-6;

// fn result* -> fn{code=, stdout=, stderr=, timed_out=}
int exit_trampoline(lua_State* L) {
    const auto* r = static_cast<const RunResult*>(lua_touserdata(L, 2));
    lua_settop(L, 1);         // fn
    lua_createtable(L, 0, 4); // fn t
    if (r->code) {
        lua_pushinteger(L, *r->code); // fn t code
        lua_setfield(L, -2, "code");  // fn t
    }
    lua_pushlstring(L, r->out.data(), r->out.size()); // fn t out
    lua_setfield(L, -2, "stdout");                    // fn t
    lua_pushlstring(L, r->err.data(), r->err.size()); // fn t err
    lua_setfield(L, -2, "stderr");                    // fn t
    lua_pushboolean(L, r->timed_out);                 // fn t timed_out
    lua_setfield(L, -2, "timed_out");                 // fn t
    lua_call(L, 1, 0);                                // (empty)
    return 0;
}

} // namespace

// ---------------------------------------------------------------- timers

std::uint64_t Engine::add_timer(Script& s, int fn_ref, double delay, double interval) {
    if (!s.memory().charge(bookkeeping::timer)) return 0;
    const std::uint64_t id = next_timer_id_++;
    LuaTimer t{fn_ref, interval, clock_.now() + delay, 0, 0, s.next_chain(clock_.now())};
    const std::uint64_t uid = s.uid();
    t.queue_id = timers_.add(t.first, [this, uid, id] { fire_timer(uid, id); });
    s.add_timer(id, t);
    return id;
}

bool Engine::cancel_timer(Script& s, std::uint64_t timer_id) {
    const LuaTimer* t = s.timer(timer_id);
    if (!t) return false;
    timers_.cancel(t->queue_id);
    luaL_unref(s.L(), LUA_REGISTRYINDEX, t->fn_ref);
    s.remove_timer(timer_id);
    s.memory().release(bookkeeping::timer);
    return true;
}

void Engine::fire_timer(std::uint64_t script_uid, std::uint64_t timer_id) {
    Script* s = find_script(script_uid);
    if (!s || s->quarantined()) return;
    LuaTimer* found = s->timer(timer_id);
    if (!found) return;
    LuaTimer& t = *found;
    const int fn_ref = t.fn_ref;
    const bool repeat = t.interval > 0;
    const char* what = repeat ? "hooks.every callback" : "hooks.after callback";
    if (s->chain_runs_away(t.chain, clock_.now())) return s->stop_chain(what);
    const ChainMark chain = t.chain;
    if (repeat) {
        // Counted, not summed: the 100th tick of a 0.1 s timer lands at a clock advanced to
        // exactly 10 s, not after it.
        const double due = t.next_due(clock_.now());
        t.queue_id =
            timers_.add(due, [this, script_uid, timer_id] { fire_timer(script_uid, timer_id); });
    } else {
        s->remove_timer(timer_id);
        s->memory().release(bookkeeping::timer);
    }
    lua_rawgeti(s->L(), LUA_REGISTRYINDEX, fn_ref); // fn
    s->set_running_chain(chain);
    s->call(0, what);
    s->set_running_chain({});
    if (!repeat) luaL_unref(s->L(), LUA_REGISTRYINDEX, fn_ref);
}

void Engine::run_due_timers() {
    const double now = clock_.now() + timer_slack;
    while (auto fn = timers_.pop_due(now)) fn();
}

std::optional<double> Engine::next_timer_due() {
    auto due = timers_.next_due();
    // Due within the slack of now: due now (the host compares with its clock exactly).
    if (due && *due > clock_.now() && *due <= clock_.now() + timer_slack) return clock_.now();
    return due;
}

// ---------------------------------------------------------------- programs

Result<std::uint64_t> Engine::start_run(Script& s, std::vector<std::string> argv, double timeout,
                                        int on_exit_ref) {
    if (s.runs_running() >= options_.max_runs_per_script)
        return fail("this script already has " + std::to_string(options_.max_runs_per_script) +
                    " programs running (the limit); wait for one to finish");
    if (!s.memory().charge(bookkeeping::run)) return fail(s.memory_cap_message());
    const std::uint64_t id = next_run_id_++;
    RunRecord r{s.uid(), on_exit_ref, 0, false, s.next_chain(clock_.now())};
    if (timeout > 0 && !options_.platform_times_runs)
        r.timeout_timer = timers_.add(clock_.now() + timeout, [this, id] { run_timed_out(id); });
    runs_.emplace(id, r);
    s.run_started();
    std::weak_ptr<Inbox> inbox = inbox_;
    RunRequest request{id, s.name(), std::move(argv), timeout};
    platform_.run(request, [this, inbox, id](RunResult result) {
        auto box = inbox.lock();
        if (!box) return;
        std::lock_guard lock(box->mutex);
        if (!box->open) return;
        box->tasks.push_back(
            [this, id, res = std::move(result)]() mutable { finish_run(id, std::move(res)); });
        if (box->wake) box->wake();
    });
    return id;
}

void Engine::run_timed_out(std::uint64_t run_id) {
    auto it = runs_.find(run_id);
    if (it == runs_.end()) return;
    it->second.timed_out = true;
    it->second.timeout_timer = 0;
    platform_.kill_run(run_id);
}

void Engine::finish_run(std::uint64_t run_id, RunResult result) {
    auto it = runs_.find(run_id);
    if (it == runs_.end()) return; // its script was unloaded, or it was reported already
    const RunRecord r = it->second;
    runs_.erase(it);
    if (r.timeout_timer) timers_.cancel(r.timeout_timer);
    result.timed_out = result.timed_out || r.timed_out;
    platform_.on_run_finished(run_id, result);
    Script* s = find_script(r.script_uid);
    if (!s) return;
    s->run_finished();
    s->memory().release(bookkeeping::run);
    if (r.on_exit_ref == LUA_NOREF) return;
    if (s->quarantined()) {
    } else if (s->chain_runs_away(r.chain, clock_.now())) {
        s->stop_chain("hooks.run on_exit");
    } else {
        lua_State* L = s->L();
        lua_pushcfunction(L, exit_trampoline);            // tramp
        lua_rawgeti(L, LUA_REGISTRYINDEX, r.on_exit_ref); // tramp fn
        lua_pushlightuserdata(L, &result);                // tramp fn result
        s->set_running_chain(r.chain);
        s->call(2, "hooks.run on_exit");
        s->set_running_chain({});
    }
    luaL_unref(s->L(), LUA_REGISTRYINDEX, r.on_exit_ref);
}

// ---------------------------------------------------------------- state requests

// A quarantined script is off: only its finalizers still run (when its state closes), and they
// must not act on Outlook.
Status Engine::refuse_if_quarantined(const Script& s, const char* what) {
    if (!s.quarantined()) return {};
    std::string msg = std::string(what) + " refused: script '" + s.name() + "' is quarantined";
    log(&s, LogLevel::warn, msg);
    return fail(std::move(msg));
}

Status Engine::request_state(Script& s, State wanted) {
    if (Status off = refuse_if_quarantined(s, "set_state"); !off.ok()) return off;
    const double now = clock_.now();
    if (!s.admit_state_request(now, options_.set_state_window, options_.set_state_limit)) {
        std::string msg = "set_state refused: at most " + std::to_string(options_.set_state_limit) +
                          " requests per " +
                          std::to_string(std::lround(options_.set_state_window)) +
                          " s from one script (a guard against scripts flipping Outlook back and "
                          "forth)";
        log(&s, LogLevel::warn, msg);
        return fail(std::move(msg));
    }
    if (Status sent = platform_.request_state(s.name(), wanted); !sent.ok()) return sent;
    pending_request_ =
        PendingRequest{wanted, s.name(), s.running_subscription(), now, current_seq_};
    return {};
}

// ---------------------------------------------------------------- Send/Receive

Status Engine::send_receive(Script& s) {
    if (Status off = refuse_if_quarantined(s, "send_receive"); !off.ok()) return off;
    if (!s.admit_send_receive(clock_.now(), options_.set_state_window, options_.set_state_limit)) {
        std::string msg = "send_receive refused: at most " +
                          std::to_string(options_.set_state_limit) + " requests per " +
                          std::to_string(std::lround(options_.set_state_window)) +
                          " s from one script";
        log(&s, LogLevel::warn, msg);
        return fail(std::move(msg));
    }
    return platform_.send_receive(s.name());
}

// ---------------------------------------------------------------- stores

Store& Engine::store(Script& s) {
    auto it = stores_.find(s.name());
    if (it != stores_.end()) return *it->second;
    fs::path file;
    if (!options_.store_dir.empty()) {
        file = options_.store_dir / path_from_utf8(s.name() + ".store");
        adopt_misread_file(options_.store_dir, s.name() + ".store"); // an earlier build's
    }
    auto store = std::make_unique<Store>(file);
    if (Status loaded = store->load(); !loaded.ok())
        log(&s, LogLevel::warn, "store: " + loaded.error());
    return *stores_.emplace(s.name(), std::move(store)).first->second;
}

} // namespace oh
