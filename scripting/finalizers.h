// Scripts' finalizers (__gc) under the time budget.
//
// Lua runs a __gc metamethod with debug hooks turned off (lgc.c's GCTM), so the budget's
// count hook cannot stop a finalizer that loops: `collectgarbage()` in a handler, or closing
// the state at a reload or at Outlook's shutdown, would hang the host for good. So Lua never
// gets to call a script's __gc itself: the sandbox's setmetatable hides the __gc field from
// Lua while it sets the metatable (the table is not marked for finalization) and ties a
// sentinel userdata of ours to the table instead. When the table is garbage, the sentinel is
// too; its own __gc (C++, quick) looks up the table's current __gc and runs it in a new
// coroutine, where hooks work, under the budget of the call under way, or its own budget
// when none is (closing the state).
//
// What a script sees is Lua's behaviour: the __gc is looked up when the table is collected,
// the table is resurrected for the call, a finalizer that sets a __gc metatable again is
// called again at a later collection, and nothing is finalized for a __gc added to the
// metatable after setmetatable. Userdata never reach scripts with a metatable they can change
// (the handles' metatables are locked), so tables are all there is.
#pragma once

#include "lua_include.h"

namespace oh {

// Replaces the global setmetatable; call after open_sandbox.
void open_finalizers(lua_State* L);

} // namespace oh
