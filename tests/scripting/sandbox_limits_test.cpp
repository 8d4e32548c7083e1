// C functions the count hook cannot reach: an endless loop of them stops near the budget, a
// single call is bounded, and their errors name them.
#include "catch.hpp"
#include "support.h"

#include <chrono>
#include <utility>

using namespace oh;
using namespace oh::test;

namespace {

struct Stopped {
    double seconds = 0;
    std::string error;
};

// Loads `setup` as a script's main chunk, then calls `call` in an endless loop, each call in
// the script's own pcall, from an offline handler under the default budget (250 ms).
Stopped endless(const std::string& setup, const std::string& call) {
    ScriptDir dir;
    dir.write("slow.lua", setup +
                              "\nhooks.on('offline', function()\n"
                              "  while true do pcall(function() " +
                              call + " end) end\nend)\n");
    auto h = start_host(dir);
    INFO((h->record().errors.empty() ? "" : h->record().errors[0].error.message));
    REQUIRE(h->record().errors.empty()); // the setup loaded
    const auto t0 = std::chrono::steady_clock::now();
    h->go(State::offline);
    Stopped s{seconds_since(t0), {}};
    REQUIRE(h->record().errors.size() == 1);
    s.error = h->record().errors[0].error.message;
    return s;
}

// Runs `code` in a start handler's pcall; returns "ok|result" (the message on failure).
std::string attempt(const std::string& code) {
    ScriptDir dir;
    dir.write("try.lua",
              "hooks.on('start', function()\n local ok, r = pcall(function()\n" + code +
                  "\n end)\n hooks.log.info('%s|%s', tostring(ok), tostring(r))\nend)\n");
    auto h = start_host(dir);
    const auto m = messages(*h);
    return m.empty() ? std::string("(nothing logged)") : m.front();
}

const char* const big_string = "s = ('a'):rep(24 * 2^20)";
// A table 10^9 long whose elements come from, and go to, a C function: no Lua code runs.
const char* const c_backed = "t = setmetatable({}, {__len = function() return 1e9 end, "
                             "__index = type, __newindex = type})";
const char* const million = "t = {} for i = 1, 2^18 do t[i] = (i * 7919) % 1000003 end";

} // namespace

TEST_CASE("An endless loop of slow C calls, each in its own pcall, stops at the budget",
          "[sandbox][limits][budget]") {
    const std::pair<const char*, const char*> cases[] = {
        {"", "os.date(('%c'):rep(1e6))"},
        {"", "os.date(('%c'):rep(2048))"},
        {million, "table.sort(t)"},
        {million, "table.sort(t, function(a, b) return a > b end)"},
        {million, "table.sort(t, math.max)"},
        {million, "table.insert(t, 1, 0) table.remove(t, 1)"},
        {million, "table.concat(t, ',')"},
        {million, "table.move(t, 1, 1e15, 2)"},
        {million, "select('#', table.unpack(t))"},
        {c_backed, "table.insert(t, 1, 'x')"},
        {c_backed, "table.remove(t, 1)"},
        {c_backed, "table.concat(t)"},
        {c_backed, "table.sort(t)"},
        {c_backed, "table.move(t, 1, #t, 2)"},
        {c_backed, "table.unpack(t)"},
        {million, "utf8.char(table.unpack(t))"},
        {million, "string.char(table.unpack(t))"},
        {"", "local _ = ('x'):rep(3e7)"},
        {"", "local _ = ('x'):rep(1e18, '')"},
        {big_string, "utf8.len(s)"},
        {big_string, "s:upper()"},
        {big_string, "s:reverse()"},
        {big_string, "tonumber(s)"},
        {big_string, "string.format('%q', s:sub(1, 2^20))"},
        {big_string, "s:byte(1, -1)"},
        {"piece = '--' .. ('x'):rep(2^19) .. '\\n'", "load('--[[' .. piece .. piece)"},
        {"piece = ('-'):rep(2^19)",
         "local first = true load(function() if first then first = false return '--[[' end "
         "return piece end)"},
        {"piece = ('x = 1 + 2 * y\\n'):rep(70000)", "load(piece)"},
        {"heap = {} for i = 1, 20000 do heap[i] = {i} end", "collectgarbage()"},
        {big_string,
         "coroutine.wrap(function() return s:upper(), os.date(('%c'):rep(2048)) end)()"},
        {million, "coroutine.wrap(function() table.sort(t) end)()"},
        {"o = setmetatable({}, {__tostring = function() while true do end end})",
         "string.format('%s', o)"},
        {big_string, "s:sub(1, 1e5):gsub('a', function() return 'b' end)"},
        {big_string, "s:gsub('a', {a = 'b'})"},
    };
    for (const auto& [setup, call] : cases) {
        INFO(setup << " | " << call);
        const Stopped s = endless(setup, call);
        INFO(s.error << "\nstopped after " << s.seconds << " s");
        CHECK(s.error.find("time budget of 250 ms exceeded") != std::string::npos);
        CHECK(s.seconds < 5.0); // not a speed target (about 0.3 s here): proof that it stops
    }
}

TEST_CASE("One string pattern call that would run for minutes stops at the budget",
          "[sandbox][limits][budget][pattern]") {
    // Unmetered (Lua's own matcher), each of these single calls runs for minutes or more.
    for (const char* call : {
             "s:find('.-.-.-b$')",
             "s:match('(.-)(.-)(.-)b$')",
             "s:gsub('.-.-.-b$', '')",
             "s:gmatch('.-.-.-b$')()",
             "s:rep(200):find(s:rep(100) .. 'b', 1, true)",
             "s:rep(200):find('%f[' .. ('b'):rep(5e5) .. ']')",
         }) {
        INFO(call);
        const Stopped stopped = endless("s = ('a'):rep(5000)", call);
        INFO(stopped.error << "\nstopped after " << stopped.seconds << " s");
        CHECK(stopped.error.find("slow.lua:3: time budget of 250 ms exceeded") !=
              std::string::npos);
        CHECK(stopped.seconds < 5.0); // not a speed target (about 0.3 s here): proof that it stops
    }
}

TEST_CASE("A gsub replacement that adds nothing at each of many matches stops at the budget",
          "[sandbox][limits][budget][pattern]") {
    // "%0" of an empty match adds no byte, so no memory grows: 10^5 matches times 10^5
    // escapes is 10^10 steps of Lua's add_s (about a minute), in one call.
    for (const char* call : {
             "s:gsub('', r)",
             "s:gsub('(a-)', (r:gsub('0', '1')))",
             "coroutine.wrap(function() s:gsub('a-', r) end)()",
         }) {
        INFO(call);
        const Stopped stopped = endless("s = ('a'):rep(1e5) r = ('%0'):rep(1e5)", call);
        INFO(stopped.error << "\nstopped after " << stopped.seconds << " s");
        CHECK(stopped.error.find("time budget of 250 ms exceeded") != std::string::npos);
        CHECK(stopped.seconds < 5.0); // not a speed target: proof that it stops
    }
}

TEST_CASE("string.pack padding a short string to a huge size stops at the budget",
          "[sandbox][limits][budget]") {
    // A 9-byte format makes 50,000,000 bytes one at a time (and may then hit the memory cap,
    // which the script's pcall catches): each call was charged its 9 bytes only.
    for (const char* call : {
             "string.pack('c50000000', '')",
             "string.pack('c30000000c30000000', 'a', 'b')",
         }) {
        INFO(call);
        const Stopped stopped = endless("", call);
        INFO(stopped.error << "\nstopped after " << stopped.seconds << " s");
        CHECK(stopped.error.find("time budget of 250 ms exceeded") != std::string::npos);
        CHECK(stopped.seconds < 5.0); // not a speed target: proof that it stops
    }
    CHECK(attempt("return #string.pack('c20', 'ab') .. string.pack('>i4', 7):byte(4)") ==
          "true|207");
}

TEST_CASE("The iterator of utf8.codes stops at the budget on a long run of continuation bytes",
          "[sandbox][limits][budget]") {
    // Lua's iterator skips every continuation byte at the position it is given: 30 MiB of
    // "\x80" is a 30 MiB scan in each call, and 20 calls are 80 instructions: unmetered, the
    // count hook came after about 230 scans (6 s), the budget being 250 ms.
    std::string calls;
    for (int i = 0; i < 20; ++i) calls += "f(s, 0) ";
    const Stopped stopped = endless("s = ('\\x80'):rep(30 * 2^20) f = utf8.codes('')", calls);
    INFO(stopped.error << "\nstopped after " << stopped.seconds << " s");
    CHECK(stopped.error.find("time budget of 250 ms exceeded") != std::string::npos);
    CHECK(stopped.seconds < 5.0); // not a speed target: proof that it stops
    // A for loop over utf8.codes still gives Lua's positions, code points and errors.
    CHECK(attempt("local t = {} for p, c in utf8.codes('h\\u{E9}\\u{1F600}!') do "
                  "t[#t + 1] = p .. ':' .. c end return table.concat(t, ' ')") ==
          "true|1:104 2:233 4:128512 8:33");
    CHECK(attempt("for p, c in utf8.codes('ab\\xff') do end").find("invalid UTF-8 code") !=
          std::string::npos);
}

TEST_CASE("tostring and string.format of a table with a huge __name stop at the budget",
          "[sandbox][limits][budget]") {
    // "<__name>: 0x..." copies the name: 20 MiB per call from a table argument, which was
    // charged as one element (an endless loop of tostring(o) ran 7 s of CPU past 250 ms).
    for (const char* call : {
             "tostring(o) tostring(o) tostring(o) tostring(o) tostring(o) tostring(o)",
             "local _ = ('%s'):format(o) local _ = ('%s'):format(o)",
         }) {
        INFO(call);
        const Stopped stopped =
            endless("o = setmetatable({}, {__name = ('x'):rep(20 * 2^20)})", call);
        INFO(stopped.error << "\nstopped after " << stopped.seconds << " s");
        CHECK(stopped.error.find("time budget of 250 ms exceeded") != std::string::npos);
        CHECK(stopped.seconds < 5.0); // not a speed target: proof that it stops
    }
    CHECK(attempt("return tostring(setmetatable({}, {__name = 'Point'})):match('^Point: ') ~= "
                  "nil") == "true|true");
}

TEST_CASE("print of a huge string stops at the budget", "[sandbox][limits][budget]") {
    // print builds its line in C (20 MiB copied twice per call) and was charged nothing: an
    // endless loop of it ran 10 s past 250 ms. hooks.log.* go through string.format, which
    // is charged.
    const Stopped stopped = endless("s = ('x'):rep(20 * 2^20)",
                                    "print(s) print(s) print(s) print(s) print(s) print(s)");
    INFO(stopped.error << "\nstopped after " << stopped.seconds << " s");
    CHECK(stopped.error.find("time budget of 250 ms exceeded") != std::string::npos);
    CHECK(stopped.seconds < 5.0); // not a speed target: proof that it stops
}

TEST_CASE("table.move checks its range without overflowing, as Lua's does", "[sandbox][limits]") {
    CHECK(attempt("return table.move({}, math.mininteger, -1, 1)")
              .find("too many elements to move") != std::string::npos);
    CHECK(attempt("return table.move({}, math.mininteger, math.maxinteger, 1)")
              .find("too many elements to move") != std::string::npos);
    CHECK(
        attempt("return table.move({1}, 1, 2, math.maxinteger)").find("destination wrap around") !=
        std::string::npos);
    CHECK(attempt("return table.concat(table.move({1, 2, 3}, 1, 3, 2), ',')") == "true|1,1,2,3");
    CHECK(attempt("return table.concat(table.move({1, 2, 3}, 2, 3, 1), ',')") == "true|2,3,3");
    CHECK(attempt("local r = table.move({1, 2}, 1, 2, 3, {9}) return r[1] .. r[3] .. r[4]") ==
          "true|912");
}

TEST_CASE("table functions take a string where Lua's do, and refuse it where Lua's do",
          "[sandbox][limits]") {
    // A string's metatable has __index, so Lua's table.move reads from it (found by
    // fuzz_sandbox: the sandbox said "table expected" where Lua checks the range first).
    CHECK(attempt("return #table.move('ab', 1, 2, 1, {})") == "true|0");
    CHECK(attempt("return table.move('ab', 1, 2, math.maxinteger, {})")
              .find("bad argument #4 to 'move' (destination wrap around)") != std::string::npos);
    // No __newindex and no __len: writing to or measuring a string stays an error.
    CHECK(attempt("return table.move({1}, 1, 1, 1, 'ab')")
              .find("bad argument #5 to 'move' (table expected, got string)") != std::string::npos);
    CHECK(attempt("table.insert('ab', 1)")
              .find("bad argument #1 to 'insert' (table expected, got string)") !=
          std::string::npos);
    CHECK(attempt("return table.concat('ab')")
              .find("bad argument #1 to 'concat' (table expected, got string)") !=
          std::string::npos);
}

TEST_CASE("table.insert, table.remove and table.concat keep Lua's behaviour", "[sandbox][limits]") {
    CHECK(attempt("local t = {1, 2, 3} table.insert(t, 1, 0) table.insert(t, 9) "
                  "return table.concat(t, ',')") == "true|0,1,2,3,9");
    CHECK(attempt("local t = {1, 2, 3} return table.remove(t, 1) .. table.remove(t) .. "
                  "#t .. tostring(table.remove({})) .. table.concat(t)") == "true|131nil2");
    CHECK(attempt("table.insert({}, 3, 1)")
              .find("bad argument #2 to 'insert' (position out "
                    "of bounds)") != std::string::npos);
    CHECK(attempt("table.insert({}, 1, 2, 3)").find("wrong number of arguments to 'insert'") !=
          std::string::npos);
    CHECK(attempt("table.remove({1}, 5)").find("position out of bounds") != std::string::npos);
    CHECK(attempt("return table.concat({1, 'a', 2.5}, '-', 2, 3)") == "true|a-2.5");
    CHECK(attempt("return table.concat({1, {}, 3})")
              .find("invalid value (table) at index 2 in "
                    "table for 'concat'") != std::string::npos);
    CHECK(attempt("return table.concat(setmetatable({}, {__len = function() return 2 end, "
                  "__index = function(_, i) return 'v' .. i end}), '+')") == "true|v1+v2");
}

TEST_CASE("string.rep and utf8.char give Lua's results, fast", "[sandbox][limits]") {
    CHECK(attempt("return ('ab'):rep(3, ',')") == "true|ab,ab,ab");
    CHECK(attempt("return ('ab'):rep(1, ',')") == "true|ab");
    CHECK(attempt("return (''):rep(4, '-')") == "true|---");
    CHECK(attempt("return ('x'):rep(0)") == "true|");
    CHECK(attempt("return #('xyz'):rep(1e6, '--')") == "true|4999998");
    CHECK(attempt("return ('x'):rep(1e18)") == "false|not enough memory");
    CHECK(attempt("return ('x'):rep(2^62, 'yy')").find("resulting string too large") !=
          std::string::npos);
    CHECK(attempt("return utf8.char(72, 228, 8364, 128512, 0x7FFFFFFF) == "
                  "'H\\u{E4}\\u{20AC}\\u{1F600}\\u{7FFFFFFF}'") == "true|true");
    CHECK(attempt("return utf8.char()") == "true|");
    CHECK(attempt("return utf8.char(65, -1)")
              .find("bad argument #2 to 'char' (value out of "
                    "range)") != std::string::npos);
}

TEST_CASE("Errors of wrapped functions name them, never '?'", "[sandbox][names]") {
    const std::pair<const char*, const char*> cases[] = {
        {"table.move(1)", "bad argument #2 to 'move'"},
        {"return select(2, pcall(table.move, {}, 1, 2))", "bad argument #4 to 'table.move'"},
        {"table.sort({1, 2}, 1)", "bad argument #2 to 'table.sort'"},
        {"table.concat({{}})", "at index 1 in table for 'concat'"},
        {"string.rep()", "bad argument #1 to 'rep'"},
        {"return select(2, pcall(string.rep))", "bad argument #1 to 'string.rep'"},
        {"string.upper()", "bad argument #1 to 'string.upper'"},
        {"os.date('%Ez')", "bad argument #1 to 'os.date'"},
        {"os.time(1)", "bad argument #1 to 'os.time' (table expected"},
        {"load(true)", "bad argument #1 to 'load'"},
        {"tonumber()", "bad argument #1 to 'tonumber'"},
        {"utf8.len(1, 5)", "bad argument #2 to 'utf8.len'"},
        {"table.unpack({}, 1, 1e8)", "too many results to unpack"},
    };
    for (const auto& [code, expected] : cases) {
        INFO(code);
        const std::string r = attempt(code);
        CHECK(r.find(expected) != std::string::npos);
        CHECK(r.find("'?'") == std::string::npos);
    }
}

TEST_CASE("Errors of wrapped functions give the script's file and line, as plain Lua's do",
          "[sandbox][names]") {
    // The code stands on line 3 of try.lua (see attempt()).
    for (const char* code :
         {"table.insert({}, math.maxinteger, 1)", "string.format('%99999s')", "os.date('%Ez')",
          "table.unpack({}, 1, 1e8)", "table.concat({{}})", "string.rep()", "tonumber()",
          "table.move({}, math.mininteger, -1, 1)"}) {
        INFO(code);
        const std::string r = attempt(code);
        CHECK(r.rfind("false|", 0) == 0);
        CHECK(r.find("try.lua:3: ") != std::string::npos);
        CHECK(r.find("try.lua:3: try.lua:3:") == std::string::npos); // said once
    }
    // An error that already has its position keeps it (a comparator's own error).
    const std::string r = attempt("table.sort({1, 2, 3}, function(a, b)\n error('cmp') end)");
    CHECK(r.find("try.lua:4: cmp") != std::string::npos);
    CHECK(r.find("try.lua:3: try.lua:4:") == std::string::npos);
}
