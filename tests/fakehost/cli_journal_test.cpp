// fakehost run --journal and fakehost replay on journals as they end up on disk: unwritable,
// damaged, with absurd or backward times, with a BOM, as UTF-16, cut by a kill -9.
#include "catch.hpp"
#include "cli_support.h"
#include "support.h"

#include "journal.h"

#include <chrono>
#include <sstream>

#ifndef _WIN32
#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

using namespace oh;
using namespace oh::test;

namespace {

// A journal line written by hand, at Unix time `time`.
std::string line(const std::string& time, int seq, const char* phase, const char* from,
                 const char* to) {
    return "{\"time\":" + time + ",\"seq\":" + std::to_string(seq) + ",\"phase\":\"" + phase +
           "\",\"old\":\"" + from + "\",\"new\":\"" + to + "\"}\n";
}

// Three notifications of a change to offline, at 1767603600 + offset seconds.
std::string offline_at(int offset, int seq) {
    const std::string t = std::to_string(1767603600 + offset);
    return line(t, seq, "start", "online", "offline") +
           line(t, seq + 1, "change", "online", "offline") +
           line(t, seq + 2, "done", "online", "offline");
}

const char* const logging_script =
    "hooks.on('offline', function() hooks.log.info('offline at %s', os.date('!%H:%M:%S')) end)\n";

} // namespace

TEST_CASE("A --journal that cannot be opened is reported and nothing runs", "[cli][journal]") {
    ScriptDir dir;
    dir.write("s.lua", logging_script);
    dir.write("file", "not a folder\n");
    const auto r = fakehost("run --scripts " + sh(dir.path()) + " --journal " +
                            sh(dir.path() / "file" / "j.jsonl") + " --events '1s offline'");
    INFO(r.out);
    CHECK(r.status == 2);
    CHECK(has(r.out,
              "fakehost run: cannot create the folder " + (dir.path() / "file").generic_string()));
    CHECK_FALSE(has(r.out, "offline at"));

    const auto folder = fakehost("run --scripts " + sh(dir.path()) + " --journal " +
                                 sh(dir.path()) + " --events '1s offline'");
    CHECK(folder.status == 2);
    CHECK(has(folder.out,
              "cannot open the journal " + dir.path().generic_string() + ": it is a folder"));
}

TEST_CASE("A --journal whose writes fail is reported, naming the file and the reason",
          "[cli][journal]") {
    ScriptDir dir;
    dir.write("s.lua", logging_script);
    const auto r =
        fakehost("run --scripts " + sh(dir.path()) + " --journal /dev/full --events '1s offline'");
    INFO(r.out);
    CHECK(r.status == 1);
    CHECK(has(r.out, "cannot write the journal /dev/full: No space left on device"));
    CHECK(has(r.out, "offline at")); // the run itself went on
}

TEST_CASE("replay reports and skips lines with absurd times instead of spinning",
          "[cli][replay][journal]") {
    ScriptDir dir;
    dir.write("s.lua", "hooks.every('1s', function() end)\n" + std::string(logging_script));
    dir.write("j.jsonl", offline_at(0, 1) + line("1e300", 4, "start", "offline", "online") +
                             line("-5", 5, "start", "offline", "online") +
                             line("99999999999", 6, "start", "offline", "online") +
                             line("1e999", 7, "start", "offline", "online") + offline_at(60, 8));
    const auto t0 = std::chrono::steady_clock::now();
    const auto r =
        fakehost("replay --scripts " + sh(dir.path()) + " " + sh(dir.path() / "j.jsonl"));
    CHECK(seconds_since(t0) < 20);
    INFO(r.out);
    CHECK(r.status == 1);
    CHECK(has(r.out, "j.jsonl:4: field \"time\": expected Unix seconds from 0 to 253402300799"));
    CHECK(has(r.out, "j.jsonl:5: field \"time\""));
    CHECK(has(r.out, "j.jsonl:6: the time is"));
    CHECK(has(r.out, "j.jsonl:7:"));
    CHECK(has(r.out, "offline at 09:00:00"));
    CHECK(has(r.out, "00:01:00.000  outlook   START   online -> offline"));
    CHECK(has(r.out, "6 replayed, 4 line(s) skipped"));
}

TEST_CASE("replay says where time goes backwards and plays such lines at the time before",
          "[cli][replay][journal]") {
    ScriptDir dir;
    dir.write("s.lua", logging_script);
    dir.write("j.jsonl", offline_at(120, 1) + line("1767603690", 4, "start", "offline", "online") +
                             offline_at(30, 5));
    const auto r =
        fakehost("replay --scripts " + sh(dir.path()) + " " + sh(dir.path() / "j.jsonl"));
    INFO(r.out);
    CHECK(r.status == 0);
    CHECK(has(r.out, "j.jsonl:4: the time goes backwards by 30s; played at 00:00:00.000"));
    CHECK(has(r.out, "j.jsonl:5: the time goes backwards by 1m 30s"));
    CHECK(has(r.out, "j.jsonl:7: the time goes backwards"));
    CHECK(has(r.out, "7 replayed, 0 line(s) skipped"));
}

TEST_CASE("replay reads a journal saved with a BOM and CRLF, and refuses UTF-16 naming it",
          "[cli][replay][journal][encoding]") {
    ScriptDir dir;
    dir.write("s.lua", logging_script);
    std::string crlf;
    for (char c : offline_at(60, 1)) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    dir.write("bom.jsonl", "\xEF\xBB\xBF" + crlf.substr(0, crlf.size() - 2)); // no last newline
    const auto bom =
        fakehost("replay --scripts " + sh(dir.path()) + " " + sh(dir.path() / "bom.jsonl"));
    INFO(bom.out);
    CHECK(bom.status == 0);
    CHECK(has(bom.out, "3 replayed, 0 line(s) skipped"));

    std::string wide = "\xFF\xFE";
    for (char c : offline_at(60, 1)) wide += std::string{c, '\0'};
    dir.write("wide.jsonl", wide);
    const auto r =
        fakehost("replay --scripts " + sh(dir.path()) + " " + sh(dir.path() / "wide.jsonl"));
    INFO(r.out);
    CHECK(r.status == 2);
    CHECK(has(r.out, "wide.jsonl: the journal is saved as UTF-16 LE"));
    CHECK(has(r.out, "save it as UTF-8"));
}

TEST_CASE("replay skips a 100 MB line and a binary line without reading them into memory",
          "[cli][replay][journal]") {
    ScriptDir dir;
    dir.write("s.lua", logging_script);
    const auto j = dir.write("j.jsonl", offline_at(0, 1));
    {
        std::ofstream out(j, std::ios::binary | std::ios::app);
        const std::string chunk(1 << 20, 'x');
        for (int i = 0; i < 100; ++i) out << chunk;
        out << "\n" << std::string("\0\x01\xFF", 3) << "\n" << offline_at(60, 4);
    }
    const auto r = fakehost("replay --scripts " + sh(dir.path()) + " " + sh(j));
    INFO(r.out.substr(0, 2000));
    CHECK(has(r.out, "j.jsonl:4: a line longer than 64 KiB"));
    CHECK(has(r.out, "j.jsonl:5: not valid JSON"));
    CHECK(has(r.out, "6 replayed, 2 line(s) skipped"));
}

TEST_CASE("replay of a folder or a missing file says so", "[cli][replay][journal]") {
    ScriptDir dir;
    auto r = fakehost("replay " + sh(dir.path()));
    CHECK(r.status == 2);
    CHECK(has(r.out, "is a folder, not a journal"));
    r = fakehost("replay " + sh(dir.path() / "none.jsonl"));
    CHECK(r.status == 2);
    CHECK(has(r.out, "cannot open " + (dir.path() / "none.jsonl").generic_string() +
                         ": No such file or directory"));
}

TEST_CASE("replay of a FIFO says so instead of waiting for a writer for ever",
          "[cli][replay][journal]") {
    ScriptDir dir;
    const auto fifo = dir.path() / "j.jsonl";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    // Through timeout(1): before the check, the open blocked until some process wrote.
    const std::string cmd = "timeout 30 " + std::string(OH_FAKEHOST_EXE) + " replay --scripts " +
                            sh(dir.path()) + " " + sh(fifo) + " 2>&1";
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p);
    std::string out;
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    const int raw = ::pclose(p);
    INFO(out);
    CHECK((WIFEXITED(raw) ? WEXITSTATUS(raw) : -1) == 2);
    CHECK(has(out, "j.jsonl: is a FIFO or socket, not a journal"));
}

TEST_CASE("A journal whose writer was killed with -9 mid-run still replays", "[cli][journal]") {
    ScriptDir dir;
    dir.write("s.lua", logging_script);
    std::string events = "0s offline";
    for (int i = 1; i < 4000; ++i) events += i % 2 ? "; +1s online" : "; +1s offline";
    dir.write("long.scn", [&] {
        std::string s;
        for (char c : events) s += c == ';' ? '\n' : c;
        return s;
    }());
    const auto j = dir.path() / "j.jsonl";
    // Kill it while it writes (the journal is written as the run goes); twice, so that the
    // second writer appends after whatever the first one left.
    for (int round = 0; round < 2; ++round) {
        const std::string cmd =
            std::string(OH_FAKEHOST_EXE) + " run --scripts " + sh(dir.path()) + " --scenario " +
            sh(dir.path() / "long.scn") + " --journal " + sh(j) + " >/dev/null 2>&1 & pid=$!; " +
            // once it has written a little (a slow sanitizer build
            // takes a while to start), at most 20 s
            "n=0; while [ \"$(wc -c < " + sh(j) + " 2>/dev/null || echo 0)\" -lt " +
            std::to_string(2000 * (round + 1)) +
            " ] && [ $n -lt 2000 ]; do sleep 0.01; n=$((n+1)); done; " +
            "kill -9 $pid; wait $pid; true";
        REQUIRE(std::system(cmd.c_str()) == 0);
    }
    const auto r = fakehost("replay --scripts " + sh(dir.path()) + " " + sh(j));
    INFO(r.out.substr(0, 3000));
    CHECK(has(r.out, "replayed"));
    CHECK_FALSE(has(r.out, "holds no notification"));
    // At most the line each kill cut is lost.
    std::istringstream in(r.out);
    std::size_t skipped = 0;
    for (std::string l; std::getline(in, l);) skipped += has(l, "(line skipped)");
    CHECK(skipped <= 2);
}
#endif
