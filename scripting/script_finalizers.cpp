// A script's finalizers (__gc metamethods, see finalizers.h) and the closing of its state:
// each runs under a time budget, and those left when it is spent are skipped.
#include "script.h"

#include "engine.h"
#include "text_file.h"

#include <cmath>
#include <string>

namespace oh {

void Script::close() {
    if (!L_) return;
    const double budget = engine_.call_budget();
    closing_ = true;
    deadline_capped_ = budget < engine_.options().budget;
    close_deadline_ = steady_seconds() + budget;
    overrun_ = false;
    gc_errors_ = 0;
    finalizers_skipped_ = 0;
    // L_ stays set while Lua closes the state: a finalizer may still call the hooks API,
    // and what it calls may reach the state through L().
    lua_close(L_.get());
    static_cast<void>(L_.release());
    closing_ = false;
    const bool shutdown = engine_.interrupted() || deadline_capped_;
    if (gc_errors_ > gc_errors_shown)
        engine_.log(this, LogLevel::error,
                    std::to_string(gc_errors_ - gc_errors_shown) +
                        " more error(s) in __gc finalizers while closing the script");
    if (finalizers_skipped_ > 0)
        engine_.log(this, shutdown ? LogLevel::info : LogLevel::warn,
                    std::to_string(finalizers_skipped_) + " __gc finalizer(s) of " +
                        path_to_utf8(path_) +
                        " not run: closing the script is past its time budget of " +
                        std::to_string(std::lround(budget * 1000)) +
                        " ms; the state was freed without them");
}

bool Script::finalizer_may_run() {
    // Past the budget (of the call under way, or of the closing) none runs any more: each
    // would cost a coroutine and up to a hook period before its interruption.
    const bool spent =
        overrun_ || engine_.interrupted() || (closing_ && steady_seconds() >= close_deadline_);
    if (!spent) return true;
    ++finalizers_skipped_;
    return false;
}

void Script::run_finalizer(lua_State* co, lua_State* from) {
    // Outside a call (closing the state, a collection the host caused) it gets a budget of
    // its own; inside one, what is left of the call's.
    const bool own = deadline_ == 0.0;
    if (own) {
        overrun_ = false;
        shutdown_cut_ = false;
        deadline_ = closing_ ? close_deadline_ : steady_seconds() + engine_.call_budget();
    }
    lua_sethook(co, budget_hook, LUA_MASKCOUNT, hook_every);
    int results = 0;
    const int status = lua_resume(co, from, 1, &results); // co: results | err
    if (status != LUA_OK && status != LUA_YIELD) {
        std::string text;
        if (status == LUA_ERRMEM) {
            text = memory_text();
        } else {
            const char* msg = lua_tostring(co, -1);
            if (!msg)
                msg = lua_pushfstring(co, "(error object is a %s value)", luaL_typename(co, -1));
            luaL_traceback(from, co, msg, 0); // ... traceback
            text = lua_tostring(from, -1);
            lua_pop(from, 1); // ...
            if (overrun_ && text.find("time budget") == std::string::npos)
                text = overrun_text(text);
        }
        report_finalizer_error(std::move(text), own);
    }
    if (own) {
        deadline_ = 0.0;
        // While closing, an overrun ends the finalizers: the rest are skipped.
        if (!closing_) overrun_ = false;
    }
}

void Script::report_finalizer_error(std::string error, bool own_budget) {
    if (overrun_ && (engine_.interrupted() || deadline_capped_)) {
        engine_.log(this, LogLevel::info,
                    "__gc finalizer interrupted: OfflineHooks is shutting down");
        return;
    }
    if (++gc_errors_ <= gc_errors_shown)
        engine_.report_script_error(*this, error, "__gc finalizer");
    // Inside a call, the call fails with it; while closing there is nothing left to count.
    if (own_budget && !closing_) {
        count_result(false);
        gc_errors_ = 0;
    }
}

void Script::warning(void* ud, const char* msg, int tocont) {
    auto* s = static_cast<Script*>(ud);
    if (s->warning_.empty() && !tocont && msg[0] == '@') return; // "@on", "@off"
    s->warning_ += msg;
    if (tocont) return;
    std::string text = std::move(s->warning_);
    s->warning_.clear();
    // Lua's own: "error in __gc (...)" when a finalizer failed outside our reach.
    const bool error = text.rfind("error in ", 0) == 0;
    s->engine_.log(s, error ? LogLevel::error : LogLevel::warn, "Lua warning: " + text);
}

} // namespace oh
