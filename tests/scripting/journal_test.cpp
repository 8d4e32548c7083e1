#include "catch.hpp"

#include "journal.h"
#include "support.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using oh::JournalEntry;
using oh::JournalProblem;
using oh::JournalWriter;
using oh::Notification;
using oh::Phase;
using oh::State;
using oh::test::TempDir;

namespace {

Notification change(std::uint64_t seq, Phase phase, State from, State to) {
    Notification n;
    n.seq = seq;
    n.phase = phase;
    n.old_state = from;
    n.new_state = to;
    n.token = 7;
    n.raw_size = 24;
    n.raw_type = static_cast<std::uint32_t>(phase) + 1;
    n.raw_mask = 3;
    n.raw_old = from == State::online ? 2 : 1;
    n.raw_new = to == State::online ? 2 : 1;
    return n;
}

void check_same(const Notification& a, const Notification& b) {
    CHECK(a.seq == b.seq);
    CHECK(a.phase == b.phase);
    CHECK(a.old_state == b.old_state);
    CHECK(a.new_state == b.new_state);
    CHECK(a.token == b.token);
    CHECK(a.raw_size == b.raw_size);
    CHECK(a.raw_type == b.raw_type);
    CHECK(a.raw_mask == b.raw_mask);
    CHECK(a.raw_old == b.raw_old);
    CHECK(a.raw_new == b.raw_new);
    CHECK(a.coalesced == b.coalesced);
}

std::vector<JournalEntry> read_text(const std::string& text,
                                    std::vector<JournalProblem>& problems) {
    std::istringstream in(text);
    return oh::read_journal(in, problems);
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The error parse_journal_line gives for `line`.
std::string line_error(const std::string& line) {
    INFO("line: " << line);
    const oh::Result<JournalEntry> e = oh::parse_journal_line(line);
    REQUIRE_FALSE(e.ok());
    return e.error();
}

const std::string good_line =
    R"({"time":1767603690.25,"seq":1,"phase":"start","old":"online","new":"offline",)"
    R"("token":7,"raw":{"size":24,"type":1,"mask":3,"old":2,"new":1}})";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("A journal line has the documented format", "[journal]") {
    const Notification n = change(1, Phase::start, State::online, State::offline);
    CHECK(oh::format_journal_line(n, 1767603690.25) == good_line + "\n");
}

TEST_CASE("A journal line records coalesced notifications only when there were some", "[journal]") {
    Notification n = change(9, Phase::done, State::offline, State::online);
    CHECK_FALSE(contains(oh::format_journal_line(n, 1.0), "coalesced"));
    n.coalesced = 4;
    const std::string line = oh::format_journal_line(n, 1.0);
    CHECK(contains(line, R"(,"coalesced":4}
)"));
}

TEST_CASE("Journal lines read back to the same notification", "[journal]") {
    std::vector<Notification> samples = {
        change(1, Phase::start, State::online, State::offline),
        change(2, Phase::change, State::online, State::offline),
        change(3, Phase::done, State::offline, State::online),
    };
    Notification odd; // malformed values as received, and the largest exact seq
    odd.seq = 9007199254740992ULL;
    odd.phase = Phase::change;
    odd.token = 0xFFFFFFFFu;
    odd.raw_size = 0;
    odd.raw_type = 0xFFFFFFFFu;
    odd.raw_mask = 0x3F037F;
    odd.raw_old = 5;
    odd.raw_new = 0;
    odd.coalesced = 123456;
    samples.push_back(odd); // states unknown
    const double times[] = {0.0, 1767603690.25, 1767603690.123456789, 1e-3};
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const std::string line = oh::format_journal_line(samples[i], times[i]);
        REQUIRE(line.back() == '\n');
        const oh::Result<JournalEntry> parsed =
            oh::parse_journal_line(std::string_view(line).substr(0, line.size() - 1));
        REQUIRE(parsed.ok());
        const JournalEntry& e = parsed.value();
        CHECK(e.time == times[i]);
        check_same(e.n, samples[i]);
    }
}

TEST_CASE("JournalWriter creates missing folders and appends across opens", "[journal]") {
    TempDir dir;
    const fs::path path = dir.path() / "a" / "b" / "events.jsonl";
    {
        JournalWriter w;
        CHECK_FALSE(w.is_open());
        REQUIRE(w.open(path).ok());
        CHECK(w.is_open());
        CHECK(w.append(change(1, Phase::start, State::online, State::offline), 10.0).ok());
        // Flushed at once: visible before the writer is closed.
        CHECK(read_file(path) == oh::format_journal_line(
                                     change(1, Phase::start, State::online, State::offline), 10.0));
    }
    JournalWriter again;
    REQUIRE(again.open(path).ok());
    CHECK(again.append(change(2, Phase::change, State::online, State::offline), 11.0).ok());
    again.close();
    CHECK_FALSE(again.append(change(3, Phase::done, State::online, State::offline), 12.0).ok());

    std::ifstream in(path, std::ios::binary);
    std::vector<JournalProblem> problems;
    const auto entries = oh::read_journal(in, problems);
    CHECK(problems.empty());
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].n.seq == 1);
    CHECK(entries[1].n.seq == 2);
    CHECK(entries[1].line == 2);
}

TEST_CASE("JournalWriter says which path it cannot open and why", "[journal]") {
    TempDir dir;
    const fs::path blocker = dir.path() / "not-a-folder";
    std::ofstream(blocker) << "x";
    JournalWriter w;
    const oh::Status no_folder = w.open(blocker / "events.jsonl");
    CHECK_FALSE(no_folder.ok());
    CHECK_FALSE(w.is_open());
    CHECK(contains(no_folder.error(), "not-a-folder"));
    CHECK_FALSE(w.append(Notification{}, 1.0).ok());

    const oh::Status folder = w.open(dir.path()); // a folder is not a file
    CHECK_FALSE(folder.ok());
    CHECK(contains(folder.error(), "cannot open the journal"));
}

TEST_CASE("JournalWriter can be moved, and the moved-to writer keeps writing", "[journal]") {
    TempDir dir;
    const fs::path path = dir.path() / "events.jsonl";
    JournalWriter a;
    REQUIRE(a.open(path).ok());
    JournalWriter b(std::move(a));
    CHECK(b.append(change(1, Phase::start, State::online, State::offline), 1.0).ok());
    JournalWriter c;
    c = std::move(b);
    CHECK(c.append(change(2, Phase::done, State::online, State::offline), 2.0).ok());
    c.close();
    std::vector<JournalProblem> problems;
    CHECK(read_text(read_file(path), problems).size() == 2);
    CHECK(problems.empty());
}

TEST_CASE("After a crash mid-line the next entry starts on a fresh line", "[journal]") {
    TempDir dir;
    const fs::path path = dir.path() / "events.jsonl";
    const std::string first =
        oh::format_journal_line(change(1, Phase::start, State::online, State::offline), 1.0);
    std::ofstream(path, std::ios::binary) << first << good_line.substr(0, 30); // killed here
    JournalWriter w;
    REQUIRE(w.open(path).ok());
    REQUIRE(w.append(change(3, Phase::done, State::online, State::offline), 3.0).ok());
    w.close();

    std::vector<JournalProblem> problems;
    const auto entries = read_text(read_file(path), problems);
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].n.seq == 1);
    CHECK(entries[1].n.seq == 3);
    CHECK(entries[1].line == 3);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == 2);
}

TEST_CASE("read_journal skips a corrupt line and keeps every other entry", "[journal]") {
    const std::string text = good_line + "\n" + "{\"time\":garbage}\n" + good_line + "\n";
    std::vector<JournalProblem> problems;
    const auto entries = read_text(text, problems);
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].line == 1);
    CHECK(entries[1].line == 3);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == 2);
    CHECK(contains(problems[0].message, "not valid JSON"));
    CHECK(contains(problems[0].message, "byte offset 8"));
}

TEST_CASE("read_journal reports a truncated last line", "[journal]") {
    const std::string text = good_line + "\n" + good_line.substr(0, good_line.size() - 1);
    std::vector<JournalProblem> problems;
    const auto entries = read_text(text, problems);
    CHECK(entries.size() == 1);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == 2);
    CHECK(contains(problems[0].message, "truncated last line"));
}

TEST_CASE("read_journal accepts a complete last line without its newline", "[journal]") {
    std::vector<JournalProblem> problems;
    CHECK(read_text(good_line, problems).size() == 1);
    CHECK(problems.empty());
}

TEST_CASE("read_journal ignores blank lines and accepts CRLF line ends", "[journal]") {
    const std::string text = "\n   \n" + good_line + "\r\n\t\r\n\n" + good_line + "\r\n";
    std::vector<JournalProblem> problems;
    const auto entries = read_text(text, problems);
    CHECK(problems.empty());
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].line == 3);
    CHECK(entries[1].line == 6);
    CHECK(read_text("", problems).empty());
    CHECK(problems.empty());
}

TEST_CASE("A journal line with a missing or wrong field says which", "[journal]") {
    CHECK(line_error(R"({"seq":1,"phase":"start","old":"online","new":"offline"})") ==
          R"(missing field "time")");
    CHECK(line_error(R"({"time":1,"phase":"start","old":"online","new":"offline"})") ==
          R"(missing field "seq")");
    CHECK(line_error(R"({"time":"noon","seq":1,"phase":"start","old":"online","new":"offline"})") ==
          R"(field "time": expected a number, got "noon")");
    CHECK(line_error(R"({"time":1,"seq":-1,"phase":"start","old":"online","new":"offline"})") ==
          R"(field "seq": expected a whole number from 0 to 9007199254740992, got -1)");
    CHECK(contains(
        line_error(R"({"time":1,"seq":1.5,"phase":"start","old":"online","new":"offline"})"),
        R"(field "seq")"));
    CHECK(line_error(R"({"time":1,"seq":1,"phase":"begin","old":"online","new":"offline"})") ==
          R"(field "phase": expected "start", "change" or "done", got "begin")");
    CHECK(line_error(R"({"time":1,"seq":1,"phase":"start","old":2,"new":"offline"})") ==
          R"(field "old": expected "online", "offline" or "unknown", got 2)");
    CHECK(line_error(R"({"time":1,"seq":1,"phase":"start","old":"online"})") ==
          R"(missing field "new")");
    CHECK(contains(line_error(R"({"time":1,"seq":1,"phase":"start","old":"online",)"
                              R"("new":"offline","token":4294967296})"),
                   R"(field "token": expected a whole number from 0 to 4294967295)"));
    CHECK(line_error(R"({"time":1,"seq":1,"phase":"start","old":"online","new":"offline",)"
                     R"("raw":{"size":24,"type":1,"mask":3,"old":2}})") ==
          R"(in "raw": missing field "new")");
    CHECK(line_error(R"({"time":1,"seq":1,"phase":"start","old":"online","new":"offline",)"
                     R"("raw":[24]})") == R"(field "raw": expected an object, got [24])");
    CHECK(contains(line_error(R"({"time":1,"seq":1,"phase":"start","old":"online",)"
                              R"("new":"offline","coalesced":true})"),
                   R"(field "coalesced")"));
    CHECK(line_error("[1,2]") == "expected a JSON object, got array");
    CHECK(contains(line_error("not json"), "not valid JSON"));
}

TEST_CASE("Hand-written journal lines may leave out token, raw and coalesced", "[journal]") {
    const oh::Result<JournalEntry> parsed = oh::parse_journal_line(
        R"({"time":5,"seq":2,"phase":"done","old":"offline","new":"online","extra":[1]})");
    REQUIRE(parsed.ok());
    const JournalEntry& e = parsed.value();
    CHECK(e.time == 5.0);
    CHECK(e.n.token == 0);
    CHECK(e.n.coalesced == 0);
    // raw: what a valid notification with this phase and these states holds.
    CHECK(e.n.raw_size == 24);
    CHECK(e.n.raw_type == 3);
    CHECK(e.n.raw_mask == 3);
    CHECK(e.n.raw_old == 1);
    CHECK(e.n.raw_new == 2);
}

TEST_CASE("Truncating a journal at any byte loses at most the last entry", "[journal]") {
    TempDir dir;
    const fs::path path = dir.path() / "events.jsonl";
    std::vector<Notification> written;
    {
        JournalWriter w;
        REQUIRE(w.open(path).ok());
        for (std::uint64_t i = 1; i <= 12; ++i) {
            Notification n =
                change(i, static_cast<Phase>(i % 3), i % 2 ? State::online : State::offline,
                       i % 2 ? State::offline : State::online);
            n.coalesced = i % 4 == 0 ? i : 0;
            written.push_back(n);
            REQUIRE(w.append(n, 1767603600.0 + static_cast<double>(i) * 1.25).ok());
        }
    }
    const std::string full = read_file(path);
    const fs::path cut = dir.path() / "cut.jsonl";
    for (std::size_t size = 0; size <= full.size(); ++size) {
        // Rewritten, not fs::copy_file: MinGW's overwrite_existing fails on an existing file.
        std::ofstream(cut, std::ios::binary | std::ios::trunc) << full;
        fs::resize_file(cut, size);
        std::ifstream in(cut, std::ios::binary);
        std::vector<JournalProblem> problems;
        const auto entries = oh::read_journal(in, problems);

        const std::string prefix = full.substr(0, size);
        const auto complete =
            static_cast<std::size_t>(std::count(prefix.begin(), prefix.end(), '\n'));
        const bool partial = !prefix.empty() && prefix.back() != '\n';
        // Only the newline missing: the entry is whole and still counts.
        const bool only_newline_lost = partial && full[size] == '\n';
        INFO("truncated to " << size << " bytes");
        REQUIRE(entries.size() == complete + (only_newline_lost ? 1 : 0));
        for (std::size_t i = 0; i < entries.size(); ++i) check_same(entries[i].n, written[i]);
        if (partial && !only_newline_lost) {
            REQUIRE(problems.size() == 1);
            CHECK(problems[0].message.find("truncated last line") == 0);
            CHECK(problems[0].line == static_cast<int>(complete) + 1);
        } else {
            CHECK(problems.empty());
        }
    }
}

TEST_CASE("A whole-number field may be written 2, 2.0 or 2e0, and is never rounded", "[journal]") {
    const std::string head = R"({"time":5,"phase":"done","old":"offline","new":"online","seq":)";
    for (const char* two : {"2", "2.0", "2e0", "0.2e1"}) {
        const oh::Result<JournalEntry> e = oh::parse_journal_line(head + two + "}");
        INFO(two << ": " << e.error());
        REQUIRE(e.ok());
        CHECK(e.value().n.seq == 2);
    }
    const oh::Result<JournalEntry> top = oh::parse_journal_line(head + "9007199254740992}");
    REQUIRE(top.ok()); // 2^53 is the top
    CHECK(top.value().n.seq == 9007199254740992ULL);
    // One more has no exact double: refused, not read as 2^53.
    CHECK(contains(line_error(head + "9007199254740993}"),
                   R"(field "seq": expected a whole number from 0 to 9007199254740992)"));
    CHECK(contains(line_error(head + "-0.5}"), R"(field "seq")"));
    CHECK(contains(line_error(head + "-1}"), R"(field "seq")"));
}

TEST_CASE("A whole-number field written -0 or -0.0 is read as 0", "[journal]") {
    // It is zero, and refusing it said "expected a whole number from 0 ..., got 0".
    const std::string head = R"({"time":5,"phase":"done","old":"offline","new":"online","seq":)";
    for (const char* zero : {"-0", "-0.0", "0"}) {
        const oh::Result<JournalEntry> e = oh::parse_journal_line(head + zero + "}");
        INFO(zero << ": " << e.error());
        REQUIRE(e.ok());
        CHECK(e.value().n.seq == 0);
    }
}

TEST_CASE("A journal line that is not JSON says where, and one with a key twice is refused",
          "[journal]") {
    CHECK(contains(line_error(R"({"time":1,"time":2,"seq":1,"phase":"start","old":"online",)"
                              R"("new":"offline"})"),
                   R"(not valid JSON: duplicate key "time")"));
    const std::string cut = line_error(good_line.substr(0, 20));
    CHECK(contains(cut, "not valid JSON: "));
    CHECK(contains(cut, " at byte offset 20"));
    CHECK_FALSE(contains(cut, "json.exception"));
    // A NUL ends nothing: what follows it is not silently dropped.
    CHECK(contains(line_error(good_line + std::string(1, '\0') + "junk"), "a NUL byte"));
}
