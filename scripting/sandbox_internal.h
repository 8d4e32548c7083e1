// Shared by the sandbox_*.cpp files: how a library function is wrapped and named, and the
// pieces each concern installs. Not for use outside the sandbox.
#pragma once

#include "lua_include.h"

#include <cstddef>

// Lua's luaopen_table, compiled from ltablib.c patched with a per-element meter
// (cmake/LuaMetered.cmake): table.insert/remove/move/concat call oh_ltablib_step. Declared as
// the renamed lualib.h declares it, so the linkage is the library's.
LUAMOD_API int oh_luaopen_table_metered(lua_State* L);

// Called by the patched ltablib.c once per element: charges it, and `bytes` more (what
// concat appends), to the running script's budget (sandbox_limits.cpp). May raise.
void oh_ltablib_step(lua_State* L, std::size_t bytes);

namespace oh::sandbox {

// Raises when the running script's time budget is spent (the host's deadline check).
void budget_tick(lua_State* L);

// Charges `units` of work (about one per byte or element a call is about to touch): the
// deadline is checked once enough has been charged, before the work (sandbox_limits.cpp).
void charge(lua_State* L, lua_Unsigned units);

// Replaces t[name] (t at absolute index `table`, library `lib`) with the C closure `fn`,
// which gets the original as upvalue 1. The original stays reachable for error messages
// only: "bad argument #2 to 'table.move'" rather than "to '?'" (see name_original).
void wrap_field(lua_State* L, int table, const char* lib, const char* name, lua_CFunction fn);

// Calls upvalue 1 (the original) with the arguments on the stack; returns its results.
int call_original(lua_State* L);

// dofile, loadfile, load and require (sandbox_files.cpp).
void restrict_loading(lua_State* L);
// Time and memory bounds on the C functions the count hook cannot reach (sandbox_limits.cpp).
void bound_slow_functions(lua_State* L);

} // namespace oh::sandbox
