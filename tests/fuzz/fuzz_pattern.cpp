// libFuzzer target: the bounded pattern functions (string.find, match, gmatch, gsub), which
// run every pattern a script writes inside Outlook's process, against Lua's own. Any input
// must give the same results and the same errors as Lua, or the bounded matcher's own "gave
// up" error; a crash, a sanitizer report or a difference is a finding.
//
// Input: byte 0 picks the function and its extra arguments, byte 1 the pattern's length;
// the pattern comes next (at most 48 bytes), then the subject (at most 200 bytes). For gsub
// the subject's last third is the replacement string.
#include "lua_include.h"
#include "pattern.h"

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

// A step limit far below the default: Lua's matcher does about as much work as ours, so
// whatever ours finishes within it, Lua's finishes quickly too.
constexpr std::uint64_t max_steps = 200'000;

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
        lua_getglobal(L, LUA_STRLIBNAME); // string
        oh::install_bounded_patterns(L, -1, nullptr, max_steps);
        lua_pop(L, 1); // (empty)
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
    const std::string got = run(ours, c);
    if (got.rfind("escaped", 0) == 0) fail("the runner's pcall caught the error", c, got, "");
    // Ours gave up: Lua might backtrack for a very long time on this one; nothing to compare.
    if (got.find("pattern too complex: gave up") != std::string::npos) return 0;
    const std::string want = run(lua, c);
    // Lua's own recursion limit (200 levels) is not ours; such a pattern is not compared.
    if (want.find("pattern too complex") != std::string::npos) return 0;
    if (got != want) fail("the bounded result equals Lua's", c, got, want);
    return 0;
}
