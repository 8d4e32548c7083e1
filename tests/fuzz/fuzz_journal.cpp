// libFuzzer target: read_journal on any bytes. Every entry it returns must format to a line
// that parses back to the same entry; every problem must name its line.
#include "journal.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace {

// Stops the run with a message, so that a broken property (not only a crash) is a finding.
void require(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "check failed: %s\n", what);
    std::abort();
}

bool same(const oh::JournalEntry& a, const oh::JournalEntry& b) {
    return a.time == b.time && a.n.seq == b.n.seq && a.n.phase == b.n.phase &&
           a.n.old_state == b.n.old_state && a.n.new_state == b.n.new_state &&
           a.n.token == b.n.token && a.n.raw_size == b.n.raw_size && a.n.raw_type == b.n.raw_type &&
           a.n.raw_mask == b.n.raw_mask && a.n.raw_old == b.n.raw_old &&
           a.n.raw_new == b.n.raw_new && a.n.coalesced == b.n.coalesced;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    std::vector<oh::JournalProblem> problems;
    const std::vector<oh::JournalEntry> entries = oh::read_journal(in, problems);
    for (const oh::JournalProblem& p : problems)
        require(p.line >= 1 && !p.message.empty(), "problem names a line and says what");
    for (const oh::JournalEntry& e : entries) {
        std::string line = oh::format_journal_line(e.n, e.time);
        require(!line.empty() && line.back() == '\n', "line ends in a newline");
        line.pop_back();
        const oh::Result<oh::JournalEntry> back = oh::parse_journal_line(line);
        require(back.ok(), "written line parses");
        require(same(back.value(), e), "written line reads back the same");
    }
    return 0;
}
