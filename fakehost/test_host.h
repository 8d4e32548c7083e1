// What the methods of a fakehost.new{...} host share (test_host_api.cpp, test_host_records.cpp).
#pragma once

#include "fake_host.h"
#include "lua_include.h"

namespace oh {

inline constexpr const char* host_mt = "oh.testhost";

// The host at stack index 1 (the method's self); a Lua error if it is not one, or gone.
FakeHost& check_host(lua_State* L);

// host:logs(), host:notifications(), host:runs(), host:state_requests(),
// host:send_receives(), host:errors(): what the host recorded, as lists of tables.
extern const luaL_Reg host_record_methods[];

} // namespace oh
