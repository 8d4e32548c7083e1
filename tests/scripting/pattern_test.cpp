// The sandbox's string.find/match/gmatch/gsub (Lua's lstrlib.c compiled with the step meter
// of scripting/pattern_meter.h) against the Lua library's own: every case runs in a plain
// state (the library's string library) and in one with the metered copy opened instead, and
// both must describe the same results or errors. The runaway cases must reach the tick.

#include "catch.hpp"
#include "lua_include.h"
#include "pattern_meter.h"

#include <chrono>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace std::literals;

namespace {

struct StateCloser {
    void operator()(lua_State* L) const { lua_close(L); }
};
using StatePtr = std::unique_ptr<lua_State, StateCloser>;

// Lua helpers loaded into both states: describe() turns pcall's results into text that
// shows every value's type, so results compare as strings.
constexpr const char* helpers = R"lua(
local function show(v)
  local t = type(v)
  if t == "string" then return string.format("%q", v) end
  if t == "number" then return math.type(v) .. " " .. tostring(v) end
  if t == "nil" or t == "boolean" then return tostring(v) end
  return t
end
function describe(ok, ...)
  local out = { ok and "ok" or "error" }
  for i = 1, select("#", ...) do out[#out + 1] = show((select(i, ...))) end
  return table.concat(out, ", ")
end
function gmatch_all(s, p, ...)
  local out, it = {}, string.gmatch(s, p, ...)
  for _ = 1, 100 do
    local r = table.pack(it())
    if r.n == 0 or r[1] == nil then out[#out + 1] = "end(" .. r.n .. ")" break end
    out[#out + 1] = describe(true, table.unpack(r, 1, r.n))
  end
  return table.concat(out, " | ")
end
function call(name, ...)
  if name == "gmatch" then return describe(pcall(gmatch_all, ...)) end
  return describe(pcall(string[name], ...))
end
REPLS = {
  "<%0>", "%1", "%2", "%%", "x%", "[%1|%0]", "", "%a",
  function(...) return select("#", ...) .. ":" .. tostring((...)) end,
  function() return nil end,
  function(a) return a end,
  { a = "A", b = false, [1] = "one", ["()"] = {} },
  7,
}
)lua";

// Tick functions take no context, so their counters are globals.
int tick_calls = 0;
int raise_at_tick = 0;

void counting_tick(lua_State* /*L*/) {
    ++tick_calls;
}

void deadline_tick(lua_State* L) {
    if (++tick_calls >= raise_at_tick) luaL_error(L, "deadline passed at tick %d", tick_calls);
}

StatePtr new_state() {
    StatePtr L(luaL_newstate());
    REQUIRE(L);
    luaL_openlibs(L.get());
    REQUIRE(luaL_dostring(L.get(), helpers) == LUA_OK);
    return L;
}

lua_CFunction string_find_of(lua_State* L) {
    lua_getglobal(L, LUA_STRLIBNAME);                  // string
    lua_getfield(L, -1, "find");                       // string find
    const lua_CFunction find = lua_tocfunction(L, -1); // string find
    lua_pop(L, 2);                                     // (empty)
    return find;
}

StatePtr new_bounded_state(oh::PatternTick tick) {
    StatePtr L = new_state();
    oh::reopen_string_metered(L.get());
    oh::set_pattern_tick(L.get(), tick);
    REQUIRE(string_find_of(L.get()) != string_find_of(new_state().get())); // not the library's
    REQUIRE(lua_gettop(L.get()) == 0);
    return L;
}

// Runs `chunk` (which receives s and p as ...) and returns its one string result, or the
// error that escaped it.
std::string run_chunk(lua_State* L, const std::string& chunk, std::string_view s,
                      std::string_view p) {
    if (luaL_loadbuffer(L, chunk.data(), chunk.size(), "=case") != LUA_OK) {
        std::string msg = "load error: "s + lua_tostring(L, -1);
        lua_pop(L, 1);
        return msg;
    }
    lua_pushlstring(L, s.data(), s.size()); // chunk s
    lua_pushlstring(L, p.data(), p.size()); // chunk s p
    const int rc = lua_pcall(L, 2, 1, 0);   // result
    std::string out = (rc == LUA_OK ? ""s : "escaped: "s) + lua_tostring(L, -1);
    lua_pop(L, 1);
    return out;
}

struct Case {
    std::string_view fn; // find, match, gmatch or gsub
    std::string_view subject;
    std::string_view pattern;
    std::string_view extra; // Lua source for the further arguments, e.g. "1, true"
};

std::string chunk_for(const Case& c) {
    std::string chunk = "local s, p = ...\nreturn call(\"";
    chunk += c.fn;
    chunk += "\", s, p";
    if (!c.extra.empty()) {
        chunk += ", ";
        chunk += c.extra;
    }
    chunk += ")";
    return chunk;
}

std::string describe_case(const Case& c) {
    std::string d = "string.";
    d += c.fn;
    d += "(\"";
    d += c.subject;
    d += "\", \"";
    d += c.pattern;
    d += "\"";
    if (!c.extra.empty()) {
        d += ", ";
        d += c.extra;
    }
    d += ")";
    return d;
}

void check_agree(lua_State* reference, lua_State* bounded, const std::vector<Case>& cases) {
    for (const Case& c : cases) {
        const std::string chunk = chunk_for(c);
        INFO(describe_case(c));
        CHECK(run_chunk(bounded, chunk, c.subject, c.pattern) ==
              run_chunk(reference, chunk, c.subject, c.pattern));
    }
}

// Lua expressions, evaluated in both states: odd argument types and counts, methods, long
// generated patterns.
void check_agree_on_expressions(lua_State* reference, lua_State* bounded,
                                const std::vector<std::string_view>& expressions) {
    for (const std::string_view e : expressions) {
        const std::string chunk =
            "return describe(pcall(function() return "s + std::string(e) + " end))";
        INFO(e);
        CHECK(run_chunk(bounded, chunk, "", "") == run_chunk(reference, chunk, "", ""));
    }
}

// clang-format off
const std::vector<Case> find_cases = {
    {"find", "hello world", "o", ""},
    {"find", "hello world", "o", "6"},
    {"find", "hello world", "o", "-3"},
    {"find", "hello world", "o", "-100"},
    {"find", "hello world", "o", "0"},
    {"find", "hello world", "o", "11"},
    {"find", "hello world", "o", "12"},
    {"find", "hello world", "o", "13"},
    {"find", "hello world", "", "12"},
    {"find", "hello world", "", "13"},
    {"find", "hello world", "", "-1"},
    {"find", "hello world", "%w*$", "12"},
    {"find", "hello world", "%w*$", "13"},
    {"find", "hello world", "l+", "math.maxinteger"},
    {"find", "hello world", "l+", "math.mininteger"},
    {"find", "hello world", "l+", "-5"},
    {"find", "hello world", "l+", "1.0"},
    {"find", "hello world", "l+", "'4'"},
    {"find", "hello world", "l+", "1.5"},
    {"find", "hello world", "l+", "'x'"},
    {"find", "hello world", "l+", "{}"},
    {"find", "", "", ""},
    {"find", "", "", "2"},
    {"find", "", "a*", ""},
    {"find", "", ".", ""},
    {"find", "", "^$", ""},
    {"find", "a.b", ".", "1, true"},
    {"find", "a.b", "%.", ""},
    {"find", "a.b", ".", ""},
    {"find", "a+b", "+", "1, true"},
    {"find", "a+b", "a+b", ""},
    {"find", "a+b", "a+b", "1, 1"},
    {"find", "a+b", "a+b", "1, false"},
    {"find", "a+b", "a+b", "1, nil"},
    {"find", "aa+b", "a+b", "nil, true"},
    {"find", "abc", "[a", "1, true"},
    {"find", "abc", "%", "1, true"},
    {"find", "abc", "", "2, true"},
    {"find", "abc", "abcd", "1, true"},
    {"find", "abcabc", "cab", "1, true"},
    {"find", "abcabc", "abc", "2, true"},
    {"find", "abcabc", "abc", "-3, true"},
    {"find", "a)", "a)", ""},
    {"find", "a)b", ")", ""},
    {"find", "x]y", "]", ""},
    {"find", "x]y", "x]", ""},
    {"find", "a\0b"sv, "\0"sv, ""},
    {"find", "a\0b"sv, "%z"sv, ""},
    {"find", "a\0b"sv, "[\0]"sv, ""},
    {"find", "a\0b\0"sv, "%Z+"sv, "2"},
    {"find", "a\0b"sv, "b\0"sv, ""},
    {"find", "a\0b"sv, ".\0."sv, ""},
    {"find", "hello", "(l)(l)", ""},
    {"find", "hello", "()ll()", ""},
    {"find", "hello", "(h)(e)(l)(l)(o)", ""},
    {"find", "hello", "h(.-)o", ""},
    {"find", "hello", "^h", ""},
    {"find", "hello", "^e", ""},
    {"find", "hello", "^e", "2"},
    {"find", "hello", "^", ""},
    {"find", "hello", "^", "6"},
    {"find", "hello", "^", "7"},
    {"find", "hello", "o$", ""},
    {"find", "hello", "l$", ""},
    {"find", "hello", "$", ""},
    {"find", "hello", "^$", ""},
    {"find", "hello", "^hello$", ""},
    {"find", "a$b", "$b", ""},
    {"find", "a$b", "a$", ""},
    {"find", "a$b", "a$b", ""},
    {"find", "a$$", "$$", ""},
    {"find", "a$$", "$+", ""},
    {"find", "a$$", "$*$", ""},
    {"find", "a^b", "a^b", ""},
    {"find", "a^b", "^b", ""},
    {"find", "^^", "^^", ""},
    {"find", "^^", "^^+", ""},
    {"find", "*", "*", ""},
    {"find", "a**", "a**", ""},
    {"find", "a**", "**", ""},
    {"find", "+x", "+", ""},
    {"find", "--", "-", ""},
    {"find", "a-b", "a-b", ""},
    {"find", "??", "?", ""},
    {"find", "x?", "x?", ""},
}; 

const std::vector<Case> quantifier_cases = {
    {"match", "aaab", "a*b", ""},
    {"match", "aaab", "a+b", ""},
    {"match", "aaab", "a-b", ""},
    {"match", "aaab", "a?b", ""},
    {"match", "aaab", "a?a?a?b", ""},
    {"match", "aaab", "a?a?a?a?b", ""},
    {"match", "b", "a+b", ""},
    {"match", "b", "a*b", ""},
    {"match", "aaa", "a-", ""},
    {"match", "aaa", "a-$", ""},
    {"match", "aaa", "^a-$", ""},
    {"match", "aaa", "(a*)(a*)", ""},
    {"match", "aaa", "(a-)(a*)", ""},
    {"match", "aaa", "(a+)(a+)", ""},
    {"match", "aaa", "(a?)(a?)(a?)(a?)", ""},
    {"match", "ac", "ab*c", ""},
    {"match", "abbbc", "ab*c", ""},
    {"match", "abbbc", "ab-c", ""},
    {"match", "abbbc", "ab+bc", ""},
    {"match", "abbbc", "ab*bbbc", ""},
    {"match", "abbbc", "ab*bbbbc", ""},
    {"match", "<a><b>", "<.->", ""},
    {"match", "<a><b>", "<.*>", ""},
    {"match", "<a><b>", "<(.-)>$", ""},
    {"match", "<a><b>", "^<(.*)>", ""},
    {"match", "  trim me  ", "^%s*(.-)%s*$", ""},
    {"match", "key = value", "^(%w+)%s*=%s*(%w+)$", ""},
    {"match", "2024-01-31", "(%d+)-(%d+)-(%d+)", ""},
    {"match", "x = 10, y = 20", "y = (%d+)", ""},
    {"match", "abc", ".-b", ""},
    {"match", "abc", ".*", ""},
    {"match", "abc", ".+", ""},
    {"match", "abc", ".?", ""},
    {"match", "abc", "[ab]*", ""},
    {"match", "abc", "[ab]-c", ""},
    {"match", "abc", "[^c]+", ""},
    {"match", "123abc", "%d+", ""},
    {"match", "123abc", "%d-a", ""},
    {"match", "123abc", "%a+", ""},
    {"match", "123abc", "%a+", "5"},
    {"match", "123abc", "%a+", "-2"},
    {"match", "123abc", "%a+", "10"},
    {"match", "123abc", "()", "7"},
    {"match", "123abc", "()", "8"},
    {"match", "aaaa", "a-a-a-a-$", ""},
    {"match", "abab", "(ab)*", ""},
    {"match", "ab)", "b)", ""},
    {"match", "ab", "(a)-", ""},
    {"match", "a-", "(a)-", ""},
};

const std::vector<Case> set_cases = {
    {"gsub", "abcdef-]^[", "[abc]", "'.'"},
    {"gsub", "abcdef-]^[", "[^abc]", "'.'"},
    {"gsub", "abcdef-]^[", "[a-c]", "'.'"},
    {"gsub", "abcdef-]^[", "[^a-c]", "'.'"},
    {"gsub", "abcdef-]^[", "[]]", "'.'"},
    {"gsub", "abcdef-]^[", "[^]]", "'.'"},
    {"gsub", "abcdef-]^[", "[]a]", "'.'"},
    {"gsub", "abcdef-]^[", "[a]]", "'.'"},
    {"gsub", "abcdef-]^[", "[a-]", "'.'"},
    {"gsub", "abcdef-]^[", "[-a]", "'.'"},
    {"gsub", "abcdef-]^[", "[a-c-e]", "'.'"},
    {"gsub", "abcdef-]^[", "[%a]", "'.'"},
    {"gsub", "abcdef-]^[", "[%A]", "'.'"},
    {"gsub", "abcdef-]^[", "[%]]", "'.'"},
    {"gsub", "abcdef-]^[", "[%-]", "'.'"},
    {"gsub", "abcdef-]^[", "[%^]", "'.'"},
    {"gsub", "abcdef-]^[", "[a^]", "'.'"},
    {"gsub", "abcdef-]^[", "[^^]", "'.'"},
    {"gsub", "abcdef-]^[", "[[]", "'.'"},
    {"gsub", "abcdef-]^[", "[%[]", "'.'"},
    {"gsub", "abcdef-]^[", "[^%a%-]", "'.'"},
    {"gsub", "abcdef-]^[", "[a%-f]", "'.'"},
    {"gsub", "abcdef-]^[", "[%a-z]", "'.'"},
    {"gsub", "abcdef-]^[", "[f-a]", "'.'"},
    {"gsub", "abcdef-]^[", "[a-a]", "'.'"},
    {"gsub", "abcdef-]^[", "[]-a]", "'.'"},
    {"gsub", "abcdef-]^[", "[!-/]", "'.'"},
    {"gsub", "abcdef-]^[", "[%w_]", "'.'"},
    {"gsub", "abcdef-]^[", "[ef]+", "'.'"},
    {"gsub", "abcdef-]^[", "[ef]-", "'.'"},
    {"gsub", "abcdef-]^[", "[ef]?", "'.'"},
    {"gsub", "abcdef-]^[", "[ef]*", "'.'"},
    {"gsub", "a.b*c", "[.]", "'!'"},
    {"gsub", "a.b*c", "[*]", "'!'"},
    {"gsub", "a.b*c(", "[(]", "'!'"},
    {"gsub", "a%b", "[%%]", "'!'"},
    {"gsub", "aq", "[%q]", "'!'"},
    {"gsub", "a\0b\1c"sv, "[\0-\1]"sv, "'!'"},
    {"gsub", "a\0b\1c"sv, "[^\0-\1]"sv, "'!'"},
    {"gsub", "\xff\x80z", "[\x80-\xff]", "'!'"},
    {"find", "abc", "[", ""},
    {"find", "abc", "[^", ""},
    {"find", "abc", "[a", ""},
    {"find", "abc", "[%", ""},
    {"find", "abc", "[%]", ""},
    {"find", "abc", "[]", ""},
    {"find", "abc", "[^]", ""},
    {"find", "abc", "[a-", ""},
    {"find", "abc", "x[", ""},
    {"find", "abc", "a[", ""},
    {"find", "abc", "[a]*[", ""},
};

const std::vector<Case> escape_cases = {
    {"find", "a.b", "%.", ""},
    {"find", "a%b", "%%", ""},
    {"find", "a(b", "%(", ""},
    {"find", "a)b", "%)", ""},
    {"find", "a[b", "%[", ""},
    {"find", "a]b", "%]", ""},
    {"find", "a-b", "%-", ""},
    {"find", "a*b", "%*", ""},
    {"find", "a?b", "%?", ""},
    {"find", "a+b", "%+", ""},
    {"find", "a^b", "%^", ""},
    {"find", "a$b", "%$", ""},
    {"find", "aqb", "%q", ""},
    {"find", "aQb", "%Q", ""},
    {"find", "a\xe9", "%\xe9", ""},
    {"find", "a b", "% ", ""},
    {"find", "abc", "%", ""},
    {"find", "abc", "a%", ""},
    {"find", "abc", "x%", ""},
    {"find", "abc", "b%", ""},
    {"find", "abc", "%d%", ""},
    {"find", "abc", "c%", ""},
    {"find", "abc", "(c)%", ""},
    {"match", "abc", "%", ""},
    {"gmatch", "abc", "%", ""},
    {"gsub", "abc", "%", "''"},
    {"gsub", "abc", "c%", "''"},
};

const std::vector<Case> balance_frontier_cases = {
    {"match", "f(a(b)c) d", "%b()", ""},
    {"match", "f(a(b)c d", "%b()", ""},
    {"match", "((a)", "%b()", ""},
    {"match", "(a))", "%b()", ""},
    {"match", "x)(y", "%b)(", ""},
    {"match", "xaxbx", "%bxx", ""},
    {"match", "aaaa", "%baa", ""},
    {"match", "<<a>>b", "(%b<>)b", ""},
    {"match", "()*", "%b()*", ""},
    {"match", "()", "%b()*", ""},
    {"match", "{a}{b}", "%b{}+", ""},
    {"match", "{a}{b}", "(%b{})(%b{})", ""},
    {"gsub", "f(x) g(y, z) h", "%b()", "'[]'"},
    {"gsub", "[[a]] [b]", "%b[]", "'<%0>'"},
    {"find", "abc", "%b", ""},
    {"find", "abc", "%b(", ""},
    {"find", "abc", "x%b(", ""},
    {"find", "abc", "a%b", ""},
    {"find", "", "%b()", ""},
    {"find", "(", "%b()", ""},
    {"gmatch", "THE (quick) fox", "%f[%a]%a+", ""},
    {"gmatch", "THE (quick) fox", "%f[%a]", ""},
    {"gmatch", "THE (quick) fox", "%f[%A]", ""},
    {"gmatch", "THE (quick) fox", "%f[%l]%a+", ""},
    {"gmatch", "THE (quick) fox", "%f[%a]%a+%f[%A]", ""},
    {"gmatch", "abc", "%f[%z]", ""},
    {"gmatch", "abc", "%f[%Z]", ""},
    {"gmatch", "a\0b"sv, "%f[%z]"sv, ""},
    {"gmatch", "aab", "%f[a]", ""},
    {"gmatch", "aab", "%f[^a]", ""},
    {"gmatch", "a]b", "%f[]]", ""},
    {"gsub", "hello world", "%f[%w]%w+", "string.upper"},
    {"gsub", "THE (quick) fox", "%f[%a]", "'|'"},
    {"find", "aaa", "%f[a]*", ""},
    {"find", "a*", "%f[a]a*", ""},
    {"find", "abc", "%f", ""},
    {"find", "abc", "%fa", ""},
    {"find", "abc", "%f[", ""},
    {"find", "abc", "%f[a", ""},
    {"find", "abc", "%f[^", ""},
    {"find", "abc", "x%f", ""},
    {"find", "abc", "c%fx", ""},
};

const std::vector<Case> capture_cases = {
    {"match", "hello", "(h)(e)", ""},
    {"match", "hello", "()", ""},
    {"match", "hello", "()", "3"},
    {"match", "hello", "()e()", ""},
    {"match", "hello", "(()e())", ""},
    {"match", "hello", "(h(e)(l))", ""},
    {"match", "hello", "((((((((((h))))))))))", ""},
    {"match", "hello", "(h)(.)(.)(.)(.)", ""},
    {"match", "hello", "(a*)", ""},
    {"match", "hello", "(x*)", "6"},
    {"match", "hello", "h()", ""},
    {"match", "abcabc", "(abc)%1", ""},
    {"match", "hello world world", "(%a+) %1", ""},
    {"match", "say \"hi\" 'x'", "([\"'])(.-)%1", ""},
    {"match", "abba", "(a)(b)%2%1", ""},
    {"match", "aa", "((a)%2)", ""},
    {"match", "a*", "(a)%1*", ""},
    {"match", "aaa", "(a)%1*", ""},
    {"match", "xx", "(x*)%1", ""},
    {"match", "abab", "(ab)%1$", ""},
    {"match", "aXa", "(a)X%1", ""},
    {"match", "a", "()%1", ""},
    {"match", "aa", "()a%1", ""},
    {"find", "abc", "(a)%2", ""},
    {"find", "abc", "%1", ""},
    {"find", "abc", "x%1", ""},
    {"find", "abc", "(a%1)", ""},
    {"find", "abc", "%0", ""},
    {"find", "abc", "(a)%0", ""},
    {"find", "abc", "(a)%9", ""},
    {"find", "abc", "(", ""},
    {"find", "abc", "(a", ""},
    {"find", "abc", "(x", ""},
    {"find", "abc", "a(", ""},
    {"find", "abc", "(()", ""},
    {"find", "abc", ")", ""},
    {"find", "abc", "a.)", ""},
    {"find", "abc", "x.)", ""},
    {"find", "abc", "(a))", ""},
    {"find", "abc", "(a)(b))", ""},
    {"find", "abc", "()a)", ""},
    {"match", "abc", "(a", ""},
    {"match", "abc", "(a)(b", ""},
    {"match", "abc", "((a)", ""},
    {"gmatch", "abc", "(a", ""},
    {"gmatch", "abc", "(", ""},
    {"gsub", "abc", "(a", "'x'"},
    {"gsub", "abc", "(a", "'%0'"},
    {"gsub", "abc", "(a", "'%1'"},
    {"gsub", "abc", "(a", "string.upper"},
    {"gsub", "abc", "(a", "{}"},
    {"gsub", "abc", "(a)(", "'%1'"},
};

const std::vector<Case> gmatch_cases = {
    {"gmatch", "hello world from lua", "%a+", ""},
    {"gmatch", "k1=v1, k2=v2", "(%w+)=(%w+)", ""},
    {"gmatch", "abc", "", ""},
    {"gmatch", "", "", ""},
    {"gmatch", "abc", "()", ""},
    {"gmatch", "baaac", "a*", ""},
    {"gmatch", "abc", "x*", ""},
    {"gmatch", "abc", ".-", ""},
    {"gmatch", "abc", ".", ""},
    {"gmatch", "aaa", "a-", ""},
    {"gmatch", "aaa", "a?", ""},
    {"gmatch", "a,b,,c,", "([^,]*)", ""},
    {"gmatch", "a,b,,c,", "([^,]*),?", ""},
    {"gmatch", "abc", "$", ""},
    {"gmatch", "abc", ".$", ""},
    {"gmatch", "a^b^", "^.", ""},
    {"gmatch", "abc", "^a", ""},
    {"gmatch", "hello world", "%a+", "3"},
    {"gmatch", "hello world", "%a+", "-5"},
    {"gmatch", "hello world", "%a+", "0"},
    {"gmatch", "hello world", "%a+", "-100"},
    {"gmatch", "hello world", "%a+", "11"},
    {"gmatch", "hello world", "%a+", "12"},
    {"gmatch", "hello world", "%a+", "13"},
    {"gmatch", "hello world", "()", "12"},
    {"gmatch", "hello world", "()", "13"},
    {"gmatch", "hello world", "()", "math.maxinteger"},
    {"gmatch", "hello world", "%a+", "1.5"},
    {"gmatch", "hello world", "%a+", "'2'"},
    {"gmatch", "a1b22c333", "%d+", ""},
    {"gmatch", "a1b22c333", "(%a)(%d*)", ""},
    {"gmatch", "a1b22c333", "()%d+()", ""},
    {"gmatch", "xyz", "(x)(y)(z)", ""},
};

const std::vector<Case> gsub_cases = {
    {"gsub", "hello world", "o", "'0'"},
    {"gsub", "hello world", "(o)", "'[%1]'"},
    {"gsub", "hello world", "%w+", "'%0 %0'"},
    {"gsub", "hello world", "(%w+) (%w+)", "'%2 %1'"},
    {"gsub", "hello world", "", "'-'"},
    {"gsub", "", "", "'-'"},
    {"gsub", "abc", "x*", "'-'"},
    {"gsub", "baaac", "a*", "'-'"},
    {"gsub", "baaac", "a-", "'-'"},
    {"gsub", "baaac", "a?", "'-'"},
    {"gsub", "abc", "%w", "'%1'"},
    {"gsub", "abc", "%w", "'%0%0'"},
    {"gsub", "abc", "%w", "'%2'"},
    {"gsub", "abc", "(%w)", "'%2'"},
    {"gsub", "abc", "%w", "'%%'"},
    {"gsub", "abc", "%w", "'100%'"},
    {"gsub", "abc", "%w", "'%x'"},
    {"gsub", "abc", "%w", "'%'"},
    {"gsub", "abc", "%w", "'a%%b%%'"},
    {"gsub", "abc", "x", "'%'"},
    {"gsub", "abc", "()%w", "'%1'"},
    {"gsub", "abc", "()(%w)()", "'%3%2%1'"},
    {"gsub", "abc", "%w", "'\\0'"},
    {"gsub", "hello world", "o", "'0'", },
    {"gsub", "hello world", "o", "'0', 0"},
    {"gsub", "hello world", "o", "'0', 1"},
    {"gsub", "hello world", "o", "'0', 2"},
    {"gsub", "hello world", "o", "'0', 3"},
    {"gsub", "hello world", "o", "'0', -1"},
    {"gsub", "hello world", "o", "'0', math.mininteger"},
    {"gsub", "hello world", "o", "'0', 1.0"},
    {"gsub", "hello world", "o", "'0', '1'"},
    {"gsub", "hello world", "o", "'0', 1.5"},
    {"gsub", "hello world", "o", "'0', 'x'"},
    {"gsub", "hello world", "", "'-', 3"},
    {"gsub", "aaa", "^a", "'b'"},
    {"gsub", "aaa", "^a*", "'b'"},
    {"gsub", "aaa", "^", "'b'"},
    {"gsub", "aaa", "^x", "'b'"},
    {"gsub", "aaa", "$", "'b'"},
    {"gsub", "aaa", "^$", "'b'"},
    {"gsub", "", "^$", "'b'"},
    {"gsub", "aaa", "a$", "'b'"},
    {"gsub", "hello world", "%w+", "{hello = 'HI', world = false}"},
    {"gsub", "hello world", "%w+", "{hello = 1.5}"},
    {"gsub", "hello world", "%w+", "{hello = {}}"},
    {"gsub", "hello world", "(%w)%w*", "{h = 'H'}"},
    {"gsub", "hello world", "()%w+", "{'first'}"},
    {"gsub", "hello world", "%w+", "{}"},
    {"gsub", "hello world", "%w+", "setmetatable({}, {__index = function(_, k) return k:upper() end})"},
    {"gsub", "hello world", "%w+", "string.upper"},
    {"gsub", "hello world", "%w+", "function() end"},
    {"gsub", "hello world", "%w+", "function() return false end"},
    {"gsub", "hello world", "%w+", "function() return 42 end"},
    {"gsub", "hello world", "%w+", "function() return 4.5 end"},
    {"gsub", "hello world", "%w+", "function() return {} end"},
    {"gsub", "hello world", "%w+", "function() return true end"},
    {"gsub", "hello world", "%w+", "function() return print end"},
    {"gsub", "hello world", "%w+", "function(...) return select('#', ...) end"},
    {"gsub", "hello world", "(%w)(%w*)", "function(a, b) return b .. a end"},
    {"gsub", "hello world", "()%w+()", "function(a, b) return a .. '-' .. b end"},
    {"gsub", "hello world", "%w+", "function(w) return w:gsub('l', 'L') end"},
    {"gsub", "hello world", "%w+", "function(w) return w:find('l+') end"},
    {"gsub", "hello world", "%w+", "function(w) error('boom ' .. w) end"},
    {"gsub", "hello world", "%w+", "function(w) error({}) end"},
    {"gsub", "hello world", "o", "'0', 1, 'ignored'"},
    {"gsub", "hello", "l", "5"},
    {"gsub", "hello", "l", "5.5"},
    {"gsub", "hello", "l", "nil"},
    {"gsub", "hello", "l", "true"},
    {"gsub", "hello", "l", "print, 'x'"},
    {"gsub", "hello", "l", "nil, 1.5"},
    {"gsub", "hello", "l", ""},
    {"gsub", "a,b,,c", ",", "';'"},
    {"gsub", "a,b,,c", "[^,]*", "'<%0>'"},
    {"gsub", "a,b,,c", "[^,]+", "'<%0>'"},
    {"gsub", "one two", "(%w+)", "'<%1>', 1"},
    {"gsub", "abc", ".-", "'.'"},
    {"gsub", "abc", ".", "{a = 1, b = true}"},
};
// clang-format on

// One case per class, in each form, over a subject holding every byte.
std::vector<Case> class_cases(const std::string& all_bytes, std::vector<std::string>& storage) {
    std::vector<Case> cases;
    storage.reserve(200);
    for (const char letter : "acdglpsuwxzACDGLPSUWXZbqB."sv) {
        const std::string cls = letter == '.' ? "." : "%"s + letter;
        for (const std::string& pattern :
             {cls, "[" + cls + "]", "[^" + cls + "]", cls + "+", "[" + cls + "_]+"}) {
            storage.push_back(pattern);
            cases.push_back({"gsub", all_bytes, storage.back(), "'.'"});
        }
    }
    return cases;
}

// A small random pattern: tokens over a small alphabet, including malformed ones.
std::string random_pattern(std::mt19937& rng) {
    // The first 14 are the simple ones.
    static const char* const tokens[] = {
        "a",     "b",    "c",    " ",     ".",     "%a",     "%s",     "%W", "[ab]", "[^a]",
        "(a)",   "(.-)", "()",   "(%a+)", "%d",    "%A",     "%p",     "%%", "%.",   "[a-c]",
        "[%d ]", "[]a]", "%b()", "%bab",  "%f[a]", "%f[%s]", "%f[^a]", "%1", "%2",   "%0",
        "(",     ")",    "*",    "+",     "-",     "?",      "$",      "^",  "%",    "[",
        "]",     "1",    "%f",   "%b",    "[^",    "%z",     "%Z"};
    std::uniform_int_distribution<std::size_t> token(0, std::size(tokens) - 1);
    // Simple items most of the time, so that a fair share of the patterns match.
    std::uniform_int_distribution<std::size_t> simple(0, 13);
    std::uniform_int_distribution<int> length(0, 5);
    std::uniform_int_distribution<int> coin(0, 3);
    std::string p;
    if (coin(rng) == 0) p += '^';
    for (int n = length(rng); n > 0; --n) {
        p += tokens[coin(rng) == 0 ? token(rng) : simple(rng)];
        if (coin(rng) == 0) p += "*+-?"[coin(rng)];
    }
    if (coin(rng) == 0) p += '$';
    return p;
}

// Raw bytes from the magic characters and a few others: mostly malformed patterns.
std::string random_bytes(std::mt19937& rng, std::string_view alphabet, int max_len) {
    std::uniform_int_distribution<int> length(0, max_len);
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    std::string s;
    for (int n = length(rng); n > 0; --n) s += alphabet[pick(rng)];
    return s;
}

// Pushes random further arguments for `fn`; returns how many.
int push_random_extras(lua_State* L, std::string_view fn, std::mt19937& rng, int repl_count) {
    std::uniform_int_distribution<int> init(-14, 14);
    std::uniform_int_distribution<int> coin(0, 3);
    if (fn == "gsub") {
        lua_getglobal(L, "REPLS");                                                  // ... REPLS
        lua_rawgeti(L, -1, std::uniform_int_distribution<int>(1, repl_count)(rng)); // ... REPLS r
        lua_remove(L, -2);                                                          // ... r
        if (coin(rng) != 0) return 1;
        lua_pushinteger(L, std::uniform_int_distribution<int>(-1, 3)(rng)); // ... r n
        return 2;
    }
    if (coin(rng) == 0) return 0;
    lua_pushinteger(L, init(rng)); // ... init
    if (fn != "find" || coin(rng) != 0) return 1;
    lua_pushboolean(L, coin(rng) == 0); // ... init plain
    return 2;
}

// Calls the helper call(fn, s, p, extras...) with the same extras in both states.
std::string run_random(lua_State* L, std::string_view fn, const std::string& s,
                       const std::string& p, std::mt19937 rng, int repl_count) {
    lua_getglobal(L, "call");                                      // call
    lua_pushlstring(L, fn.data(), fn.size());                      // call fn
    lua_pushlstring(L, s.data(), s.size());                        // call fn s
    lua_pushlstring(L, p.data(), p.size());                        // call fn s p
    const int extras = push_random_extras(L, fn, rng, repl_count); // call fn s p extras...
    const int rc = lua_pcall(L, 3 + extras, 1, 0);                 // result
    std::string out = (rc == LUA_OK ? ""s : "escaped: "s) + lua_tostring(L, -1);
    lua_pop(L, 1); // (empty)
    return out;
}

// Runs `code` (with pcall inside the state) and returns what it yields or raised.
std::string eval(lua_State* L, const char* code) {
    const std::string chunk = "return describe(pcall(function() "s + code + " end))";
    return run_chunk(L, chunk, "", "");
}

} // namespace

TEST_CASE("Bounded find agrees with Lua's string.find", "[pattern]") {
    const StatePtr reference = new_state();
    const StatePtr bounded = new_bounded_state(counting_tick);
    check_agree(reference.get(), bounded.get(), find_cases);
}

TEST_CASE("Bounded quantifiers and anchors agree with Lua's", "[pattern]") {
    const StatePtr reference = new_state();
    const StatePtr bounded = new_bounded_state(counting_tick);
    check_agree(reference.get(), bounded.get(), quantifier_cases);
}

TEST_CASE("Bounded sets and escapes agree with Lua's", "[pattern]") {
    const StatePtr reference = new_state();
    const StatePtr bounded = new_bounded_state(counting_tick);
    check_agree(reference.get(), bounded.get(), set_cases);
    check_agree(reference.get(), bounded.get(), escape_cases);
}

TEST_CASE("Bounded character classes agree with Lua's on every byte", "[pattern]") {
    const StatePtr reference = new_state();
    const StatePtr bounded = new_bounded_state(counting_tick);
    std::string all_bytes;
    for (int c = 0; c < 256; ++c) all_bytes += static_cast<char>(c);
    std::vector<std::string> storage;
    check_agree(reference.get(), bounded.get(), class_cases(all_bytes, storage));
}

TEST_CASE("Bounded balances and frontiers agree with Lua's", "[pattern]") {
    const StatePtr reference = new_state();
    const StatePtr bounded = new_bounded_state(counting_tick);
    check_agree(reference.get(), bounded.get(), balance_frontier_cases);
}

TEST_CASE("Bounded captures and back-references agree with Lua's", "[pattern]") {
    const StatePtr reference = new_state();
    const StatePtr bounded = new_bounded_state(counting_tick);
    check_agree(reference.get(), bounded.get(), capture_cases);
}

TEST_CASE("Bounded gmatch agrees with Lua's string.gmatch", "[pattern]") {
    const StatePtr reference = new_state();
    const StatePtr bounded = new_bounded_state(counting_tick);
    check_agree(reference.get(), bounded.get(), gmatch_cases);
}

TEST_CASE("Bounded gsub agrees with Lua's string.gsub", "[pattern]") {
    const StatePtr reference = new_state();
    const StatePtr bounded = new_bounded_state(counting_tick);
    check_agree(reference.get(), bounded.get(), gsub_cases);
}

TEST_CASE("Bounded functions check arguments and limits as Lua's do", "[pattern]") {
    const StatePtr reference = new_state();
    const StatePtr bounded = new_bounded_state(counting_tick);
    check_agree_on_expressions(
        reference.get(), bounded.get(),
        {
            "string.find(12345, 34)",
            "string.find(12345, 3.0)",
            "string.match(2^53, '%d+')",
            "string.gsub(12345, 3, 9)",
            "string.gsub(12345, 3, 9.5)",
            "string.gmatch(12345, 3)()",
            "string.find()",
            "string.find('a')",
            "string.find(nil, 'a')",
            "string.find({}, 'a')",
            "string.find('a', {})",
            "string.match('a')",
            "string.match('a', 'a', {})",
            "string.gmatch()",
            "string.gmatch('a')",
            "string.gmatch('a', 'a', 'x')",
            "string.gsub()",
            "string.gsub('a')",
            "string.gsub('a', 'a')",
            "string.gsub('a', 'a', io.stdout)",
            "('hello'):find('l')",
            "('hello'):find()",
            "('hello'):match('(h)(e)')",
            "('hello'):gsub()",
            "('x'):rep(3):gsub('x', 'y')",
            "select('#', string.find('abc', 'b'))",
            "select('#', string.find('abc', 'x'))",
            "select('#', string.match('abc', 'x'))",
            "select('#', string.gmatch('abc', 'x')())",
            "(function() local it = string.gmatch('ab', 'a') return it(), it(), it() end)()",
            // One case written on two lines:
            // NOLINTBEGIN(bugprone-suspicious-missing-comma)
            "(function() local t = {} for k, v in string.gmatch('a=1, b=2', '(%w+)=(%w+)') do "
            "t[#t + 1] = k .. v end return table.concat(t, ';') end)()",
            // NOLINTEND(bugprone-suspicious-missing-comma)
            "string.find(string.rep('a', 300), string.rep('a?', 199))",
            "string.find(string.rep('a', 300), string.rep('a?', 200))",
            "string.find(string.rep('a', 300), string.rep('a?', 201))",
            "string.find(string.rep('a', 300), string.rep('a*', 200))",
            "string.find(string.rep('a', 300), string.rep('a*', 201))",
            "string.find(string.rep('a', 300), string.rep('a-', 201))",
            "string.find(string.rep('a', 300), 'b' .. string.rep('a-', 201))",
            "string.find(string.rep('a', 300), string.rep('a-', 199))",
            "string.find(string.rep('a', 300), string.rep('a-', 200))",
            "string.find(string.rep('a', 300), string.rep('(a)-', 30))",
            "string.find(string.rep('a', 300), string.rep('()', 32))",
            "string.find(string.rep('a', 300), string.rep('()', 33))",
            "string.find(string.rep('a', 40), string.rep('(a)', 32))",
            "string.find(string.rep('a', 40), string.rep('(a)', 33))",
            "string.find('b', string.rep('(a)', 33))",
            "string.find('a', string.rep('(', 33) .. 'a' .. string.rep(')', 33))",
            "string.find('a', string.rep('(', 32) .. 'a' .. string.rep(')', 32))",
            "string.gsub(string.rep('a', 40), string.rep('(a)', 10), '%9%1')",
            "string.gsub('abc', '%w', '%1')",
            "string.gsub(string.rep('x', 1000), 'x', '%0%0')",
            "string.find(string.rep('ab', 1000) .. 'c', string.rep('ab', 100) .. 'c', 1, true)",
            "string.find(string.rep('ab', 1000) .. 'c', string.rep('ab', 100) .. 'c')",
            "string.find(string.rep('ab', 1000), '(' .. string.rep('ab', 100) .. ')%1%1')",
            "string.find(string.rep('ab', 100), '(' .. string.rep('ab', 40) .. ')%1')",
            "string.gsub('a1b1', 1, '-')",
            "string.find('a1.5', 1.5, 1, true)",
            "string.match('  x', '^%s*(.-)$', 2)",
            "coroutine.wrap(function() return string.gsub('a', 'a', function() "
            "coroutine.yield() end) end)()",
            "(function() local it = string.gmatch(string.rep('x', 50) .. 'y', 'y') "
            "collectgarbage() collectgarbage() return it() end)()",
            "string.gsub('abc', '', setmetatable({}, {__index = string.upper}))",
        });
}

TEST_CASE("Bounded functions agree with Lua's on random patterns", "[pattern]") {
    const StatePtr reference = new_state();
    const StatePtr bounded = new_bounded_state(counting_tick);
    lua_getglobal(reference.get(), "REPLS");
    const int repl_count = static_cast<int>(luaL_len(reference.get(), -1));
    lua_pop(reference.get(), 1);

    constexpr std::string_view functions[] = {"find", "match", "gmatch", "gsub"};
    std::mt19937 rng(20240531);
    const auto started = std::chrono::steady_clock::now();
    int compared = 0;
    int mismatches = 0;
    for (int i = 0; i < 60000; ++i) {
        // Bounded in time too, should a slow machine be very slow.
        if (std::chrono::steady_clock::now() - started > std::chrono::seconds(30)) break;
        const std::string_view name = functions[i % 4];
        const std::string s = random_bytes(rng, "aaab b()c1 ]"sv, 12);
        const std::string p =
            i % 3 == 2 ? random_bytes(rng, "ab()[]%^$*+-?.1 "sv, 8) : random_pattern(rng);
        const std::mt19937 extras_rng(rng());
        const std::string want = run_random(reference.get(), name, s, p, extras_rng, repl_count);
        const std::string got = run_random(bounded.get(), name, s, p, extras_rng, repl_count);
        ++compared;
        if (got != want && ++mismatches <= 20) {
            INFO("string." << name << "(\"" << s << "\", \"" << p << "\", ...) #" << i);
            CHECK(got == want);
        }
    }
    CHECK(mismatches == 0);
    CHECK(compared > 1000);
}

TEST_CASE("A runaway pattern is interrupted by the host's tick", "[pattern]") {
    tick_calls = 0;
    raise_at_tick = 5;
    const StatePtr bounded = new_bounded_state(deadline_tick);
    lua_State* L = bounded.get();
    const int top = lua_gettop(L);

    CHECK(eval(L, "return ('a'):rep(200):find('.-.-.-.-b$')") ==
          "error, \"case:1: deadline passed at tick 5\"");
    CHECK(tick_calls == 5);

    SECTION("inside gsub with a function replacement") {
        tick_calls = 0;
        CHECK(eval(L, "return ('a'):rep(200):gsub('.-.-.-.-b$', function() end)") ==
              "error, \"case:1: deadline passed at tick 5\"");
    }
    SECTION("inside a gmatch iterator") {
        tick_calls = 0;
        CHECK(eval(L, "for m in ('a'):rep(200):gmatch('.-.-.-.-b$') do end") ==
              "error, \"case:1: deadline passed at tick 5\"");
    }
    SECTION("inside a plain find") {
        tick_calls = 0;
        CHECK(eval(L, "return ('a'):rep(1e5):find(('a'):rep(5000) .. 'b', 1, true)") ==
              "error, \"case:1: deadline passed at tick 5\"");
    }

    // The state is still usable.
    raise_at_tick = 1 << 30;
    CHECK(eval(L, "return ('hello'):find('l+')") == "ok, integer 3, integer 4");
    CHECK(eval(L, "return ('a'):rep(20):find('.-.-.-.-b$')") == "ok, nil");
    CHECK(lua_gettop(L) == top);
}

TEST_CASE("Every kind of runaway matching work reaches the host's tick", "[pattern]") {
    const StatePtr bounded = new_bounded_state(deadline_tick);
    lua_State* L = bounded.get();
    const int top = lua_gettop(L);

    for (const char* code : {
             "return ('a'):rep(200):match('(.-)(.-)(.-)(.-)b$')",
             "return ('a'):rep(200):gsub('.-.-.-.-b$', '')",
             "return ('a'):rep(200):gmatch('.-.-.-.-b$')()",
             "return ('a'):rep(1e5):find(('a'):rep(5000) .. 'b', 1, true)", // plain
             "return ('a'):rep(1e5):find(('a'):rep(5000) .. 'b')",          // no magic characters
             "return ('(('):rep(3000):find('%b()')",
             "return ('a'):rep(3000):find('[' .. ('b'):rep(3000) .. ']')", // a long set
             "return ('a'):rep(3000):find('%f[' .. ('b'):rep(3000) .. ']')",
             "return ('a'):rep(300):find('(a*).-%1%1b')", // back-references
             "return ('a'):rep(1e6):find('.-b')",         // one greedy scan per start
         }) {
        INFO(code);
        tick_calls = 0;
        raise_at_tick = 5;
        CHECK(eval(L, code) == "error, \"case:1: deadline passed at tick 5\"");
        CHECK(tick_calls == 5);
    }

    // The state is still usable, and ordinary work gets through.
    raise_at_tick = 1 << 30;
    CHECK(eval(L, "return ('hello'):find('l+')") == "ok, integer 3, integer 4");
    CHECK(eval(L, "return select(2, ('word '):rep(10000):gsub('%a+', '<%0>'))") ==
          "ok, integer 10000");
    CHECK(lua_gettop(L) == top);
}

TEST_CASE("A state without a tick matches as plain Lua does", "[pattern]") {
    const StatePtr reference = new_state();
    const StatePtr unbounded = new_state();
    oh::reopen_string_metered(unbounded.get());
    check_agree(reference.get(), unbounded.get(), quantifier_cases);
    CHECK(eval(unbounded.get(), "return ('a'):rep(300):find('.-.-b$')") == "ok, nil");
}
