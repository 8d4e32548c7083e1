// libFuzzer target: the sandbox's pattern functions (string.find, match, gmatch, gsub), which
// run every pattern a script writes inside Outlook's process: Lua's lstrlib.c compiled with
// the step meter (scripting/pattern_meter.h, cmake/patches/lstrlib-step-meter.patch), against
// the unmetered library. Any input must give the same results and the same errors as the
// library, or the harness's own "gave up" error from the meter's tick; a crash, a sanitizer
// report or a difference is a finding.
//
// Input: byte 0 picks the function and its extra arguments, byte 1 the pattern's length;
// the pattern comes next (at most 48 bytes), then the subject (at most 200 bytes). For gsub
// the subject's last third is the replacement string.
#include "lua_include.h"
#include "pattern_meter.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

// Calls string[fn](s, p, a, b) (gmatch: walks at most 64 matches) under pcall and describes
// what came back, in one string that compares equal only when the results are the same.
constexpr char runner[] = R"lua(
local fn, s, p, a, b = ...
local function describe(ok, ...)
  local out = { ok and "ok" or "error" }
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    out[#out + 1] = (math.type(v) or type(v)) .. ":" .. tostring(v)
  end
  return table.concat(out, "|")
end
if fn == "gmatch" then
  return describe(pcall(function()
    local seen = {}
    for c1, c2, c3 in string.gmatch(s, p, a) do
      seen[#seen + 1] = tostring(c1) .. "," .. tostring(c2) .. "," .. tostring(c3)
      if #seen >= 64 then break end
    end
    return table.concat(seen, ";")
  end))
end
return describe(pcall(string[fn], s, p, a, b))
)lua";

// The meter's ticks one call may reach before the harness gives up on it (about 200,000
// matcher steps): both sides run the same matcher, so whatever the metered one finishes
// within that, the library finishes quickly too.
constexpr int max_ticks = 20;
int ticks = 0; // since the call began

void give_up_tick(lua_State* L) {
    if (++ticks > max_ticks) luaL_error(L, "gave up after %d ticks", max_ticks);
}

struct Call {
    const char* fn;
    std::string s, p, repl;
    int a_kind; // 0: none; 1: an integer (init, or gsub's n); 2: a string (gsub's repl)
    lua_Integer a;
    int b_kind; // 0: none; 1: an integer (gsub's n); 2: a boolean (find's plain)
    lua_Integer b;
};

// Stops the run with the call and what came back, so that a difference (not only a crash)
// is a finding. Only a failing input pays for the message.
[[noreturn]] void fail(const char* what, const Call& c, const std::string& got,
                       const std::string& want) {
    std::fprintf(stderr, "check failed: %s\n%s\ns: %s\np: %s\ngot: %s\nwant: %s\n", what, c.fn,
                 c.s.c_str(), c.p.c_str(), got.c_str(), want.c_str());
    std::abort();
}

lua_State* new_state(bool bounded) {
    lua_State* L = luaL_newstate();
    luaL_openlibs(L);
    if (bounded) {
        oh::reopen_string_metered(L); // the metered copy over the library's
        oh::set_pattern_tick(L, give_up_tick);
    }
    if (luaL_loadbuffer(L, runner, sizeof runner - 1, "=runner") != LUA_OK) std::abort();
    lua_setglobal(L, "run"); // (empty)
    return L;
}

std::string run(lua_State* L, const Call& c) {
    lua_getglobal(L, "run");                    // run
    lua_pushstring(L, c.fn);                    // run fn
    lua_pushlstring(L, c.s.data(), c.s.size()); // run fn s
    lua_pushlstring(L, c.p.data(), c.p.size()); // run fn s p
    if (c.a_kind == 2)
        lua_pushlstring(L, c.repl.data(), c.repl.size()); // ... repl
    else if (c.a_kind == 1)
        lua_pushinteger(L, c.a); // ... init
    else
        lua_pushnil(L); // ... nil
    if (c.b_kind == 2)
        lua_pushboolean(L, static_cast<int>(c.b)); // ... plain
    else if (c.b_kind == 1)
        lua_pushinteger(L, c.b); // ... n
    else
        lua_pushnil(L);                    // run fn s p a b
    if (lua_pcall(L, 5, 1, 0) != LUA_OK) { // description | error
        std::string e = "escaped: ";       // the runner's pcall should catch everything
        e += lua_tostring(L, -1) ? lua_tostring(L, -1) : "?";
        lua_pop(L, 1); // (empty)
        return e;
    }
    std::string out = lua_tostring(L, -1); // description
    lua_pop(L, 1);                         // (empty)
    return out;
}

Call decode(const std::uint8_t* data, std::size_t size) {
    static constexpr const char* functions[] = {"find", "match", "gmatch", "gsub"};
    Call c{};
    const std::uint8_t op = data[0];
    c.fn = functions[op & 3];
    const std::string_view rest(reinterpret_cast<const char*>(data + 2), size - 2);
    const std::size_t plen = std::min<std::size_t>(data[1] % 49, rest.size());
    c.p = rest.substr(0, plen);
    std::string_view subject = rest.substr(plen).substr(0, 200);
    const lua_Integer small = static_cast<lua_Integer>((op >> 4) & 7) - 3; // -3 .. 4
    if (c.fn == std::string_view("gsub")) {
        const std::size_t cut = subject.size() - subject.size() / 3;
        c.repl = subject.substr(cut);
        subject = subject.substr(0, cut);
        c.a_kind = 2;
        c.b_kind = (op & 4) ? 1 : 0;
        c.b = small;
    } else {
        c.a_kind = (op & 4) ? 1 : 0;
        c.a = small * 2;
        c.b_kind = (c.fn == std::string_view("find") && (op & 8)) ? 2 : 0;
        c.b = (op >> 7) & 1;
    }
    c.s = subject;
    return c;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    static lua_State* lua = new_state(false);
    static lua_State* ours = new_state(true);
    const Call c = decode(data, size);
    ticks = -1; // the first tick may come early: the meter's count carries over calls
    const std::string got = run(ours, c);
    if (got.rfind("escaped", 0) == 0) fail("the runner's pcall caught the error", c, got, "");
    // Gave up: the library might backtrack for a very long time on this one; not compared.
    if (got.find("gave up after") != std::string::npos) return 0;
    const std::string want = run(lua, c);
    if (got != want) fail("the metered result equals the library's", c, got, want);
    return 0;
}
