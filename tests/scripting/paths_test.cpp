// Paths as Windows users have them: profile and script names outside ASCII, folders past
// MAX_PATH (260 characters). On Linux these pass trivially; under Wine (ctest --preset
// mingw-x64) they are the regression tests of the MinGW path handling.
#include "catch.hpp"
#include "long_path.h"
#include "support.h"
#include "text_file.h"

#include <algorithm>
#include <set>

using namespace oh;
using namespace oh::test;

namespace {

// A profile name with Latin-1, non-Latin-1 and CJK letters, as the unlucky user has.
const std::string kUser = "J\xC3\xBCrgen \xC4\xB2sbrand \xCE\xA9mega \xE5\xB1\xB1\xE7\x94\xB0";
const std::string kCafe = "caf\xC3\xA9";                   // café
const std::string kLib = "J\xC3\xBCrgen \xE5\xB1\xB1.lua"; // Jürgen 山.lua

void write_file(const fs::path& p, const std::string& text) {
    fs::create_directories(os_path(p.parent_path()));
    std::ofstream(os_path(p), std::ios::binary | std::ios::trunc) << text;
}

// A folder under `base` whose path is well past MAX_PATH, with blanks, '#', '%' and
// non-ASCII letters in it.
fs::path long_folder(const fs::path& base) {
    fs::path p = base;
    for (int i = 0; path_to_utf8(p).size() <= 300; ++i)
        p /= path_from_utf8("\xCE\xA9mega #" + std::to_string(i) + " 100% " + std::string(30, 'x'));
    return p;
}

// The script used by the restart tests: dofile of a non-ASCII file name, the store across
// restarts, and its own name and path.
const std::string kScript = R"(
local lib = dofile("lib/)" + kLib +
                            R"(")
hooks.on("start", function()
  local n = hooks.store.get("n") or 0
  hooks.store.set("n", n + 1)
  hooks.log.info("%s n=%d %s", hooks.script.name, n, lib.greeting)
  hooks.log.info("path=%s", hooks.script.path)
end)
)";
const std::string kLibText = "return { greeting = \"gr\xC3\xBC\xC3\x9F \xE5\xB1\xB1\" }\n";

std::vector<std::string> all_messages(FakeHost& h) {
    std::vector<std::string> out;
    for (const auto& l : h.record().logs) out.push_back(l.record.message);
    return out;
}

} // namespace

TEST_CASE("A non-ASCII script in a non-ASCII profile keeps its store across a restart", "[paths]") {
    TempDir base;
    const fs::path profile = base.path() / path_from_utf8(kUser);
    const fs::path scripts = profile / path_from_utf8("scripts #1 100%");
    write_file(scripts / path_from_utf8(kCafe + ".lua"), kScript);
    write_file(scripts / "lib" / path_from_utf8(kLib), kLibText);
    FakeHostOptions o;
    o.dir = scripts;
    o.engine.store_dir = profile / "store";
    for (int run = 0; run < 2; ++run) {
        FakeHost h(o);
        REQUIRE(h.start().ok());
        INFO(::Catch::Detail::stringify(all_messages(h)));
        const auto info = messages(h, "info");
        REQUIRE(info.size() == 2);
        CHECK(info[0] == kCafe + " n=" + std::to_string(run) + " gr\xC3\xBC\xC3\x9F \xE5\xB1\xB1");
        CHECK(info[1] == "path=" + path_to_utf8(scripts / path_from_utf8(kCafe + ".lua")));
        CHECK(messages(h, "warn").empty());
        CHECK(messages(h, "error").empty());
    }
    // Under the name a user (and the old build, on Linux) would look for.
    CHECK(fs::is_regular_file(profile / "store" / path_from_utf8(kCafe + ".store")));
}

TEST_CASE("A store file already saved under a non-ASCII script's name is found", "[paths]") {
    TempDir base;
    const fs::path scripts = base.path() / path_from_utf8(kUser) / "scripts";
    const fs::path store = base.path() / path_from_utf8(kUser) / "store";
    write_file(scripts / path_from_utf8(kCafe + ".lua"),
               "hooks.on('start', function() hooks.log.info('%s', hooks.store.get('k')) end)\n");
    write_file(store / path_from_utf8(kCafe + ".store"),
               "# OfflineHooks store: key <TAB> s|i|n|b <TAB> value\nk\ts\tkept \xE5\xB1\xB1\n");
    FakeHostOptions o;
    o.dir = scripts;
    o.engine.store_dir = store;
    FakeHost host(o);
    REQUIRE(host.start().ok());
    CHECK(messages(host, "info") == std::vector<std::string>{"kept \xE5\xB1\xB1"});
}

TEST_CASE("A scripts folder, store and journal past 260 characters work", "[paths][long]") {
    TempDir base;
    const fs::path dir = long_folder(base.path());
    REQUIRE(path_to_utf8(dir).size() > 300);
    write_file(dir / path_from_utf8(kCafe + ".lua"), kScript);
    write_file(dir / "lib" / path_from_utf8(kLib), kLibText);
    FakeHostOptions o;
    o.dir = dir;
    o.engine.store_dir = dir / "store";
    o.engine.journal_path = dir / "journal.jsonl";
    for (int run = 0; run < 2; ++run) {
        FakeHost h(o);
        REQUIRE(h.start().ok());
        h.go(State::offline);
        INFO(::Catch::Detail::stringify(all_messages(h)));
        const auto info = messages(h, "info");
        REQUIRE(info.size() == 2);
        CHECK(info[0] == kCafe + " n=" + std::to_string(run) + " gr\xC3\xBC\xC3\x9F \xE5\xB1\xB1");
        CHECK(messages(h, "error").empty());
    }
    std::error_code ec;
    CHECK(fs::file_size(os_path(dir / "journal.jsonl"), ec) > 0);
    CHECK(fs::is_regular_file(os_path(dir / "store" / path_from_utf8(kCafe + ".store")), ec));
}

TEST_CASE("list_folder lists a folder past 260 characters, and no other", "[paths][long]") {
    TempDir base;
    const fs::path dir = long_folder(base.path());
    write_file(dir / "a.lua", "");
    write_file(dir / path_from_utf8(kCafe + ".lua"), "");
    write_file(dir / "sub" / "deep.lua", "");
    const FolderListing listing = list_folder(dir);
    REQUIRE(listing.status.ok());
    std::set<std::string> names;
    for (const auto& e : listing.entries) {
        names.insert(path_to_utf8(e.path.filename()));
        CHECK(e.path.parent_path() == dir);
        CHECK(e.type ==
              (e.path.filename() == "sub" ? fs::file_type::directory : fs::file_type::regular));
    }
    CHECK(names == std::set<std::string>{"a.lua", kCafe + ".lua", "sub"});
    auto files = files_under(dir);
    std::sort(files.begin(), files.end());
    CHECK(files == std::vector<fs::path>{dir / "a.lua", dir / path_from_utf8(kCafe + ".lua"),
                                         dir / "sub" / "deep.lua"});
    const FolderListing missing = list_folder(dir / "missing");
    CHECK_FALSE(missing.status.ok());
    CHECK_FALSE(missing.status.error().empty());
    CHECK(missing.entries.empty());
}

TEST_CASE("The long form of a Windows path resolves dots and keeps the rest", "[paths]") {
    CHECK(windows_long_form(L"C:\\Users\\a\\..\\b\\.\\c") == L"\\\\?\\C:\\Users\\b\\c");
    CHECK(windows_long_form(L"c:/x/y/") == L"\\\\?\\c:\\x\\y");
    CHECK(windows_long_form(L"C:\\..\\..") == L"\\\\?\\C:\\");
    CHECK(windows_long_form(L"\\\\server\\share\\..\\..\\x") == L"\\\\?\\UNC\\server\\share\\x");
    CHECK(windows_long_form(L"\\\\?\\C:\\a\\..") == L"\\\\?\\C:\\a\\..");
    CHECK(windows_long_form(L"\\\\.\\pipe\\x") == L"\\\\.\\pipe\\x");
    CHECK(windows_long_form(L"relative\\x") == L"relative\\x");
    CHECK(windows_long_form(L"C:drive-relative") == L"C:drive-relative");
    CHECK(windows_plain_form(L"\\\\?\\C:\\a b\\#%") == L"C:\\a b\\#%");
    CHECK(windows_plain_form(L"\\\\?\\UNC\\srv\\share\\x") == L"\\\\srv\\share\\x");
    CHECK(windows_plain_form(L"C:\\x") == L"C:\\x");
    // Short paths are handed over as they are; on POSIX every path is.
    CHECK(os_path(path_from_utf8("a/b.lua")) == path_from_utf8("a/b.lua"));
}

#ifndef _WIN32
TEST_CASE("A scripts folder that cannot be read is reported, not taken as empty", "[paths]") {
    TempDir base;
    const fs::path loop = base.path() / "loop";
    fs::create_directory_symlink(loop, loop); // every look at it fails with ELOOP
    FakeHostOptions o;
    o.dir = loop;
    FakeHost h(o);
    REQUIRE(h.start().ok());
    bool reported = false;
    for (const auto& l : h.record().logs)
        reported |=
            l.record.level == LogLevel::warn &&
            l.record.message.find(path_to_utf8(loop) + ": cannot read the scripts folder (") == 0;
    CHECK(reported);
}
#endif

TEST_CASE("The name an earlier Windows build gave a store file is known", "[paths]") {
    CHECK(mingw_misread(kCafe + ".store") == "caf\xC3\x83\xC2\xA9.store"); // cafÃ©.store
    CHECK(mingw_misread("plain.store") == "plain.store");
}

#ifdef _WIN32
TEST_CASE("A store an earlier Windows build saved under a misread name is found again", "[paths]") {
    TempDir base;
    const fs::path scripts = base.path() / "scripts";
    const fs::path store = base.path() / "store";
    write_file(scripts / path_from_utf8(kCafe + ".lua"),
               "hooks.on('start', function() hooks.log.info('%s', hooks.store.get('k')) end)\n");
    write_file(store / path_from_utf8(mingw_misread(kCafe + ".store")),
               "# OfflineHooks store: key <TAB> s|i|n|b <TAB> value\nk\ts\tfrom before\n");
    FakeHostOptions o;
    o.dir = scripts;
    o.engine.store_dir = store;
    FakeHost host(o);
    REQUIRE(host.start().ok());
    CHECK(messages(host, "info") == std::vector<std::string>{"from before"});
    CHECK(fs::is_regular_file(store / path_from_utf8(kCafe + ".store")));
    CHECK_FALSE(fs::exists(store / path_from_utf8(mingw_misread(kCafe + ".store"))));
}
#endif

#ifdef _WIN32
TEST_CASE("A file name with a lone surrogate is named with U+FFFD, not an exception", "[paths]") {
    const fs::path odd(std::wstring{L'a', wchar_t(0xD800), L'b', L'.', L'l', L'u', L'a'});
    CHECK(path_to_utf8(odd) == "a\xEF\xBF\xBD"
                               "b.lua");
    CHECK(path_to_utf8(fs::path(L"C:\\x\\\U0001F600")) == "C:/x/\xF0\x9F\x98\x80");
    TempDir dir;
    write_file(dir.path() / "good.lua", "hooks.log.info('good')\n");
    std::ofstream(dir.path() / odd) << "hooks.log.info('odd')\n"; // if the file system takes it
    FakeHostOptions o;
    o.dir = dir.path();
    FakeHost h(o);
    REQUIRE(h.start().ok()); // no exception out of the folder scan
    CHECK(any_contains(messages(h, "info"), "good"));
}
#endif

TEST_CASE("A file name that is not UTF-8 is an error a script can catch, not a crash", "[paths]") {
    CHECK_NOTHROW(path_from_utf8("\xFF\xFE.lua"));
    ScriptDir dir;
    dir.write("odd.lua", R"(
local ok, err = pcall(dofile, "\255\254.lua")
hooks.log.info("%s", tostring(ok))
)");
    auto h = start_host(dir);
    CHECK(messages(*h, "info") == std::vector<std::string>{"false"});
    CHECK(messages(*h, "error").empty());
}
