// hooks.store on disk: byte-string keys, a log that stays cheap to append to, damage kept
// aside, a crash in the middle of a write, two writers of one file, files that are not files.
#include "catch.hpp"

#include "support.h"
#include <chrono>

#include "store.h"
#include "text_file.h"

#include <chrono>
#include <fstream>
#include <sstream>

#ifndef _WIN32
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

using namespace oh;
using namespace oh::test;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<fs::path> files_in(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<fs::path> damaged_copies(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& p : files_in(dir))
        if (p.filename().string().find(".damaged-") != std::string::npos) out.push_back(p);
    return out;
}

bool set(Store& s, const std::string& key, std::optional<StoreValue> v) {
    const Status done = s.set(key, std::move(v));
    INFO(done.error());
    CHECK(done.ok());
    return done.ok();
}

Store loaded(const fs::path& file) {
    Store s(file);
    const Status done = s.load();
    INFO(done.error());
    CHECK(done.ok());
    return s;
}

std::int64_t int_of(const Store& s, std::string_view key) {
    const StoreValue* v = s.get(key);
    return v && std::holds_alternative<std::int64_t>(*v) ? std::get<std::int64_t>(*v) : -1;
}

FakeHostOptions with_store(const TempDir& store) {
    FakeHostOptions o;
    o.engine.store_dir = store.path();
    return o;
}

} // namespace

TEST_CASE("A key with a NUL byte reads back as itself, not as the key cut at the NUL", "[store]") {
    ScriptDir dir;
    TempDir store;
    dir.write("nulkey.lua", R"(
hooks.store.set("a\0b", 1)
hooks.on("offline", function()
  hooks.log.info(tostring(hooks.store.get("a")) .. " " .. tostring(hooks.store.get("a\0b")))
end)
)");
    {
        auto h = start_host(dir, with_store(store));
        h->go(State::offline);
        CHECK(messages(*h, "info") == std::vector<std::string>{"nil 1"});
    }
    dir.write("nulkey.lua", R"(
hooks.on("offline", function()
  hooks.log.info(tostring(hooks.store.get("a")) .. " " .. tostring(hooks.store.get("a\0b")))
end)
)");
    auto h = start_host(dir, with_store(store)); // a new process: read from the file
    h->go(State::offline);
    CHECK(messages(*h, "info") == std::vector<std::string>{"nil 1"});
}

TEST_CASE("Keys and values with NUL, tab, newline and invalid UTF-8 survive, in a UTF-8 file",
          "[store]") {
    TempDir dir;
    const fs::path file = dir.path() / "s.store";
    const std::vector<std::string> keys = {
        std::string("a\0b", 3), "tab\there",   "new\nline",   "cr\rlf",
        "back\\slash",          "bad\xff\xfe", "caf\xc3\xa9", "half\xc3",
        "\xed\xa0\x80surrogate"};
    {
        Store s(file);
        for (std::size_t i = 0; i < keys.size(); ++i)
            set(s, keys[i], StoreValue{keys[i] + "=" + std::to_string(i)});
    }
    const std::string text = slurp(file);
    CHECK(valid_utf8(text) == text);
    CHECK(text.find("caf\xc3\xa9") != std::string::npos); // valid UTF-8 stays readable
    Store back = loaded(file);
    REQUIRE(back.size() == keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
        const StoreValue* v = back.get(keys[i]);
        REQUIRE(v);
        CHECK(std::get<std::string>(*v) == keys[i] + "=" + std::to_string(i));
    }
    CHECK(back.get("a") == nullptr);
}

TEST_CASE("A damaged line is kept aside in a copy of the file and reported, never deleted",
          "[store][damage]") {
    TempDir dir;
    const fs::path file = dir.path() / "d.store";
    const std::string original = "# OfflineHooks store: key <TAB> s|i|n|b <TAB> value\n"
                                 "good\ti\t1\n"
                                 "this line is damaged\n"
                                 "also\ts\tfine\n";
    dir.write("d.store", original);
    Store s(file);
    const Status done = s.load();
    CHECK_FALSE(done.ok());
    CHECK(done.error().find("damaged line(s) 3 skipped") != std::string::npos);
    CHECK(done.error().find("kept in ") != std::string::npos);
    CHECK(int_of(s, "good") == 1);
    const auto copies = damaged_copies(dir.path());
    REQUIRE(copies.size() == 1);
    CHECK(slurp(copies[0]) == original);
    CHECK(done.error().find(path_to_utf8(copies[0])) != std::string::npos);
    // Sets go on; the copy stays; no second copy.
    for (int i = 0; i < 100; ++i) set(s, "k" + std::to_string(i), StoreValue{std::int64_t{i}});
    Store again = loaded(file);
    CHECK(again.size() == 102);
    CHECK(damaged_copies(dir.path()).size() == 1);
    CHECK(slurp(copies[0]) == original);
}

TEST_CASE("A set cut short by a crash (a torn last line) still loads, and later sets survive",
          "[store][damage]") {
    TempDir dir;
    const fs::path file = dir.path() / "t.store";
    {
        Store s(file);
        set(s, "before", StoreValue{std::int64_t{1}});
    }
    { std::ofstream(file, std::ios::binary | std::ios::app) << "torn\ts\thalf a val"; }
    Store s(file);
    static_cast<void>(s.load()); // the torn line is reported; what was whole is loaded
    CHECK(int_of(s, "before") == 1);
    CHECK(s.get("torn") == nullptr);
    CHECK(damaged_copies(dir.path()).size() == 1);
    set(s, "after", StoreValue{std::int64_t{2}});
    Store back = loaded(file);
    CHECK(int_of(back, "before") == 1);
    CHECK(int_of(back, "after") == 2);
}

TEST_CASE("Temporary files a killed rewrite left behind are removed, a fresh one is not",
          "[store][damage]") {
    TempDir dir;
    const fs::path file = dir.path() / "t.store";
    {
        Store s(file);
        set(s, "k", StoreValue{std::int64_t{1}});
    }
    const fs::path stale = dir.path() / "t.store.tmp-4242-0-0badf00d";
    const fs::path fresh = dir.path() / "t.store.tmp-4243-0-0badf00d"; // a rewrite under way
    const fs::path other = dir.path() / "u.store.tmp-4242-0-0badf00d"; // another script's
    for (const auto& p : {stale, fresh, other}) std::ofstream(p) << "k\ti\t1\n";
    const auto old = fs::file_time_type::clock::now() - std::chrono::hours(1);
    fs::last_write_time(stale, old);
    fs::last_write_time(other, old);
    Store back = loaded(file);
    CHECK(int_of(back, "k") == 1);
    CHECK_FALSE(fs::exists(stale));
    CHECK(fs::exists(fresh));
    CHECK(fs::exists(other));
}

TEST_CASE("The store folder is made at the first set when it does not exist", "[store]") {
    TempDir dir;
    const fs::path file = dir.path() / "not" / "yet" / "s.store";
    {
        Store s(file);
        CHECK(s.load().ok());
        set(s, "k", StoreValue{true});
    }
    CHECK(std::get<bool>(*loaded(file).get("k")));
}

TEST_CASE("A store file of the earlier format (one line per key) loads as it is", "[store]") {
    TempDir dir;
    dir.write("old.store", "# OfflineHooks store: key <TAB> s|i|n|b <TAB> value\n"
                           "count\ti\t42\n"
                           "flag\tb\ttrue\n"
                           "name\ts\tJ\\xc3\\xbcrgen\\tM\n"
                           "ratio\tn\t0.25\n");
    Store s = loaded(dir.path() / "old.store");
    CHECK(s.size() == 4);
    CHECK(int_of(s, "count") == 42);
    CHECK(std::get<bool>(*s.get("flag")));
    CHECK(std::get<std::string>(*s.get("name")) == "J\xc3\xbcrgen\tM");
    CHECK(std::get<double>(*s.get("ratio")) == 0.25);
    CHECK(damaged_copies(dir.path()).empty());
}

TEST_CASE("A set appends one line, whatever the size of the store", "[store][growth]") {
    TempDir dir;
    const fs::path file = dir.path() / "big.store";
    Store s(file);
    for (int i = 0; i < 6000; ++i) set(s, "key" + std::to_string(i), StoreValue{std::int64_t{i}});
    const auto before = fs::file_size(file);
    set(s, "key17", StoreValue{std::int64_t{-1}});
    CHECK(fs::file_size(file) == before + std::string("key17\ti\t-1\n").size());
    set(s, "key18", std::nullopt);
    Store back = loaded(file);
    CHECK(back.size() == 5999);
    CHECK(int_of(back, "key17") == -1);
    CHECK(back.get("key18") == nullptr);
}

TEST_CASE("The log is rewritten once it is more than twice the live data", "[store][growth]") {
    TempDir dir;
    const fs::path file = dir.path() / "churn.store";
    Store s(file);
    for (int i = 0; i < 100; ++i) set(s, "key" + std::to_string(i), StoreValue{std::int64_t{i}});
    for (int round = 0; round < 2000; ++round)
        set(s, "key" + std::to_string(round % 100), StoreValue{std::int64_t{round}});
    CHECK(fs::file_size(file) <= 2 * s.live_bytes() + Store::compact_slack + 64);
    Store back = loaded(file);
    CHECK(back.size() == 100);
    CHECK(int_of(back, "key99") == 1999);
    // Only the store, its lock, nothing left over from the rewrites.
    CHECK(files_in(dir.path()) == std::vector<fs::path>{file, fs::path(file) += ".lock"});
}

TEST_CASE("Two writers of one store file lose none of each other's keys", "[store][processes]") {
    TempDir dir;
    const fs::path file = dir.path() / "shared.store";
    Store a(file), b(file);
    CHECK(a.load().ok());
    CHECK(b.load().ok());
    for (int i = 0; i < 3000; ++i) {
        set(a, "a" + std::to_string(i % 300), StoreValue{std::int64_t{i}});
        set(b, "b" + std::to_string(i % 300), StoreValue{std::int64_t{i}});
    }
    Store back = loaded(file);
    CHECK(back.size() == 600);
    CHECK(int_of(back, "a299") == 2999);
    CHECK(int_of(back, "b0") == 2700);
}

#ifndef _WIN32
TEST_CASE("Two processes writing one store at once lose no key and leave a clean file",
          "[store][processes]") {
    TempDir dir;
    const fs::path file = dir.path() / "forked.store";
    const auto writer = [&](const std::string& prefix) {
        Store s(file);
        static_cast<void>(s.load()); // the other process may be halfway through a line
        // A set waits at most 0.1 s for the other process's lock and then fails, saying so;
        // on a loaded machine the other may hold it longer, and a script would try again.
        // Any other failure, or a key lost, is a defect.
        const auto set_retrying = [&s](const std::string& key, std::int64_t v) {
            for (int attempt = 0; attempt < 100; ++attempt) {
                const Status set = s.set(key, StoreValue{v});
                if (set.ok()) return true;
                if (set.error().find("another process holds its lock") == std::string::npos)
                    return false;
            }
            return false;
        };
        bool ok = true;
        for (int i = 0; i < 4000; ++i) ok = set_retrying(prefix + std::to_string(i % 400), i) && ok;
        return ok;
    };
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) _exit(writer("child") ? 0 : 1);
    const bool parent_ok = writer("parent");
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(parent_ok);
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    Store back = loaded(file);
    CHECK(back.size() == 800);
    CHECK(int_of(back, "child399") == 3999);
    CHECK(int_of(back, "parent0") == 3600);
    CHECK(damaged_copies(dir.path()).empty());
}

TEST_CASE("A store file that is a FIFO or a folder is reported, never blocks, never replaced",
          "[store][damage]") {
    TempDir dir;
    const fs::path fifo = dir.path() / "fifo.store";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    const fs::path folder = dir.path() / "folder.store";
    fs::create_directories(folder);
    for (const auto& p : {fifo, folder}) {
        CAPTURE(p);
        Store s(p);
        const Status loaded = s.load();
        CHECK_FALSE(loaded.ok());
        CHECK(loaded.error().find(path_to_utf8(p)) != std::string::npos);
        const Status set = s.set("k", StoreValue{std::int64_t{1}});
        CHECK_FALSE(set.ok());
        CHECK(set.error().find(path_to_utf8(p)) != std::string::npos);
    }
    CHECK(fs::is_fifo(fifo));
    CHECK(fs::is_directory(folder));
}
#endif

TEST_CASE("Values over the limit and a full store are refused with a clear error", "[store]") {
    TempDir dir;
    Store s(dir.path() / "full.store");
    const Status big = s.set("big", StoreValue{std::string(1 << 20, 'x')});
    CHECK_FALSE(big.ok());
    CHECK(big.error() == "store strings may be at most 64 KiB");
    const std::string value(60 * 1024, 'v');
    int stored = 0;
    Status last;
    while ((last = s.set("k" + std::to_string(stored), StoreValue{value})).ok()) ++stored;
    CHECK(stored == 17);
    CHECK(last.error() == "the store is full (at most 1024 KiB per script)");
    // Smaller values still replace, deletions still work, and all of it is on disk.
    set(s, "k0", StoreValue{std::string("small")});
    set(s, "k1", std::nullopt);
    Store back = loaded(dir.path() / "full.store");
    CHECK(back.size() == 16);
    CHECK(std::get<std::string>(*back.get("k0")) == "small");
}

TEST_CASE("A script with a non-ASCII name finds its existing store", "[store]") {
    ScriptDir dir;
    TempDir store;
    store.write("caf\xc3\xa9.store", "# OfflineHooks store: key <TAB> s|i|n|b <TAB> value\n"
                                     "visits\ti\t41\n");
    dir.write("caf\xc3\xa9.lua", R"(
hooks.store.set("visits", hooks.store.get("visits") + 1)
hooks.log.info(hooks.store.get("visits"))
)");
    auto h = start_host(dir, with_store(store));
    CHECK(messages(*h, "info") == std::vector<std::string>{"42"});
}
