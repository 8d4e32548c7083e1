// The event journal: every notification the engine processed, one JSON object per line
// (JSON lines), so that a day in Outlook can be replayed by `fakehost replay` and read by any
// tool. One line:
//   {"time":1767603690.25,"seq":1,"phase":"start","old":"online","new":"offline","token":7,
//    "raw":{"size":24,"type":1,"mask":3,"old":2,"new":1}}
// followed by ,"coalesced":N before the closing brace when the queue folded N notifications
// into this one, and ,"mode":"cached-disconnected" when the add-in read Outlook's
// ExchangeConnectionMode for it (none when unknown). time is Unix seconds; old/new are "online",
// "offline" or "unknown"; raw holds the MAPIOFFLINE_NOTIFY fields exactly as received.
//
// Crash safety: each line is written whole with one write and flushed at once, so a process
// killed at any moment leaves at most a truncated last line, which the reader reports and
// skips. (Flushed to the operating system, not synced to disk: a power cut may lose more.)
#pragma once

#include "event.h"
#include "result.h"

#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace oh {

// The line for one notification, with its '\n'.
std::string format_journal_line(const Notification& n, double unix_time);

// Appends to a journal file. Not thread-safe: the engine writes from its dispatcher thread.
class JournalWriter {
  public:
    JournalWriter() = default;
    ~JournalWriter();
    JournalWriter(const JournalWriter&) = delete;
    JournalWriter& operator=(const JournalWriter&) = delete;
    JournalWriter(JournalWriter&& other) noexcept;
    JournalWriter& operator=(JournalWriter&& other) noexcept;

    // Opens `path` for appending, creating the file and its parent folders. On failure the
    // error names the path and the reason. Closes any file open before.
    Status open(const std::filesystem::path& path);
    bool is_open() const { return file_ != nullptr; }
    void close();

    // Writes one line and flushes it. Fails when the file is not open or the write failed
    // (disk full, ...): "cannot write the journal <path>: <reason>".
    Status append(const Notification& n, double unix_time);

  private:
    std::FILE* file_ = nullptr;
    std::unique_ptr<char[]> buffer_; // the stream's buffer, larger than any line
    bool broken_line_ = false;       // the file ends mid-line: start the next line afresh
    std::string path_;               // as shown in messages
};

struct JournalEntry {
    double time = 0.0; // Unix seconds
    Notification n;
    int line = 0; // 1-based line number in the journal
};

struct JournalProblem {
    int line = 0;
    std::string message;
};

// Parses one line (without its '\n'). Fields time, seq, phase, old and new are required;
// token (default 0), raw (default: the fields a valid notification with this phase and these
// states would have), coalesced (default 0) and mode (default unknown) are optional, so that
// journals can be written by hand; unknown fields are ignored, so that later versions may add some.
// On failure the error says which field is missing or wrong. The entry's line is left 0 (the reader
// sets it).
Result<JournalEntry> parse_journal_line(std::string_view line);

// Unix seconds a journal time may hold: from 1970 to the end of the year 9999. Anything else
// (1e300, a negative time) is a damaged line, reported and skipped.
inline constexpr double max_journal_time = 253402300799.0;
// Longer lines are not JSON the writer made (about 250 bytes): reported and skipped unread.
inline constexpr std::size_t max_journal_line = std::size_t{64} * 1024;

// Reads a journal one line at a time, in constant memory, so that a journal of any length or
// one 100 MB line costs no more than a short one. A UTF-8 BOM at the start is skipped (a
// journal edited in Notepad); UTF-16 and UTF-32 are refused: next() returns false at once and
// encoding_error() names the encoding and the fix.
class JournalReader {
  public:
    explicit JournalReader(std::istream& in) : in_(in) {}
    // The next entry, or false at the end of the input. Lines that cannot be read are
    // appended to `problems` (with their line number) and skipped.
    bool next(JournalEntry& out, std::vector<JournalProblem>& problems);
    const std::string& encoding_error() const { return encoding_error_; }

  private:
    bool check_start();
    int get();
    bool read_line(std::string& line, bool& terminated, bool& too_long);

    std::istream& in_;
    std::string pending_; // the first bytes, looked at by check_start
    std::size_t pending_at_ = 0;
    int number_ = 0;
    bool started_ = false;
    std::string encoding_error_;
};

// Reads a whole journal. Blank lines are ignored; a line that cannot be parsed is reported in
// `problems` with its line number and skipped, so one damaged line loses nothing else. A last
// line with no '\n' that does not parse is reported as "truncated last line" (the writer was
// killed mid-line). Lines may end in "\r\n". A UTF-16 journal is one problem at line 1.
std::vector<JournalEntry> read_journal(std::istream& in, std::vector<JournalProblem>& problems);

} // namespace oh
