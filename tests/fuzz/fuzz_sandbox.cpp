// libFuzzer target: the sandbox's wrapped library functions (table.move, table.sort,
// string.rep, utf8.char, os.date, load, ... every function sandbox_limits.cpp and
// sandbox_files.cpp wrap), called with fuzzer-chosen arguments (extreme integers, NaN and
// infinities, huge counts, long strings, tables, order functions) inside a real script state
// with a 20 ms budget and an 8 MiB memory cap. Errors are expected; a crash, a sanitizer
// report (signed overflow included) or a call that outlives its budget by far is a finding.
// string.rep and utf8.char, which the sandbox reimplements with a meter, and
// table.move/insert/remove/concat, Lua's own compiled with a meter (ltablib.c patched), must
// also give the same results and errors as the unmetered library's.
//
// Input: byte 0 picks the function, byte 1 the number of arguments (0..5); then each
// argument is a kind byte followed by what that kind reads (see push_arg).
#include "clock.h"
#include "engine.h"
#include "lua_include.h"
#include "platform.h"
#include "script.h"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <string>
#include <unistd.h>

namespace {

class NullPlatform final : public oh::Platform {
  public:
    void log(const oh::LogRecord&) override {}
    void notify(const std::string&, const std::string&, const std::string&) override {}
    void run(const oh::RunRequest&, oh::RunDone) override {}
    void kill_run(std::uint64_t) override {}
    oh::Status request_state(const std::string&, oh::State) override { return {}; }
    oh::Status send_receive(const std::string&) override { return {}; }
};

constexpr const char* functions[] = {
    "table.move",    "table.sort",     "table.concat",   "table.insert",
    "table.remove",  "table.unpack",   "table.pack",     "string.rep",
    "string.format", "string.byte",    "string.char",    "string.sub",
    "string.upper",  "string.reverse", "string.pack",    "string.unpack",
    "utf8.char",     "utf8.len",       "utf8.offset",    "utf8.codepoint",
    "os.date",       "os.time",        "load",           "select",
    "tostring",      "tonumber",       "collectgarbage", "string.packsize",
    "utf8.codes",    "os.getenv",
};
constexpr std::size_t function_count = sizeof functions / sizeof functions[0];

// Calls the sandbox's function and, for the reimplemented ones, Lua's original on copies of
// the same arguments; returns "same" or both descriptions.
constexpr char runner[] = R"lua(
local name, n, a1, a2, a3, a4, a5 = ...
local lib, fn = name:match("^(%w+)%.(%w+)$")
local f = lib and _G[lib][fn] or _G[name]
local function copy(v)
  if type(v) ~= "table" then return v end
  local c = {} for k, x in pairs(v) do c[k] = x end return c
end
local function describe(ok, r, ...)
  if type(r) == "table" then
    local parts = {} for i = 1, 16 do parts[i] = tostring(r[i]) end
    r = "table:" .. table.concat(parts, ",")
  end
  return tostring(ok) .. "|" .. tostring(r) .. "|" .. select("#", ...)
end
local args = { a1, a2, a3, a4, a5 }
local copies = {} for i = 1, n do copies[i] = copy(args[i]) end
local mine = describe(pcall(f, table.unpack(args, 1, n)))
local original = ORIGINALS[name]
-- Lua's own rep and move loop in C for as long as they are asked (what the sandbox fixes):
-- compare only calls that finish quickly.
local function small(x) x = tonumber(x) return x ~= nil and x == x and math.abs(x) <= 2^16 end
local function near(x, y)
  x, y = tonumber(x), tonumber(y)
  return x ~= nil and y ~= nil and math.abs(y - x) <= 2^16
end
if name == "string.rep" and not small(a2) then return "same" end
if name == "table.move" and not near(a2, a3) then return "same" end
if name == "table.concat" and not (a4 == nil or near(a3 or 1, a4)) then return "same" end
if not original then return "same" end
local theirs = describe(pcall(original, table.unpack(copies, 1, n)))
-- Out of memory or out of budget is where the two may part: only compare real results.
if mine:find("not enough memory") or theirs:find("not enough memory") then return "same" end
if mine:find("time budget") or theirs:find("time budget") then return "same" end
-- Names: the wrapper says 'rep', Lua's original seen from here says 'string.rep'.
mine = mine:gsub("'[%w%.]+'", "'F'") theirs = theirs:gsub("'[%w%.]+'", "'F'")
return mine == theirs and "same" or (mine .. "\n   vs Lua's: " .. theirs)
)lua";

struct Fixture {
    oh::VirtualClock clock;
    NullPlatform platform;
    std::unique_ptr<oh::Engine> engine;
    std::filesystem::path dir;

    Fixture() {
        char tmpl[] = "/tmp/oh-fuzz-sandbox-XXXXXX";
        if (!mkdtemp(tmpl)) std::abort();
        dir = tmpl;
        std::ofstream(dir / "fuzz.lua") << "-- the fuzzer's script: it calls in from C++\n";
        oh::EngineOptions o;
        o.budget = 0.02;
        o.memory_cap = 8u << 20;
        o.max_failures = std::numeric_limits<int>::max();
        engine = std::make_unique<oh::Engine>(platform, clock, o);
        if (!engine->load_files({dir / "fuzz.lua"}).empty()) std::abort();
        lua_State* L = state();
        if (luaL_loadstring(L, runner) != LUA_OK) std::abort(); // runner
        lua_setglobal(L, "RUNNER0");                            // (empty)
        // call_quiet drops results: the verdict goes to a global.
        if (luaL_dostring(L, "function RUNNER(...) VERDICT = RUNNER0(...) end") != LUA_OK)
            std::abort();
        publish_originals(L);
    }
    ~Fixture() {
        engine.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    lua_State* state() const { return engine->scripts().front()->L(); }
    oh::Script& script() const { return *engine->scripts().front(); }

    // ORIGINALS[name] = Lua's own function: the wrapped original of the ones the sandbox
    // reimplements, the unmetered library's of the table functions it compiles with a meter.
    static void publish_originals(lua_State* L) {
        lua_newtable(L);                                          // O
        luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE); // O LOADED
        for (const char* name : {"string.rep", "utf8.char"}) {
            lua_getfield(L, -1, name); // O LOADED orig
            if (!lua_isfunction(L, -1)) std::abort();
            lua_setfield(L, -3, name); // O LOADED
        }
        // In LOADED, so that its errors name the function ("luatable.move"), as Lua's do.
        lua_pushcfunction(L, luaopen_table); // O LOADED open
        lua_call(L, 0, 1);                   // O LOADED lib
        lua_pushvalue(L, -1);                // O LOADED lib lib
        lua_setfield(L, -3, "luatable");     // O LOADED lib
        for (const char* name : {"move", "insert", "remove", "concat"}) {
            lua_getfield(L, -1, name);                                   // O LOADED lib orig
            lua_setfield(L, -4, (std::string("table.") + name).c_str()); // O LOADED lib
        }
        lua_pop(L, 2);                 // O
        lua_setglobal(L, "ORIGINALS"); // (empty)
    }
};

struct Input {
    const std::uint8_t* p;
    std::size_t n;
    std::uint8_t byte() { return n ? (--n, *p++) : 0; }
    std::uint64_t u64() {
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v = (v << 8) | byte();
        return v;
    }
};

void push_integer(lua_State* L, Input& in) {
    static constexpr lua_Integer extremes[] = {LUA_MININTEGER,
                                               LUA_MININTEGER + 1,
                                               LUA_MAXINTEGER,
                                               LUA_MAXINTEGER - 1,
                                               -1,
                                               0,
                                               1,
                                               2,
                                               0x7FFFFFFF,
                                               0x80000000,
                                               -0x80000000LL,
                                               1LL << 53,
                                               1LL << 62,
                                               1000000,
                                               0x10FFFF,
                                               0x7FFFFFFF + 1LL};
    const std::uint8_t k = in.byte();
    if (k < 2 * std::size(extremes))
        lua_pushinteger(L, extremes[k % std::size(extremes)]);
    else if (k < 250)
        lua_pushinteger(L, static_cast<lua_Integer>(k) - 300);
    else
        lua_pushinteger(L, static_cast<lua_Integer>(in.u64()));
}

void push_float(lua_State* L, Input& in) {
    static constexpr double specials[] = {std::numeric_limits<double>::quiet_NaN(),
                                          std::numeric_limits<double>::infinity(),
                                          -std::numeric_limits<double>::infinity(),
                                          -0.0,
                                          1e308,
                                          -1e308,
                                          9.3e18,
                                          -9.3e18,
                                          0.5,
                                          1e15};
    const std::uint8_t k = in.byte();
    if (k < std::size(specials)) {
        lua_pushnumber(L, specials[k]);
    } else {
        const std::uint64_t bits = in.u64();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        lua_pushnumber(L, d);
    }
}

// A string: up to 32 bytes of the input, optionally repeated up to 2^20 times.
void push_string(lua_State* L, Input& in) {
    const std::size_t len = std::min<std::size_t>(in.byte() % 33, in.n);
    std::string s(reinterpret_cast<const char*>(in.p), len);
    in.p += len;
    in.n -= len;
    const unsigned times = 1u << (in.byte() % 21);
    std::string out;
    out.reserve(s.size() * times);
    for (unsigned i = 0; i < times && out.size() < (1u << 20); ++i) out += s;
    lua_pushlstring(L, out.data(), out.size());
}

// A table with up to 64 small values (integers, strings, or a mix), maybe a metatable.
void push_table(lua_State* L, Input& in) {
    const int n = in.byte() % 65;
    const std::uint8_t mode = in.byte();
    lua_createtable(L, n, 0); // t
    for (int i = 1; i <= n; ++i) {
        const std::uint8_t v = in.byte();
        if (mode % 3 == 0 || (mode % 3 == 2 && v % 2))
            lua_pushinteger(L, v); // t v
        else
            lua_pushfstring(L, "s%d", v); // t v
        lua_rawseti(L, -2, i);            // t
    }
}

// Arguments: nil, boolean, integer, float, string, table, or an order function.
void push_arg(lua_State* L, Input& in) {
    switch (in.byte() % 8) {
    case 0:
        lua_pushnil(L);
        break;
    case 1:
        lua_pushboolean(L, in.byte() & 1);
        break;
    case 2:
    case 3:
        push_integer(L, in);
        break;
    case 4:
        push_float(L, in);
        break;
    case 5:
        push_string(L, in);
        break;
    case 6:
        push_table(L, in);
        break;
    default:
        if (in.byte() & 1)
            luaL_dostring(L, "return function(a, b) return a > b end"); // fn
        else
            lua_getglobal(L, "rawequal"); // a C order function: no hook inside
        break;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Fixture fixture;
    Input in{data, size};
    lua_State* L = fixture.state();
    const char* name = functions[in.byte() % function_count];
    const int n = in.byte() % 6;
    lua_getglobal(L, "RUNNER");                  // runner
    lua_pushstring(L, name);                     // runner name
    lua_pushinteger(L, n);                       // runner name n
    for (int i = 0; i < n; ++i) push_arg(L, in); // runner name n args...
    luaL_dostring(L, "VERDICT = nil");
    const auto t0 = std::chrono::steady_clock::now();
    // Errors are expected; only the verdict counts.
    static_cast<void>(fixture.script().call_quiet(n + 2));
    const double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (took > 2.0) {
        std::fprintf(stderr, "%s with %d arguments took %.2f s (budget 0.02 s)\n", name, n, took);
        std::abort();
    }
    lua_getglobal(L, "VERDICT"); // verdict
    const char* verdict = lua_tostring(L, -1);
    if (verdict && std::strcmp(verdict, "same") != 0) {
        std::fprintf(stderr, "%s differs from Lua's own:\n   sandbox: %s\n", name, verdict);
        std::abort();
    }
    lua_pop(L, 1); // (empty)
    return 0;
}
