// The journal is written line-atomically: a writer killed with SIGKILL at any moment leaves
// complete lines, and at most a truncated last one, which the reader reports and skips.
// POSIX only: fork and kill.
#ifndef _WIN32

#include "catch.hpp"
#include "support.h"

#include "journal.h"

#include <csignal>
#include <fstream>
#include <random>
#include <sys/types.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace oh;
using namespace oh::test;

namespace {

// The child: appends notifications 1, 2, 3, ... until it is killed.
[[noreturn]] void append_forever(const fs::path& path) {
    JournalWriter writer;
    if (!writer.open(path).ok()) _exit(2);
    Notification n;
    n.phase = Phase::change;
    n.token = 0x4F48;
    for (std::uint64_t seq = 1;; ++seq) {
        n.seq = seq;
        n.old_state = seq % 2 ? State::online : State::offline;
        n.new_state = seq % 2 ? State::offline : State::online;
        (void)writer.append(n, 1767603600.0 + static_cast<double>(seq)); // killed mid-write
    }
}

// Waits until the child has written a few lines (more than a page, so that at least one is
// surely whole), then a random moment more, then kills it.
void kill_at_random(pid_t child, const fs::path& path, std::mt19937& rng) {
    const auto t0 = std::chrono::steady_clock::now();
    std::error_code ec;
    const auto written = [&] { return fs::exists(path, ec) ? fs::file_size(path, ec) : 0; };
    while (written() < 4096 && seconds_since(t0) < 10) std::this_thread::yield();
    std::this_thread::sleep_for(
        std::chrono::microseconds(std::uniform_int_distribution<int>(0, 5000)(rng)));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    REQUIRE(WTERMSIG(status) == SIGKILL);
}

} // namespace

TEST_CASE("A journal writer killed at random moments leaves whole lines but the last",
          "[journal][crash]") {
    ScriptDir dir;
    std::mt19937 rng(std::random_device{}());
    std::size_t total = 0;
    int truncated = 0;
    for (int round = 0; round < 8; ++round) {
        const fs::path path = dir.path() / ("journal-" + std::to_string(round) + ".jsonl");
        const pid_t child = fork();
        REQUIRE(child >= 0);
        if (child == 0) append_forever(path);
        kill_at_random(child, path, rng);

        std::ifstream in(path, std::ios::binary);
        std::vector<JournalProblem> problems;
        const auto entries = read_journal(in, problems);
        INFO("round " << round << ": " << entries.size() << " entries");
        REQUIRE(!entries.empty());
        // Every line replays, in order, none lost in the middle.
        for (std::size_t i = 0; i < entries.size(); ++i) {
            REQUIRE(entries[i].n.seq == i + 1);
            REQUIRE(entries[i].line == static_cast<int>(i + 1));
        }
        // At most the last line is damaged, and it is reported as truncated.
        REQUIRE(problems.size() <= 1);
        if (!problems.empty()) {
            CHECK(problems[0].line == static_cast<int>(entries.size() + 1));
            CHECK(problems[0].message.find("truncated last line") != std::string::npos);
            ++truncated;
        }
        total += entries.size();
    }
    WARN("journal kill test: " << total << " lines in 8 rounds, " << truncated
                               << " truncated last line(s)");
}

#endif
