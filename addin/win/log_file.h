// The add-in's log: %LOCALAPPDATA%\OfflineHooks\offlinehooks.log, one line per record:
//   2026-01-05T10:00:00.125+01:00 INFO  [script] message
// ("[OfflineHooks]" for the add-in's own records). Each line is written whole by one append
// (FILE_APPEND_DATA), so lines from several threads never interleave and a crash leaves at most
// one cut line. Errors also go to the Event Log. Thread-safe.
#pragma once

#include "event_log.h"
#include "handles.h"
#include "platform.h"

#include <filesystem>
#include <mutex>
#include <string>

namespace oh::win {

class LogFile {
  public:
    // Opens (creating the folder) for appending. A log over the size limit is moved to
    // offlinehooks.log.1 first. When the file cannot be opened, records go to the debugger
    // (OutputDebugString) instead.
    // Records below `min_level` (the LogLevel setting) are dropped.
    explicit LogFile(std::filesystem::path path, LogLevel min_level = LogLevel::debug);
    LogFile(const LogFile&) = delete;
    LogFile& operator=(const LogFile&) = delete;

    void write(const LogRecord& record);
    // The add-in's own records, stamped now.
    void write(LogLevel level, const std::string& message, const std::string& script = {});
    // Past the level filter: the start-up line and the settings' warnings, which say what the
    // filter is and where it came from (a support desk needs them at any level).
    void write_unfiltered(LogLevel level, const std::string& message);

    const std::filesystem::path& path() const { return path_; }
    bool is_open() const { return valid(file_); }

  private:
    void append(const LogRecord& record);

    static constexpr std::uint64_t kRotateBytes = 4u << 20;

    std::filesystem::path path_;
    LogLevel min_level_;
    UniqueHandle file_;
    EventLog events_;
};

// The line for a record (without the line end): time in local time with its UTC offset,
// level, script, and the message with its line breaks folded into " | ".
std::string format_log_line(const LogRecord& record);
// Unix seconds now (the system clock's resolution, a few milliseconds at worst).
double unix_now();

} // namespace oh::win
