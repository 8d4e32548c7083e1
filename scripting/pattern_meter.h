// The step meter of the sandbox's string.find, string.match, string.gmatch and string.gsub.
//
// Lua's count hook never fires while a C function runs, so one backtracking pattern such as
// ('a'):rep(200):find('.-.-.-.-b$') could keep a script inside the string library for many
// seconds, far past its time budget. The sandbox's string library is therefore Lua's own
// lstrlib.c, compiled from the fetched Lua source with cmake/patches/lstrlib-step-meter.patch
// (cmake/LuaMetered.cmake): at each step of its matcher it charges a few units of work, and
// every 10,000 units of one call (the patch's OH_TICK_UNITS) it calls oh_lstrlib_tick,
// defined here, which calls the state's tick (see set_pattern_tick): in the sandbox, the
// budget check, which raises when the script's deadline has passed. Results and errors are
// otherwise Lua's own.
//
// A unit is one matcher step (one pattern item tried at one position, one backtracking
// step, one byte scanned by %b), or 16 bytes of a set "[...]" scanned, or 64 bytes compared
// by a back-reference or a plain find, or one '%' of gsub's replacement string at a match.
#pragma once

#include "lua_include.h"

#include <cstddef>

// Lua's luaopen_string, compiled from the patched copy (the library's own stays unmetered):
// opens the string library, with the metered functions, as luaL_requiref does. Declared as
// the renamed lualib.h declares it, so the linkage is the library's.
LUAMOD_API int oh_luaopen_string_metered(lua_State* L);

// Called by the patched lstrlib.c (not for other callers). The tick: calls the state's tick,
// which may raise.
void oh_lstrlib_tick(lua_State* L);
// Called by its plain search (lmemfind), which has no MatchState to count in: charges
// `units` on a count of this thread's, and ticks every `pattern_tick_units`.
void oh_lstrlib_step(lua_State* L, std::size_t units);

namespace oh {

// Called every 10,000 units of matching work; may raise a Lua error (luaL_error) to abandon
// the match.
using PatternTick = void (*)(lua_State* L);

// The plain search's tick interval: the same as the matcher's (the patch's OH_TICK_UNITS).
inline constexpr std::size_t pattern_tick_units = 10'000;

// Opens the metered string library in place of the library's own in a state that has opened
// Lua's (luaL_openlibs): the global, the loaded module and the strings' metatable. For the
// tests and the fuzz target that compare the two; the sandbox opens only the metered one.
void reopen_string_metered(lua_State* L);

// Sets the tick of state L (and of its coroutines), replacing any earlier one. A state
// without a tick matches unbounded, as plain Lua does.
void set_pattern_tick(lua_State* L, PatternTick tick);

} // namespace oh
