// Loading scripts as users save them: a BOM, UTF-16, ANSI, symlink loops, long non-ASCII
// paths that Lua shortens in the middle of a character.
#include "catch.hpp"
#include "support.h"

#include "engine.h"
#include "text_file.h"

#include <fstream>

using namespace oh;
using namespace oh::test;

namespace {

std::vector<std::string> lines_at(FakeHost& h, LogLevel level) {
    std::vector<std::string> out;
    for (const auto& l : h.record().logs)
        if (l.record.level == level) out.push_back(l.record.message);
    return out;
}

std::size_t count_containing(const std::vector<std::string>& v, const std::string& needle) {
    std::size_t n = 0;
    for (const auto& s : v) n += s.find(needle) != std::string::npos;
    return n;
}

} // namespace

TEST_CASE("A script saved by Notepad as UTF-8 with BOM loads", "[loading]") {
    ScriptDir dir;
    dir.write("bom.lua", "\xEF\xBB\xBFhooks.log.info('loaded with a BOM')\n");
    auto h = start_host(dir);
    CHECK(h->record().errors.empty());
    CHECK(messages(*h) == std::vector<std::string>{"loaded with a BOM"});
}

TEST_CASE("A script saved as UTF-16 is refused naming the encoding and the fix", "[loading]") {
    ScriptDir dir;
    dir.write("wide.lua", std::string("\xFF\xFEh\0o\0o\0k\0s\0", 12));
    dir.write("ok.lua", "hooks.log.info('neighbour runs')\n");
    auto h = start_host(dir);
    CHECK(messages(*h) == std::vector<std::string>{"neighbour runs"});
    REQUIRE(h->record().errors.size() == 1);
    CHECK(h->record().errors[0].error.script == "wide");
    const std::string& m = h->record().errors[0].error.message;
    CHECK(m.find("wide.lua: the file is saved as UTF-16 LE") != std::string::npos);
    CHECK(m.find("save it as UTF-8") != std::string::npos);
    // Hot reload tells it once, not at every poll.
    h->reload();
    h->reload();
    CHECK(h->record().errors.size() == 1);
}

TEST_CASE("A script saved as ANSI loads with one warning naming its line", "[loading]") {
    ScriptDir dir;
    dir.write("ansi.lua", "-- ok\nhooks.log.info('caf\xE9')\n");
    auto h = start_host(dir);
    h->reload();
    h->reload();
    const auto warnings = lines_at(*h, LogLevel::warn);
    CHECK(count_containing(warnings, "ansi.lua:2: the file is not valid UTF-8") == 1);
    // The log stays valid UTF-8: the byte is shown as U+FFFD.
    CHECK(messages(*h, "info") == std::vector<std::string>{"caf\xEF\xBF\xBD"});
}

TEST_CASE("Log lines stay valid UTF-8 where Lua shortens a path inside a character", "[loading]") {
    ScriptDir dir;
    std::string folder;
    for (int i = 0; i < 40; ++i) folder += "\xC3\xA9"; // é
    // An odd number of ASCII bytes after it, so that the cut falls inside an é.
    const auto write = [&](const std::string& rel) {
        const auto p = dir.path() / path_from_utf8(rel);
        std::filesystem::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << "error('at load')\n";
        return p;
    };
    const auto file = write(folder + "/x/bad.lua");
    const auto file2 = write(folder + "/xy/bad.lua");
    FakeHostOptions o;
    o.files = {file, file2};
    auto h = start_host(dir, o);
    REQUIRE(h->record().errors.size() == 2);
    for (const auto& e : h->record().errors) {
        CHECK(e.error.message.find("/bad.lua:1: at load") != std::string::npos);
        CHECK(first_invalid_utf8_line(e.error.message) == 0);
    }
    for (const auto& l : h->record().logs) CHECK(first_invalid_utf8_line(l.record.message) == 0);
}

TEST_CASE("A symlink loop in the scripts folder or lib/ is skipped with one warning", "[loading]") {
    ScriptDir dir;
    dir.write("good.lua", "hooks.on('start', function() hooks.log.info('good runs') end)\n");
    dir.write("lib/util.lua", "return {}\n");
    std::error_code ec;
    std::filesystem::create_symlink(dir.path() / "loop.lua", dir.path() / "loop.lua", ec);
    if (!ec)
        std::filesystem::create_symlink(dir.path() / "lib" / "self.lua",
                                        dir.path() / "lib" / "self.lua", ec);
    if (ec) {
        WARN("symbolic links cannot be made here (" << ec.message() << "); nothing to test");
        return;
    }
    auto h = start_host(dir);
    CHECK(messages(*h) == std::vector<std::string>{"good runs"});
    CHECK_FALSE(h->reload());
    CHECK_FALSE(h->reload());
    const auto warnings = lines_at(*h, LogLevel::warn);
    CHECK(count_containing(warnings, "loop.lua: skipped: it cannot be read") == 1);
    CHECK(count_containing(warnings, "lib/self.lua: skipped: it cannot be read") == 1);
}
