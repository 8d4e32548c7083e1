// Time bounds on the C functions of the sandboxed libraries.
//
// The count hook fires only between VM instructions: inside a C function, and across the up
// to 1,000 instructions between two hooks (each of which may call one), the budget is not
// looked at. So every library function whose work grows with its input is wrapped:
//   - it is charged its work (about one unit per byte or element it will touch) before it
//     runs; once `tick_units` have been charged, the deadline is checked, so a loop of slow
//     calls stops at the first call past the budget;
//   - a single call is bounded: by the memory cap (a string or table holds at most 64 MiB),
//     by Lua's own limits (at most about 1,000,000 results or arguments), or by a limit here
//     (os.date's format, the chunk size of load);
//   - the functions that loop in C for as long as the caller asks check the deadline as
//     they go: table.sort through its comparisons, and table.insert/remove/move/concat,
//     which are Lua's own compiled with a call per element (oh_ltablib_step, below);
//   - a C function a library function returns is wrapped too: utf8.codes' iterator.
// docs/api.md ("Limits") lists each function and what bounds it.
#include "sandbox.h"
#include "sandbox_internal.h"

#include "engine.h"
#include "script.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>

namespace oh::sandbox {

namespace {

// About a millisecond of C work: memcpy-like work runs at over 1 GB/s here, a comparison or a
// table access in well under 50 ns (docs/api.md, "Limits", has the measurements).
constexpr lua_Unsigned tick_units = lua_Unsigned{1} << 20;
// What any call costs on top of its input: 16,384 cheap calls between two deadline checks.
constexpr lua_Unsigned call_units = 64;
// What one element of a table costs (a lua_geti/lua_seti pair, a comparison).
constexpr lua_Unsigned element_units = 32;
// os.date's format: each conversion may make up to 250 bytes through strftime.
constexpr std::size_t max_date_format = 4096;

// Work charged since the last deadline check, on the thread that runs scripts. Shared by the
// scripts of that thread: it only decides when to look at the clock.
thread_local lua_Unsigned pending_units = 0;

} // namespace

void charge(lua_State* L, lua_Unsigned units) {
    pending_units += std::min(units, tick_units) + call_units;
    if (pending_units < tick_units) return;
    pending_units = 0;
    budget_tick(L); // raises once the budget is spent
}

} // namespace oh::sandbox

namespace oh {

void charge_c_work(lua_State* L, std::size_t bytes) {
    sandbox::charge(L, bytes);
}

} // namespace oh

// table.insert, remove, move and concat are Lua's own (ltablib.c), patched at build time to
// call this once per element they move or join (cmake/patches/ltablib-step-meter.patch): a
// length of 10^9, with elements from a C __index, stops at the budget.
void oh_ltablib_step(lua_State* L, std::size_t bytes) {
    oh::sandbox::charge(L, oh::sandbox::element_units + bytes);
}

namespace oh::sandbox {

namespace {

lua_Unsigned saturating_mul(lua_Unsigned a, lua_Unsigned b) {
    return b != 0 && a > ~lua_Unsigned{0} / b ? ~lua_Unsigned{0} : a * b;
}

// The number of elements from i to j (0 when j < i), without overflow.
lua_Unsigned span(lua_Integer i, lua_Integer j) {
    return j < i ? 0 : static_cast<lua_Unsigned>(j) - static_cast<lua_Unsigned>(i) + 1;
}

// --- what a call costs, from its arguments (never raises: the original checks them) ---

// A value's bytes as tostring and format('%s') copy them: a string's, or the __name of a
// table's metatable ("<__name>: 0x..."), which may be 20 MiB; read raw, as Lua's tostring
// does, so no Lua code runs here.
lua_Unsigned value_units(lua_State* L, int i) {
    if (lua_type(L, i) == LUA_TSTRING) return lua_rawlen(L, i);
    lua_Unsigned units = element_units;
    if (!lua_getmetatable(L, i)) return units;                        // mt
    lua_pushliteral(L, "__name");                                     // mt "__name"
    if (lua_rawget(L, -2) == LUA_TSTRING) units += lua_rawlen(L, -1); // mt name
    lua_pop(L, 2);                                                    // (empty)
    return units;
}

// The bytes of its arguments, and one element per argument.
lua_Unsigned string_args(lua_State* L) {
    lua_Unsigned units = 0;
    for (int i = 1, n = lua_gettop(L); i <= n; ++i) units += value_units(L, i);
    return units;
}

// string.pack(fmt, ...): its arguments, and the sizes its format names. "c50000000" pads an
// empty string to 50,000,000 bytes, one byte at a time, from a 9-byte format: the numbers in
// the format bound what it writes (each at most INT_MAX, Lua's limit for a size).
lua_Unsigned pack_cost(lua_State* L) {
    size_t len = 0;
    const char* fmt = lua_type(L, 1) == LUA_TSTRING ? lua_tolstring(L, 1, &len) : "";
    lua_Unsigned units = string_args(L), number = 0;
    for (size_t i = 0; i <= len; ++i) {
        if (i < len && fmt[i] >= '0' && fmt[i] <= '9') {
            number = std::min<lua_Unsigned>(number * 10 + static_cast<lua_Unsigned>(fmt[i] - '0'),
                                            INT_MAX);
            continue;
        }
        units += number; // at most len * INT_MAX in all: no overflow
        number = 0;
    }
    return units;
}

lua_Integer opt_integer(lua_State* L, int arg, lua_Integer def) {
    return lua_isinteger(L, arg) ? lua_tointeger(L, arg) : def;
}

// table.unpack(t, i, j), table.concat(t, sep, i, j): the range they walk (the raw length is
// a fair guess for the default end; a __len may say otherwise, but then Lua code runs).
lua_Unsigned table_range(lua_State* L, int i_arg) {
    const lua_Integer len =
        lua_type(L, 1) == LUA_TTABLE ? static_cast<lua_Integer>(lua_rawlen(L, 1)) : 0;
    return saturating_mul(span(opt_integer(L, i_arg, 1), opt_integer(L, i_arg + 1, len)),
                          element_units);
}
lua_Unsigned unpack_cost(lua_State* L) {
    return table_range(L, 2);
}
// table.insert and table.remove shift the elements above the position.
lua_Unsigned length_cost(lua_State* L) {
    return lua_type(L, 1) == LUA_TTABLE ? saturating_mul(lua_rawlen(L, 1), element_units) : 0;
}
// collectgarbage walks the heap.
lua_Unsigned heap_cost(lua_State* L) {
    return static_cast<lua_Unsigned>(lua_gc(L, LUA_GCCOUNT, 0)) * 1024;
}

template <lua_Unsigned (*cost)(lua_State*)>
int metered(lua_State* L) {
    charge(L, cost(L));
    return call_original(L);
}

// --- functions with a wrapper of their own ---

// string.rep(s, n [, sep]): built by doubling (a few large copies, where Lua's own copies s
// once per repetition: 300 ms for 60,000,000 of "x"), charged by its length. An empty
// result of any count is immediate.
int sandbox_rep(lua_State* L) {
    size_t l = 0, lsep = 0;
    const char* s = luaL_checklstring(L, 1, &l);
    const lua_Integer n = luaL_checkinteger(L, 2);
    const char* sep = luaL_optlstring(L, 3, "", &lsep);
    const lua_Unsigned period = l + lsep;
    if (n <= 0 || period == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    const lua_Unsigned total = saturating_mul(period, static_cast<lua_Unsigned>(n)) - lsep;
    if (total >= static_cast<lua_Unsigned>(LUA_MAXINTEGER)) // the product saturated
        return luaL_error(L, "resulting string too large");
    charge(L, total);
    luaL_Buffer b;
    char* p = luaL_buffinitsize(L, &b, total); // s n sep? buffer
    // The result is s..sep repeated, cut at `total`: each copy doubles what is there.
    std::size_t filled = std::min<std::size_t>(l, total);
    std::memcpy(p, s, filled);
    if (filled < total) {
        std::memcpy(p + filled, sep, std::min<std::size_t>(lsep, total - filled));
        filled += std::min<std::size_t>(lsep, total - filled);
    }
    while (filled < total) {
        const std::size_t k = std::min<std::size_t>(filled, total - filled);
        std::memcpy(p + filled, p, k);
        filled += k;
    }
    luaL_pushresultsize(&b, total); // s n sep? result
    return 1;
}

// utf8.char(...): Lua's pushes each character through a formatted string (0.5 s for the
// 1,000,000 arguments a call may have); this encodes them directly, with the same rules
// (code points up to 0x7FFFFFFF, in up to six bytes) and errors.
int sandbox_utf8_char(lua_State* L) {
    const int n = lua_gettop(L);
    charge(L, static_cast<lua_Unsigned>(n) * 8);
    luaL_Buffer b;
    luaL_buffinit(L, &b); // args... buffer
    for (int i = 1; i <= n; ++i) {
        const lua_Unsigned code = static_cast<lua_Unsigned>(luaL_checkinteger(L, i));
        luaL_argcheck(L, code <= 0x7FFFFFFFu, i, "value out of range");
        char* out = luaL_prepbuffsize(&b, 6);
        if (code < 0x80) {
            out[0] = static_cast<char>(code);
            luaL_addsize(&b, 1);
            continue;
        }
        // Continuation bytes carry 6 bits each; the first byte whatever is left, after a
        // prefix of as many 1 bits as the sequence has bytes.
        int len = 2;
        while (len < 6 && code >= (lua_Unsigned{1} << (5 * len + 1))) ++len;
        for (int k = len - 1; k > 0; --k)
            out[k] = static_cast<char>(0x80 | ((code >> (6 * (len - 1 - k))) & 0x3F));
        const unsigned prefix = (0xFF00u >> len) & 0xFFu;
        out[0] = static_cast<char>(prefix | (code >> (6 * (len - 1))));
        luaL_addsize(&b, len);
    }
    luaL_pushresult(&b); // args... result
    return 1;
}

// The iterator utf8.codes returns, called as f(s, i) (by a for loop, or directly): Lua's
// skips the continuation bytes at i before it decodes, however many there are, so a script
// calling it on 30 MiB of "\x80" scans 30 MiB per call. Valid UTF-8 has at most 3 in a row:
// a run of 8 is charged the rest of the string. Upvalue 1: Lua's iterator.
int metered_codes_step(lua_State* L) {
    size_t len = 0;
    const char* s = lua_type(L, 1) == LUA_TSTRING ? lua_tolstring(L, 1, &len) : nullptr;
    const auto at = static_cast<lua_Unsigned>(lua_tointeger(L, 2)); // as Lua's reads it
    lua_Unsigned units = element_units;
    if (s && at < len) {
        lua_Unsigned k = at;
        while (k < len && k - at < 8 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) ++k;
        if (k - at == 8) units += len - at;
    }
    charge(L, units);
    return call_original(L);
}

// utf8.codes(s [, lax]): Lua's, charged by its input, with its iterator metered.
int sandbox_utf8_codes(lua_State* L) {
    charge(L, string_args(L));
    const int results = call_original(L);       // iter s 0
    lua_pushvalue(L, 1);                        // iter s 0 iter
    lua_pushcclosure(L, metered_codes_step, 1); // iter s 0 step
    lua_replace(L, 1);                          // step s 0
    return results;
}

// os.date([format [, time]]): time defaults to the host's clock; the format is bounded.
int sandbox_os_date(lua_State* L) {
    size_t len = 0;
    if (lua_type(L, 1) == LUA_TSTRING && (lua_tolstring(L, 1, &len), len > max_date_format))
        return luaL_error(L, "os.date: a format of %I bytes is too long (at most %I)",
                          static_cast<lua_Integer>(len), static_cast<lua_Integer>(max_date_format));
    charge(L, len);
    if (lua_isnoneornil(L, 2)) {
        const lua_Integer now =
            static_cast<lua_Integer>(std::floor(Script::of(L).engine().clock().unix_time()));
        if (lua_isnone(L, 1)) lua_pushliteral(L, "%c"); // fmt
        lua_settop(L, 1);                               // fmt
        lua_pushinteger(L, now);                        // fmt now
    }
    return call_original(L);
}

// The order table.sort uses without an order function, charged per comparison (long strings
// by their length: Lua compares them byte by byte).
int metered_less(lua_State* L) {
    lua_Unsigned units = element_units;
    if (lua_type(L, 1) == LUA_TSTRING && lua_type(L, 2) == LUA_TSTRING)
        units += std::min(lua_rawlen(L, 1), lua_rawlen(L, 2));
    charge(L, units);
    lua_pushboolean(L, lua_compare(L, 1, 2, LUA_OPLT)); // a b less
    return 1;
}

// An order function given to table.sort, charged per call: it may be a C function (such as
// rawequal) in which no instruction runs for the count hook. Upvalue 1: the function.
int metered_order(lua_State* L) {
    charge(L, element_units);
    lua_pushvalue(L, lua_upvalueindex(1)); // a b comp
    lua_insert(L, 1);                      // comp a b
    lua_call(L, 2, 1);                     // less
    return 1;
}

// table.sort(t [, comp]): Lua's sort, with every comparison going through a meter.
int sandbox_sort(lua_State* L) {
    lua_settop(L, 2); // t comp
    if (lua_isnil(L, 2)) {
        lua_pushcfunction(L, metered_less); // t nil less
        lua_replace(L, 2);                  // t less
    } else if (lua_type(L, 2) == LUA_TFUNCTION) {
        lua_pushcclosure(L, metered_order, 1); // t order
    }                                          // else: the original names the bad argument
    charge(L, length_cost(L));
    return call_original(L);
}

struct Metered {
    const char* lib;
    const char* name;
    lua_CFunction fn;
};

// Every function of the sandboxed libraries whose work grows with its input, and how it is
// charged. The others are constant time, or run Lua code where the count hook fires
// (pcall, coroutine.resume, ...): see docs/api.md, "Limits".
const Metered metered_functions[] = {
    {LUA_GNAME, "tonumber", metered<string_args>},
    {LUA_GNAME, "tostring", metered<string_args>},
    {LUA_GNAME, "select", metered<string_args>},
    {LUA_GNAME, "collectgarbage", metered<heap_cost>},
    {LUA_STRLIBNAME, "byte", metered<string_args>},
    {LUA_STRLIBNAME, "char", metered<string_args>},
    {LUA_STRLIBNAME, "format", metered<string_args>},
    {LUA_STRLIBNAME, "lower", metered<string_args>},
    {LUA_STRLIBNAME, "upper", metered<string_args>},
    {LUA_STRLIBNAME, "reverse", metered<string_args>},
    {LUA_STRLIBNAME, "sub", metered<string_args>},
    {LUA_STRLIBNAME, "pack", metered<pack_cost>},
    {LUA_STRLIBNAME, "packsize", metered<string_args>},
    {LUA_STRLIBNAME, "unpack", metered<string_args>},
    {LUA_STRLIBNAME, "rep", sandbox_rep},
    {LUA_TABLIBNAME, "pack", metered<string_args>},
    {LUA_TABLIBNAME, "unpack", metered<unpack_cost>},
    {LUA_TABLIBNAME, "sort", sandbox_sort},
    {LUA_UTF8LIBNAME, "char", sandbox_utf8_char},
    {LUA_UTF8LIBNAME, "codepoint", metered<string_args>},
    {LUA_UTF8LIBNAME, "codes", sandbox_utf8_codes},
    {LUA_UTF8LIBNAME, "len", metered<string_args>},
    {LUA_UTF8LIBNAME, "offset", metered<string_args>},
    {LUA_OSLIBNAME, "date", sandbox_os_date},
    {LUA_OSLIBNAME, "getenv", metered<string_args>},
};

} // namespace

void bound_slow_functions(lua_State* L) {
    for (const auto& m : metered_functions) {
        lua_getglobal(L, m.lib); // lib
        wrap_field(L, lua_gettop(L), m.lib, m.name, m.fn);
        lua_pop(L, 1); // (empty)
    }
}

} // namespace oh::sandbox
