// Text files as Windows users save them, and paths that must round-trip UTF-8.
#include "catch.hpp"
#include "support.h"
#include "text_file.h"

#ifndef _WIN32 // mkfifo: POSIX only (this file also builds for Windows, run under Wine)
#include <sys/stat.h>
#include <unistd.h>
#endif

using namespace oh;
using namespace oh::test;

namespace {

// read_text_file's result split into the file and the message, as the cases below check them.
bool read(const fs::path& p, TextFile& out, std::string& error, std::size_t max = 1 << 20) {
    Result<TextFile> read = read_text_file(p, max);
    error = read.error();
    if (read.ok()) out = std::move(read).value();
    return read.ok();
}

} // namespace

TEST_CASE("A UTF-8 BOM is skipped and remembered", "[text_file]") {
    TempDir dir;
    const auto p = dir.write("bom.lua", "\xEF\xBB\xBFreturn 1\n");
    TextFile f;
    std::string error;
    REQUIRE(read(p, f, error));
    CHECK(f.text == "return 1\n");
    CHECK(f.had_bom);
    CHECK(f.bad_line == 0);
}

TEST_CASE("UTF-16 and UTF-32 are refused naming the encoding and the fix", "[text_file]") {
    TempDir dir;
    const struct {
        std::string bytes;
        const char* encoding;
    } cases[] = {
        {std::string("\xFF\xFEr\0e\0", 6), "UTF-16 LE"},
        {std::string("\xFE\xFF\0r\0e", 6), "UTF-16 BE"},
        {std::string("r\0e\0t\0", 6), "UTF-16 LE"},
        {std::string("\xFF\xFE\0\0r\0\0\0", 8), "UTF-32 LE"},
    };
    for (const auto& c : cases) {
        INFO(c.encoding);
        const auto p = dir.write("wide.lua", c.bytes);
        TextFile f;
        std::string error;
        CHECK_FALSE(read(p, f, error));
        CHECK(error.find(path_to_utf8(p)) != std::string::npos);
        CHECK(error.find(c.encoding) != std::string::npos);
        CHECK(error.find("save it as UTF-8") != std::string::npos);
    }
}

TEST_CASE("Text saved as ANSI is read and its first bad line named", "[text_file]") {
    TempDir dir;
    const auto p = dir.write("ansi.lua", "-- ok\nlocal s = 'J\xFCrgen'\n");
    TextFile f;
    std::string error;
    REQUIRE(read(p, f, error));
    CHECK(f.bad_line == 2);
    const std::string w = invalid_utf8_warning(p, f.bad_line);
    CHECK(w.find("ansi.lua:2:") != std::string::npos);
    CHECK(w.find("Save it as UTF-8") != std::string::npos);
}

TEST_CASE("Folders, FIFOs and oversized files are refused without blocking", "[text_file]") {
    TempDir dir;
    TextFile f;
    std::string error;
    CHECK_FALSE(read(dir.path(), f, error));
    CHECK(error.find("a folder") != std::string::npos);

#ifndef _WIN32
    const fs::path fifo = dir.path() / "pipe.lua";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_FALSE(read(fifo, f, error)); // would block for ever if it were opened
    CHECK(error.find("FIFO") != std::string::npos);
#endif

    const auto big = dir.write("big.lua", std::string(2000, 'x'));
    CHECK_FALSE(read(big, f, error, 1000));
    CHECK(error.find("over the limit") != std::string::npos);

    CHECK_FALSE(read(dir.path() / "missing.lua", f, error));
    CHECK(error.find("no such file") != std::string::npos);
}

TEST_CASE("Invalid UTF-8 becomes U+FFFD and valid text is kept as it is", "[text_file]") {
    CHECK(valid_utf8("J\xC3\xBCrgen") == "J\xC3\xBCrgen");
    CHECK(valid_utf8("J\xFCrgen") == "J\xEF\xBF\xBDrgen");
    // A path Lua cut in the middle of a two-byte character.
    CHECK(valid_utf8("...M\xC3") == "...M\xEF\xBF\xBD");
    CHECK(valid_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // a surrogate
    CHECK(first_invalid_utf8_line("a\nb\nc\xC0\xAF") == 3);                      // overlong
}

TEST_CASE("A character cut short becomes one U+FFFD, however many of its bytes are there",
          "[text_file]") {
    // As the README promises for --json: a log line cut inside a 3- or 4-byte character shows
    // one replacement character, not one per byte (nlohmann-json's own replacement agrees).
    CHECK(valid_utf8("A\xE2\x82") == "A\xEF\xBF\xBD");
    CHECK(valid_utf8("\xF0\x9F\x98x") == "\xEF\xBF\xBDx");
    CHECK(valid_utf8("\xE2\x82\xE2\x82\xAC") == "\xEF\xBF\xBD\xE2\x82\xAC"); // then a whole euro
    // Bytes that cannot continue the character are not swallowed.
    CHECK(valid_utf8("\xE2(") == "\xEF\xBF\xBD(");
    CHECK(valid_utf8("\xF0\x80\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // overlong start
}

TEST_CASE("Paths round-trip UTF-8 exactly", "[text_file]") {
    const std::string name = "J\xC3\xBCrgen M\xC3\xBCller/scripts/caf\xC3\xA9.lua";
    CHECK(path_to_utf8(path_from_utf8(name)) == name);
    TempDir dir;
    const fs::path p = dir.path() / path_from_utf8("\xC3\xBC.lua");
    std::ofstream(p) << "return 1";
    TextFile f;
    std::string error;
    CHECK(read(p, f, error));
}
