// The sandbox a script runs in: base (no dofile/loadfile outside the scripts folder, load
// text-only), string, table, math, utf8, coroutine and os.time/clock/date/getenv/difftime.
// No io, os.execute, io.popen, package.loadlib, string.dump, debug or binary chunks.
#pragma once

#include "lua_include.h"

namespace oh {

// Opens the libraries into the state's globals and removes what scripts may not use.
void open_sandbox(lua_State* L);

} // namespace oh
