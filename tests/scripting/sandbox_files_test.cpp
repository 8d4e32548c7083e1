// What dofile, loadfile and require may read, and what their errors say.
#include "catch.hpp"
#include "support.h"

#include "sandbox.h"

#ifndef _WIN32 // mkfifo: POSIX only (this file also builds for Windows, run under Wine)
#include <sys/stat.h>
#endif

#include <chrono>

using namespace oh;
using namespace oh::test;

namespace {

// Runs `code` in the main chunk of `try.lua` in `dir`, inside a pcall; returns the logged
// "ok|result" line (the message on failure).
std::string run_in(const ScriptDir& dir, const std::string& code, FakeHostOptions o = {}) {
    dir.write("try.lua", "local ok, r = pcall(function()\n" + code +
                             "\nend)\nhooks.log.info('%s|%s', tostring(ok), tostring(r))\n");
    auto h = start_host(dir, std::move(o));
    const auto m = messages(*h, "info");
    return m.empty() ? std::string("(nothing logged)") : m.front();
}

bool has(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("require resolves only dotted names of plain parts, to files in lib/",
          "[sandbox][require]") {
    ScriptDir dir;
    TempDir outside;
    outside.write("x/evil.lua", "hooks.log.info('evil ran') return 'evil'");
    dir.write("lib/net/http.lua", "return 'http'");
    dir.write("lib/my-mod_2.lua", "return 'mine'");
    CHECK(run_in(dir, "return require 'net.http'") == "true|http");
    CHECK(run_in(dir, "return require 'my-mod_2'") == "true|mine");

    // ".tmp.x.evil" was once the absolute /tmp/x/evil.lua.
    std::string dotted = outside.path().generic_string() + "/x/evil";
    for (char& c : dotted)
        if (c == '/') c = '.';
    for (const std::string& name :
         {dotted, std::string(".net.http"), std::string("net.http."), std::string("net..http"),
          std::string(""), std::string("."), std::string(".."), std::string("../lib/net/http"),
          std::string("net/http"), std::string("net\\\\http"), std::string("c:net"),
          std::string("C:\\\\x"), std::string("a b"), std::string("net.http.lua.")}) {
        INFO(name);
        const std::string r = run_in(dir, "return require '" + name + "'");
        CHECK(r.rfind("false|", 0) == 0);
        CHECK(has(r, "a module name is letters, digits, '_' and '-', in parts joined by single "
                     "dots"));
        CHECK_FALSE(has(r, "not found")); // says nothing of what exists where
    }
}

TEST_CASE("require never hands out the unwrapped library functions", "[sandbox][require]") {
    ScriptDir dir;
    for (const char* name : {"table.move", "string.rep", "_G.load", "os.date"}) {
        INFO(name);
        CHECK(has(run_in(dir, std::string("return require '") + name + "'"), "not found"));
        CHECK(run_in(dir, std::string("return package.loaded['") + name + "']") == "true|nil");
    }
    CHECK(run_in(dir, "return require 'hooks' == hooks and package.loaded.hooks == hooks") ==
          "true|true");
    CHECK(run_in(dir, "return require 'table' == table") == "true|true");
}

TEST_CASE("Names of millions of parts are refused at once", "[sandbox][require]") {
    ScriptDir dir;
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(has(run_in(dir, "return dofile(('a/'):rep(1e6))"),
              "dofile: a file name of 2000000 bytes is too long (at most 4096)"));
    CHECK(has(run_in(dir, "return select(2, loadfile(('../'):rep(1e6)))"), "is too long"));
    CHECK(has(run_in(dir, "return require(('a.'):rep(1e6) .. 'a')"), "at most 255 bytes"));
    CHECK(seconds_since(t0) < 10.0);
}

TEST_CASE("require says the same for a missing module whatever exists outside the folder",
          "[sandbox][require]") {
    ScriptDir dir;
    const std::string r = run_in(dir, "return require 'nothing.here'");
    CHECK(has(r, "module 'nothing.here' not found: require looks only in the scripts folder's "
                 "lib/ (there is no lib/nothing/here.lua)"));
    CHECK_FALSE(has(r, (dir.path() / "lib").generic_string()));
}

#ifndef _WIN32 // Wine cannot make symbolic links ("Function not implemented")
TEST_CASE("A lib/ or a module that is a symlink to outside the folder cannot be required",
          "[sandbox][require]") {
    TempDir outside;
    outside.write("m.lua", "hooks.log.info('outside ran') return 'outside'");
    SECTION("lib/ itself a symlink") {
        ScriptDir dir;
        fs::create_directory_symlink(outside.path(), dir.path() / "lib");
        const std::string r = run_in(dir, "return require 'm'");
        CHECK(has(r, "false|"));
        CHECK(has(r, "module 'm': lib/m.lua leads outside the scripts folder's lib/"));
    }
    SECTION("the module file a symlink, to a file that exists or not") {
        ScriptDir dir;
        fs::create_directories(dir.path() / "lib");
        fs::create_symlink(outside.path() / "m.lua", dir.path() / "lib" / "m.lua");
        fs::create_symlink(outside.path() / "none.lua", dir.path() / "lib" / "none.lua");
        CHECK(has(run_in(dir, "return require 'm'"), "module 'm': lib/m.lua leads outside"));
        CHECK(
            has(run_in(dir, "return require 'none'"), "module 'none': lib/none.lua leads outside"));
    }
    SECTION("a symlink that stays inside lib/ is followed") {
        ScriptDir dir;
        dir.write("lib/real.lua", "return 'real'");
        fs::create_symlink(dir.path() / "lib" / "real.lua", dir.path() / "lib" / "alias.lua");
        CHECK(run_in(dir, "return require 'alias'") == "true|real");
    }
}
#endif

TEST_CASE("dofile and loadfile refuse folders and FIFOs, naming the file and the reason",
          "[sandbox][dofile]") {
    ScriptDir dir;
    dir.write("sub/zz.lua", "return 1");
    for (const char* name : {"", ".", "sub"}) {
        INFO(name);
        const std::string r = run_in(dir, std::string("return dofile('") + name + "')");
        CHECK(r.rfind("false|", 0) == 0);
        CHECK(has(r, "is a folder, not a regular file"));
    }
    CHECK(has(run_in(dir, "return select(2, loadfile('.'))"), "is a folder"));
    const std::string missing = run_in(dir, "return dofile('sub/zz')");
    CHECK(has(missing, "sub/zz: no such file"));

#ifndef _WIN32
    REQUIRE(mkfifo((dir.path() / "pipe").c_str(), 0600) == 0);
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(has(run_in(dir, "return dofile('pipe')"), "pipe: is a FIFO (named pipe)"));
    CHECK(has(run_in(dir, "local f, e = loadfile('pipe') return tostring(f) .. ' ' .. e"), "nil "));
    CHECK(seconds_since(t0) < 10.0);
#endif
}

TEST_CASE("A NUL byte in a name given to dofile, loadfile or require is an error, not a cut",
          "[sandbox][dofile][require]") {
    ScriptDir dir;
    dir.write("x.lua", "return 'x ran'");
    dir.write("lib/x.lua", "return 'module x ran'");
    // Once read up to the NUL only: "x.lua\0zz" ran x.lua, require "x\0/../y" loaded lib/x.lua.
    for (const std::string& call :
         {std::string("dofile('x.lua\\0zz')"), std::string("loadfile('x.lua\\0')"),
          std::string("require('x\\0/../../etc')"), std::string("require('string\\0')")}) {
        INFO(call);
        const std::string r = run_in(dir, "return " + call);
        CHECK(r.rfind("false|", 0) == 0);
        CHECK(has(r, "the name holds a NUL byte"));
        CHECK_FALSE(has(r, "x ran"));
    }
    CHECK(run_in(dir, "return require 'x'") == "true|module x ran");
}

TEST_CASE("Errors from a file dofile or require runs keep the file, line and reason",
          "[sandbox][dofile]") {
    ScriptDir dir;
    dir.write("bad.lua", "local x = \n+");
    dir.write("lib/broken.lua", "return {");
    const std::string syntax = run_in(dir, "return dofile('bad.lua')");
    CHECK(has(syntax, "bad.lua:2:"));
    const std::string mod = run_in(dir, "return require 'broken'");
    CHECK(has(mod, "error loading module 'broken'"));
    CHECK(has(mod, "broken.lua:1:"));
    dir.write("raise.lua", "error('raised here')");
    CHECK(has(run_in(dir, "return dofile('raise.lua')"), "raise.lua:1: raised here"));
}

TEST_CASE("dofile, loadfile and require skip a BOM and refuse UTF-16 naming the fix",
          "[sandbox][encoding]") {
    ScriptDir dir;
    dir.write("bom.lua", "\xEF\xBB\xBFreturn 'bom ok'");
    dir.write("lib/bommod.lua", "\xEF\xBB\xBFreturn 'mod ok'");
    dir.write("wide.lua", std::string("\xFF\xFEr\0e\0t\0", 8));
    CHECK(run_in(dir, "return dofile('bom.lua')") == "true|bom ok");
    CHECK(run_in(dir, "return loadfile('bom.lua')()") == "true|bom ok");
    CHECK(run_in(dir, "return require 'bommod'") == "true|mod ok");
    const std::string wide = run_in(dir, "return dofile('wide.lua')");
    CHECK(has(wide, "wide.lua: the file is saved as UTF-16 LE"));
    CHECK(has(wide, "UTF-8"));
}

TEST_CASE("A file saved as ANSI is loaded with one warning, however often it is read",
          "[sandbox][encoding]") {
    ScriptDir dir;
    dir.write("ansi.lua", "return 'caf\xE9'");
    dir.write("try.lua", "for i = 1, 3 do dofile('ansi.lua') loadfile('ansi.lua') end\n"
                         "hooks.log.info('done')");
    auto h = start_host(dir);
    const auto warns = messages(*h, "warn");
    REQUIRE(warns.size() == 1);
    CHECK(has(warns[0], "ansi.lua"));
    CHECK(messages(*h, "info") == std::vector<std::string>{"done"});
}

TEST_CASE("loadfile and load refuse a chunk past the limit or the memory left",
          "[sandbox][limits]") {
    ScriptDir dir;
    dir.write("big.lua", "return 1 --" + std::string(max_chunk_bytes, 'x'));
    dir.write("mid.lua", "return 1 --" + std::string(900u << 10, 'x'));
    const std::string big = run_in(dir, "local f, e = loadfile('big.lua') return e");
    CHECK(has(big, "big.lua:"));
    CHECK(has(big, "is over the limit of 1.0 MiB"));
    CHECK(run_in(dir, "return dofile('mid.lua')") == "true|1");
    CHECK(has(run_in(dir, "return select(2, load(('x'):rep(" + std::to_string(max_chunk_bytes + 1) +
                              ")))"),
              "is over the limit"));
    // With 768 KiB of memory, 900 KiB of source cannot be compiled: refused before reading.
    FakeHostOptions small;
    small.engine.memory_cap = 768u << 10;
    CHECK(
        has(run_in(dir, "local f, e = loadfile('mid.lua') return e", small), "is over the limit"));
}
