// hooks.store: a script's persistent key/value pairs (string, integer, float, boolean),
// kept across restarts. Keys and string values are byte strings (a NUL, a tab, a newline,
// invalid UTF-8 all survive).
//
// The file is a log: one line per change, appended and flushed by each set, so that a set
// costs the same whatever the size of the store, and a process that just ends loses
// nothing. Later lines win:   key <TAB> s|i|n|b <TAB> value   sets a key,
//                             key <TAB> - <TAB>                deletes it.
// Bytes that would break a line are escaped (\\ \t \n \r \xNN), so the file stays readable
// text. When the log grows past twice the live data it is rewritten with one line per key
// (temporary file of a unique name, then rename). Files of the earlier format (one line per
// key, rewritten on every set) are the same format without deletions, and load as they are.
//
// Two processes writing the same store (an exclusive lock file serializes them): the file
// keeps every set of both, the last write of a key wins, and each process's reads see the
// values loaded at its start plus its own sets (and the others' after a compaction). A
// damaged line (or a last line cut short by a crash) is never deleted: the file as it was is
// copied to "<name>.store.damaged-<time>" once, reported, and the good lines are kept.
#pragma once

#include "result.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace oh {

using StoreValue = std::variant<bool, std::int64_t, double, std::string>;

class Store {
  public:
    static constexpr std::size_t max_key = 256;
    static constexpr std::size_t max_string = std::size_t{64} * 1024;
    static constexpr std::size_t max_total = std::size_t{1024} * 1024;
    // The log is rewritten when it is larger than 2x the live lines plus this.
    static constexpr std::uintmax_t compact_slack = std::uintmax_t{64} * 1024;

    // An empty path keeps the values in memory only.
    explicit Store(std::filesystem::path file = {}) : file_(std::move(file)) {}

    // Reads the file if there is one. Fails describing the problems (damaged lines, a FIFO
    // or a folder where the file should be); the good lines are loaded anyway.
    Status load();
    const StoreValue* get(std::string_view key) const;
    // Sets the key (nullopt erases it) and appends it to the file. On failure nothing
    // changes. notice() may say something worth logging even on success (a compaction
    // that found damage).
    Status set(const std::string& key, std::optional<StoreValue> value);
    std::size_t size() const { return values_.size(); }
    const std::filesystem::path& file() const { return file_; }
    // The file's size as last seen, and the size of its live lines (what a rewrite writes).
    std::uintmax_t file_bytes() const { return file_bytes_; }
    std::uintmax_t live_bytes() const { return live_bytes_; }
    // A warning from the last set (e.g. damage found and kept aside while compacting).
    const std::string& notice() const { return notice_; }

  private:
    Status read_file();
    bool keep_damage(const std::string& bad, bool cut, std::string& report);
    void compact(std::string& notice, bool damage_just_kept);
    void recount();

    std::filesystem::path file_;
    std::map<std::string, StoreValue, std::less<>> values_;
    std::size_t footprint_ = 0;     // keys and values, against max_total
    std::uintmax_t live_bytes_ = 0; // the lines a rewrite would write
    std::uintmax_t file_bytes_ = 0;
    std::string unusable_;       // why the file cannot be written at all (a FIFO, a folder)
    bool damage_kept_ = true;    // false: damaged content is only in the file, never rewrite it
    bool needs_newline_ = false; // the file ends in a cut line: start the next on a new one
    std::string notice_;
};

} // namespace oh
