// Bounded replacements for string.find, string.match, string.gmatch and string.gsub.
//
// Lua's count hook never fires while a C function runs, so one backtracking pattern such as
// ('a'):rep(200):find('.-.-.-.-b$') can keep a script inside the string library for many
// seconds, far past its time budget. These functions implement Lua 5.4's pattern matching
// (reference manual §6.4.1) with the same results and error messages, but count their work:
// every `pattern_tick_interval` steps they call the host's tick (which raises when the
// script's deadline has passed), and after `max_steps` steps in one call they raise
// "pattern too complex: gave up after N steps (string.find)" on their own, so even a host
// without a deadline never hangs (at the default limit a call gives up within about a
// second). A step is one attempt to match one pattern item at one position (a long set
// "[...]" counts one more per two of its bytes), one backtracking step, one 64-byte block
// compared by a plain find or a back-reference, or a bounded share of a longer scan.
//
// Lua is compiled as C++ here, so the errors raised inside (including the tick's) unwind
// the matcher as exceptions; it keeps no state outside the Lua stack and plain locals.
#pragma once

#include "lua_include.h"

#include <cstdint>

namespace oh {

// Called every `pattern_tick_interval` steps; may raise a Lua error (luaL_error) to abandon
// the match. May be null.
using PatternTick = void (*)(lua_State* L);

inline constexpr std::uint64_t pattern_tick_interval = 10'000;
inline constexpr std::uint64_t default_pattern_max_steps = 100'000'000;

// Replaces find, match, gmatch and gsub in the table at `string_table_index` with bounded
// versions. `max_steps` is the hard limit per call (per iterator call for gmatch).
void install_bounded_patterns(lua_State* L, int string_table_index, PatternTick tick,
                              std::uint64_t max_steps = default_pattern_max_steps);

} // namespace oh
