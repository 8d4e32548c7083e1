// The sandbox: each removed function is really gone, and each restricted one refuses.
#include "catch.hpp"
#include "support.h"

using namespace oh;
using namespace oh::test;

namespace {

// Runs `code` inside a script's start handler; returns what it logged.
std::string attempt(const std::string& code) {
    ScriptDir dir;
    dir.write("inside.txt", "return 'inside'");
    dir.write("try.lua",
              "hooks.on('start', function()\n local ok, r = pcall(function()\n" + code +
                  "\n end)\n hooks.log.info('%s|%s', tostring(ok), tostring(r))\nend)\n");
    auto h = start_host(dir);
    const auto m = messages(*h);
    return m.empty() ? std::string("(nothing logged)") : m.front();
}

} // namespace

TEST_CASE("Each removed library and function is absent", "[sandbox]") {
    for (const char* expr :
         {"io", "debug", "package.loadlib", "package.searchers", "string.dump", "os.execute",
          "os.exit", "os.remove", "os.rename", "os.tmpname", "os.setlocale", "rawget(_G, 'io')"}) {
        INFO(expr);
        CHECK(attempt(std::string("return ") + expr) == "true|nil");
    }
}

TEST_CASE("Escapes through the removed functions fail", "[sandbox]") {
    CHECK(attempt("return io.popen('id')").rfind("false|", 0) == 0);
    CHECK(attempt("return io.open('/etc/passwd')").rfind("false|", 0) == 0);
    CHECK(attempt("return os.execute('id')").rfind("false|", 0) == 0);
    CHECK(attempt("return package.loadlib('libc.so.6', 'system')").rfind("false|", 0) == 0);
    CHECK(attempt("return string.dump(print)").rfind("false|", 0) == 0);
    CHECK(attempt("return require('io')").find("not found") != std::string::npos);
    CHECK(attempt("return require('os').execute") == "true|nil"); // the sandboxed os
}

TEST_CASE("dofile and loadfile work only inside the scripts folder", "[sandbox]") {
    CHECK(attempt("return dofile('inside.txt')") == "true|inside");
    CHECK(attempt("return loadfile('inside.txt')()") == "true|inside");
    CHECK(attempt("return dofile('/etc/passwd')").find("outside the scripts folder") !=
          std::string::npos);
    CHECK(attempt("return select(2, loadfile('../../etc/passwd'))")
              .find("outside the scripts folder") != std::string::npos);
}

TEST_CASE("load accepts text only, never binary chunks", "[sandbox]") {
    CHECK(attempt("return load('return 1 + 1')()") == "true|2");
    CHECK(attempt("return select(2, load('\\27Lua', 'x', 'b'))")
              .find("attempt to load a binary chunk") != std::string::npos);
}

TEST_CASE("os keeps time, clock, date and getenv, on the host's clock", "[sandbox]") {
    CHECK(attempt("return os.time()") == "true|1767603600");
    CHECK(attempt("return os.date('!%Y-%m-%d %H:%M')") == "true|2026-01-05 09:00");
    CHECK(attempt("return type(os.clock()) .. type(os.getenv('PATH'))") == "true|numberstring");
    CHECK(attempt("return os.time{year=2026, month=1, day=1, hour=12}") != "true|nil");
}

TEST_CASE("C functions that would loop without the budget are bounded", "[sandbox]") {
    CHECK(attempt("return #(''):rep(1e18)") == "true|0");
    CHECK(attempt("return table.move({}, 1, 1e15, 1)").find("time budget") != std::string::npos);
}
