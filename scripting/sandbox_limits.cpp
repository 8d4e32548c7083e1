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
//   - the functions that loop in C for as long as the caller asks (table.sort without an
//     order function, table.move) check the deadline as they go.
// docs/api.md ("Limits") lists each function and what bounds it.
#include "sandbox.h"
#include "sandbox_internal.h"

#include "engine.h"
#include "script.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <initializer_list>

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

namespace {

lua_Unsigned saturating_mul(lua_Unsigned a, lua_Unsigned b) {
    return b != 0 && a > ~lua_Unsigned{0} / b ? ~lua_Unsigned{0} : a * b;
}

// The number of elements from i to j (0 when j < i), without overflow.
lua_Unsigned span(lua_Integer i, lua_Integer j) {
    return j < i ? 0 : static_cast<lua_Unsigned>(j) - static_cast<lua_Unsigned>(i) + 1;
}

// --- what a call costs, from its arguments (never raises: the original checks them) ---

// The bytes of its string arguments, and one element per argument.
lua_Unsigned string_args(lua_State* L) {
    lua_Unsigned units = 0;
    for (int i = 1, n = lua_gettop(L); i <= n; ++i)
        units += lua_type(L, i) == LUA_TSTRING ? lua_rawlen(L, i) : element_units;
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

// Lua's table functions take, besides a table, any value whose metatable has the
// metamethods they use: `__index` to read, `__newindex` to write, `__len` for the length. A
// string has an __index, so table.move("ab", 1, 2, 1, {}) runs in plain Lua; the sandbox's
// versions accept the same values, and refuse the others with the same message.
void check_table_like(lua_State* L, int arg, std::initializer_list<const char*> events) {
    if (lua_type(L, arg) == LUA_TTABLE) return;
    bool has_all = lua_getmetatable(L, arg) != 0; // ... [mt]
    if (has_all) {
        for (const char* event : events) {
            lua_pushstring(L, event);                           // ... mt event
            has_all = lua_rawget(L, -2) != LUA_TNIL && has_all; // ... mt handler
            lua_pop(L, 1);                                      // ... mt
        }
        lua_pop(L, 1); // ...
    }
    if (!has_all) luaL_checktype(L, arg, LUA_TTABLE); // raises "table expected, got ..."
}

// table.move(a1, f, e, t [, a2]): Lua's checks and semantics, with the copy charged element
// by element so that a range of any length stops at the budget.
int sandbox_move(lua_State* L) {
    const lua_Integer f = luaL_checkinteger(L, 2);
    const lua_Integer e = luaL_checkinteger(L, 3);
    const lua_Integer t = luaL_checkinteger(L, 4);
    const int dst = lua_isnoneornil(L, 5) ? 1 : 5;
    check_table_like(L, 1, {"__index"});
    check_table_like(L, dst, {"__newindex"});
    if (e >= f) {
        luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
        const lua_Integer n = e - f; // elements after the first: cannot overflow now
        luaL_argcheck(L, t <= LUA_MAXINTEGER - n, 4, "destination wrap around");
        // Overlapping forwards (destination after the source, same table): copy backwards.
        const bool backwards = t > f && t <= e && (dst == 1 || lua_rawequal(L, 1, dst));
        for (lua_Integer k = 0; k <= n; ++k) {
            const lua_Integer i = backwards ? n - k : k;
            charge(L, element_units);
            lua_geti(L, 1, f + i);   // ... a1[f+i]
            lua_seti(L, dst, t + i); // ...
        }
    }
    lua_pushvalue(L, dst); // ... a2
    return 1;
}

// The length of argument 1 (luaL_len: __len may say anything). A table's elements may come
// from an __index, and go to a __newindex, that is a C function (such as `type`): then
// nothing but this meter stops a walk over a length of 10^9. `events` are the metamethods a
// value other than a table must have, besides __len.
lua_Integer table_length(lua_State* L, std::initializer_list<const char*> events) {
    check_table_like(L, 1, events);
    check_table_like(L, 1, {"__len"});
    return luaL_len(L, 1);
}

// table.insert(t, [pos,] v), as Lua's, with the shift charged element by element.
int sandbox_insert(lua_State* L) {
    const lua_Integer first_empty = static_cast<lua_Integer>(
        static_cast<lua_Unsigned>(table_length(L, {"__index", "__newindex"})) +
        1u); // wraps as Lua's does
    lua_Integer pos = first_empty;
    switch (lua_gettop(L)) {
    case 2:
        break;
    case 3:
        pos = luaL_checkinteger(L, 2);
        luaL_argcheck(L,
                      static_cast<lua_Unsigned>(pos) - 1u < static_cast<lua_Unsigned>(first_empty),
                      2, "position out of bounds");
        for (lua_Integer i = first_empty; i > pos; --i) {
            charge(L, element_units);
            lua_geti(L, 1, i - 1); // t pos v t[i-1]
            lua_seti(L, 1, i);     // t pos v
        }
        break;
    default:
        return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_seti(L, 1, pos); // t [pos]
    return 0;
}

// table.remove(t [, pos]), as Lua's, with the shift charged element by element.
int sandbox_remove(lua_State* L) {
    const lua_Integer size = table_length(L, {"__index", "__newindex"});
    lua_Integer pos = luaL_optinteger(L, 2, size);
    if (pos != size)
        luaL_argcheck(L, static_cast<lua_Unsigned>(pos) - 1u <= static_cast<lua_Unsigned>(size), 2,
                      "position out of bounds");
    lua_geti(L, 1, pos); // t [pos] removed
    for (; pos < size; ++pos) {
        charge(L, element_units);
        lua_geti(L, 1, pos + 1); // t [pos] removed t[pos+1]
        lua_seti(L, 1, pos);     // t [pos] removed
    }
    lua_pushnil(L);      // t [pos] removed nil
    lua_seti(L, 1, pos); // t [pos] removed
    return 1;
}

// Appends t[i] to the buffer, or raises as Lua's concat does.
void add_element(lua_State* L, luaL_Buffer* b, lua_Integer i) {
    lua_geti(L, 1, i); // ... t[i]
    if (!lua_isstring(L, -1))
        luaL_error(L, "invalid value (%s) at index %I in table for 'concat'", luaL_typename(L, -1),
                   static_cast<LUAI_UACINT>(i));
    charge(L, element_units + lua_rawlen(L, -1));
    luaL_addvalue(b); // ...
}

// table.concat(t [, sep [, i [, j]]]), as Lua's, charged element by element.
int sandbox_concat(lua_State* L) {
    lua_Integer last = table_length(L, {"__index"});
    size_t lsep = 0;
    const char* sep = luaL_optlstring(L, 2, "", &lsep);
    lua_Integer i = luaL_optinteger(L, 3, 1);
    last = luaL_optinteger(L, 4, last);
    luaL_Buffer b;
    luaL_buffinit(L, &b); // t sep i j buffer
    for (; i < last; ++i) {
        add_element(L, &b, i);
        luaL_addlstring(&b, sep, lsep);
    }
    if (i == last) add_element(L, &b, i);
    luaL_pushresult(&b); // t sep i j result
    return 1;
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
    {LUA_STRLIBNAME, "pack", metered<string_args>},
    {LUA_STRLIBNAME, "packsize", metered<string_args>},
    {LUA_STRLIBNAME, "unpack", metered<string_args>},
    {LUA_STRLIBNAME, "rep", sandbox_rep},
    {LUA_TABLIBNAME, "concat", sandbox_concat},
    {LUA_TABLIBNAME, "insert", sandbox_insert},
    {LUA_TABLIBNAME, "remove", sandbox_remove},
    {LUA_TABLIBNAME, "pack", metered<string_args>},
    {LUA_TABLIBNAME, "unpack", metered<unpack_cost>},
    {LUA_TABLIBNAME, "move", sandbox_move},
    {LUA_TABLIBNAME, "sort", sandbox_sort},
    {LUA_UTF8LIBNAME, "char", sandbox_utf8_char},
    {LUA_UTF8LIBNAME, "codepoint", metered<string_args>},
    {LUA_UTF8LIBNAME, "codes", metered<string_args>},
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
