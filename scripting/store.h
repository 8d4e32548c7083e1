// hooks.store: a script's persistent key/value pairs (string, integer, float, boolean),
// kept across restarts. Written to disk on every change (temporary file, then rename), so
// a process that just ends loses nothing. One key per line, tab-separated and escaped so
// that any byte string survives:   key <TAB> s|i|n|b <TAB> value
#pragma once

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

    // An empty path keeps the values in memory only.
    explicit Store(std::filesystem::path file = {}) : file_(std::move(file)) {}

    // Reads the file if there is one. A damaged line is skipped and named in `error`.
    bool load(std::string& error);
    const StoreValue* get(std::string_view key) const;
    // Sets the key (nullopt erases it) and writes the file. On failure nothing changes.
    bool set(const std::string& key, std::optional<StoreValue> value, std::string& error);
    std::size_t size() const { return values_.size(); }
    const std::filesystem::path& file() const { return file_; }

  private:
    bool save(std::string& error) const;
    std::size_t footprint() const;

    std::filesystem::path file_;
    std::map<std::string, StoreValue, std::less<>> values_;
};

} // namespace oh
