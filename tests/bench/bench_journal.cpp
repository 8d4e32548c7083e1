// The JSON the add-in and the fake host write and read: a journal line written and read back,
// and one --json transcript line. Figures in docs/performance.md.
#include "journal.h"
#include "transcript.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <stdexcept>
#include <string>

namespace oh::bench {

namespace {

Notification sample_notification() {
    Notification n;
    n.seq = 123456;
    n.phase = Phase::change;
    n.old_state = State::online;
    n.new_state = State::offline;
    n.token = 7;
    n.raw_size = 24;
    n.raw_type = 2;
    n.raw_mask = 3;
    n.raw_old = 2;
    n.raw_new = 1;
    return n;
}

// What JournalWriter::append formats for each notification the add-in receives.
void BM_JournalFormat(benchmark::State& state) {
    const Notification n = sample_notification();
    double t = 1767603690.25;
    for (auto _ : state) {
        benchmark::DoNotOptimize(format_journal_line(n, t));
        t += 0.5;
    }
}
BENCHMARK(BM_JournalFormat);

// What `fakehost replay` does for each line of a journal.
void BM_JournalParse(benchmark::State& state) {
    std::string line = format_journal_line(sample_notification(), 1767603690.25);
    line.pop_back(); // the '\n'
    for (auto _ : state) {
        Result<JournalEntry> e = parse_journal_line(line);
        if (!e.ok()) throw std::runtime_error(e.error());
        benchmark::DoNotOptimize(e);
    }
}
BENCHMARK(BM_JournalParse);

// One `fakehost run --json` log line, written to /dev/null.
void BM_JsonTranscriptLine(benchmark::State& state) {
    std::FILE* null = std::fopen("/dev/null", "w");
    if (!null) throw std::runtime_error("cannot open /dev/null");
    {
        Transcript transcript(null, /*json=*/true, /*verbose=*/false);
        RecordedLog r{12.5, {}};
        r.record.level = LogLevel::info;
        r.record.script = "transition_log";
        r.record.message = "offline after 2h 03m online (seq 42, token 7)";
        for (auto _ : state) {
            transcript.on_log(r);
            r.t += 0.001;
        }
    }
    std::fclose(null);
}
BENCHMARK(BM_JsonTranscriptLine);

} // namespace

} // namespace oh::bench
