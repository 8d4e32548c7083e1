// The sandbox a script runs in: base (dofile/loadfile only inside the scripts folder,
// require only from its lib/, load text-only), string, table, math, utf8, coroutine and
// os.time/clock/date/getenv/difftime. No io, os.execute, io.popen, package.loadlib,
// string.dump, debug or binary chunks. The C functions that could run long (the count hook
// never fires inside one) are bounded: see sandbox_limits.cpp and docs/api.md, "Limits".
#pragma once

#include "lua_include.h"

#include <cstddef>

namespace oh {

// The largest chunk load, loadfile, dofile and require compile (never more than the script's
// remaining memory): compiling runs in C, out of the count hook's reach.
inline constexpr std::size_t max_chunk_bytes = 1u << 20;

// Opens the libraries into the state's globals and removes what scripts may not use.
void open_sandbox(lua_State* L);

// Charges the running script `bytes` of work a C function of the hooks API did (print builds
// its line in C): the deadline is checked once enough is charged, as for the libraries'
// functions (sandbox_limits.cpp). May raise the budget error.
void charge_c_work(lua_State* L, std::size_t bytes);

} // namespace oh
