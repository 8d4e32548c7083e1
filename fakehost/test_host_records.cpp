// What a fakehost.new{...} host recorded, as Lua lists: host:logs(), host:runs(), ...
#include "test_host.h"

#include <string>

namespace oh {

namespace {

void set_field(lua_State* L, const char* k, const std::string& v) {
    lua_pushlstring(L, v.data(), v.size()); // t v
    lua_setfield(L, -2, k);                 // t
}

// Pushes a list of one table per record that `keep` accepts, each filled by `fill` (with
// the entry on top of the stack). The accessors of what a fake host recorded.
template <class Records, class Keep, class Fill>
int push_records(lua_State* L, const Records& records, Keep keep, Fill fill) {
    lua_newtable(L); // list
    lua_Integer n = 0;
    for (const auto& r : records) {
        if (!keep(r)) continue;
        lua_newtable(L);      // list entry
        fill(r);              // list entry
        lua_seti(L, -2, ++n); // list
    }
    return 1;
}

template <class Records, class Fill>
int push_records(lua_State* L, const Records& records, Fill fill) {
    return push_records(
        L, records, [](const auto&) { return true; }, fill);
}

int host_logs(lua_State* L) {
    FakeHost& h = check_host(L);
    const char* level = luaL_optstring(L, 2, nullptr);
    const auto keep = [level](const RecordedLog& l) {
        // The host's own lines are not the script's.
        return !l.record.script.empty() &&
               (!level || std::string(level) == to_string(l.record.level));
    };
    return push_records(L, h.record().logs, keep, [L](const RecordedLog& l) {
        set_field(L, "level", to_string(l.record.level));
        set_field(L, "message", l.record.message);
        set_field(L, "script", l.record.script);
        lua_pushnumber(L, l.record.time); // entry time
        lua_setfield(L, -2, "time");      // entry
    });
}

int host_notifications(lua_State* L) {
    return push_records(L, check_host(L).record().notices, [L](const RecordedNotice& x) {
        set_field(L, "title", x.title);
        set_field(L, "text", x.text);
        set_field(L, "script", x.script);
    });
}

int host_runs(lua_State* L) {
    return push_records(L, check_host(L).record().runs, [L](const RecordedRun& r) {
        lua_createtable(L, static_cast<int>(r.request.argv.size()), 0); // entry argv
        lua_Integer i = 0;
        for (const auto& a : r.request.argv) {
            lua_pushlstring(L, a.data(), a.size()); // entry argv a
            lua_seti(L, -2, ++i);                   // entry argv
        }
        lua_setfield(L, -2, "argv"); // entry
        set_field(L, "script", r.request.script);
        lua_pushboolean(L, r.done);                                 // entry done
        lua_setfield(L, -2, "done");                                // entry
        lua_pushinteger(L, static_cast<lua_Integer>(r.request.id)); // entry id
        lua_setfield(L, -2, "id");                                  // entry
        lua_pushnumber(L, r.request.timeout);                       // entry timeout
        lua_setfield(L, -2, "timeout");                             // entry
    });
}

int host_state_requests(lua_State* L) {
    return push_records(L, check_host(L).record().state_requests,
                        [L](const RecordedStateRequest& r) {
                            set_field(L, "state", to_string(r.state));
                            set_field(L, "script", r.script);
                        });
}

int host_errors(lua_State* L) {
    return push_records(L, check_host(L).record().errors, [L](const RecordedError& e) {
        set_field(L, "script", e.error.script);
        set_field(L, "message", e.error.message);
    });
}

int host_send_receives(lua_State* L) {
    return push_records(L, check_host(L).record().send_receives, [L](const RecordedSendReceive& r) {
        set_field(L, "script", r.script);
        lua_pushnumber(L, r.t);   // entry t
        lua_setfield(L, -2, "t"); // entry
    });
}

} // namespace

const luaL_Reg host_record_methods[] = {{"logs", host_logs},
                                        {"notifications", host_notifications},
                                        {"runs", host_runs},
                                        {"state_requests", host_state_requests},
                                        {"send_receives", host_send_receives},
                                        {"errors", host_errors},
                                        {nullptr, nullptr}};

} // namespace oh
