#include "store.h"

#include "long_path.h"
#include "store_file.h"
#include "text_file.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <system_error>
#include <vector>

namespace oh {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view header =
    "# OfflineHooks store: key <TAB> s|i|n|b <TAB> value; a later line wins; "
    "key <TAB> - <TAB> deletes\n";
// A store file larger than this is not read (a rewrite keeps it far smaller).
constexpr std::size_t max_file = std::size_t{64} << 20;

// The length of the valid UTF-8 sequence at s[i], or 0 when there is none.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned char c = b(0);
    std::size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((b(k) & 0xC0) != 0x80) return 0;
    if (n == 3 && ((c == 0xE0 && b(1) < 0xA0) || (c == 0xED && b(1) >= 0xA0))) return 0;
    if (n == 4 && ((c == 0xF0 && b(1) < 0x90) || (c == 0xF4 && b(1) >= 0x90))) return 0;
    return n;
}

// Escapes what would break a line, and bytes that are not UTF-8, so that the file is text.
void escape_into(std::string& out, std::string_view s) {
    static const char hex[] = "0123456789abcdef";
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            if (const std::size_t n = utf8_length(s, i)) {
                out.append(s.substr(i, n));
                i += n - 1;
                continue;
            }
        }
        if (c == '\\')
            out += "\\\\";
        else if (c == '\t')
            out += "\\t";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c < 0x20 || c == 0x7f || c >= 0x80) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else
            out += static_cast<char>(c);
    }
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> unescape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\') {
            out += s[i];
            continue;
        }
        if (++i >= s.size()) return std::nullopt;
        const char e = s[i];
        if (e == '\\' || e == 't' || e == 'n' || e == 'r') {
            out += e == '\\' ? '\\' : e == 't' ? '\t' : e == 'n' ? '\n' : '\r';
            continue;
        }
        if (e != 'x') return std::nullopt;
        const int hi = i + 1 < s.size() ? hex_digit(s[i + 1]) : -1;
        const int lo = i + 2 < s.size() ? hex_digit(s[i + 2]) : -1;
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

void format_value_into(std::string& out, const StoreValue& v) {
    if (const bool* b = std::get_if<bool>(&v)) {
        out += *b ? "b\ttrue" : "b\tfalse";
    } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
        out += "i\t" + std::to_string(*i);
    } else if (const double* d = std::get_if<double>(&v)) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.17g", *d);
        out += "n\t";
        out += buf;
    } else {
        out += "s\t";
        escape_into(out, std::get<std::string>(v));
    }
}

// One line of the log: the key set to `v`, or deleted (nullopt).
std::string line_for(std::string_view key, const std::optional<StoreValue>& v) {
    std::string out;
    escape_into(out, key);
    out += '\t';
    if (v)
        format_value_into(out, *v);
    else
        out += "-\t";
    out += '\n';
    return out;
}

std::optional<StoreValue> parse_value(std::string_view type, std::string_view text) {
    if (type == "b" && (text == "true" || text == "false")) return StoreValue{text == "true"};
    if (type == "i") {
        std::int64_t i = 0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
        if (ec == std::errc() && p == text.data() + text.size()) return StoreValue{i};
    }
    if (type == "n") {
        const std::string t(text);
        char* end = nullptr;
        const double d = std::strtod(t.c_str(), &end);
        if (!t.empty() && end == t.c_str() + t.size()) return StoreValue{d};
    }
    if (type == "s") {
        if (auto s = unescape(text)) return StoreValue{std::move(*s)};
    }
    return std::nullopt;
}

std::size_t value_size(const StoreValue& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return s->size();
    return 8;
}

struct Parsed {
    std::map<std::string, StoreValue, std::less<>> values;
    std::string bad;  // "3, 7": the damaged lines
    bool cut = false; // the last line has no newline: a write cut short
};

// Applies one line; false when it is damaged.
bool apply_line(std::string_view line, Parsed& out) {
    const auto t1 = line.find('\t');
    const auto t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string_view::npos) return false;
    auto key = unescape(line.substr(0, t1));
    if (!key) return false;
    const auto type = line.substr(t1 + 1, t2 - t1 - 1);
    if (type == "-" && t2 + 1 == line.size()) {
        out.values.erase(*key);
        return true;
    }
    auto value = parse_value(type, line.substr(t2 + 1));
    if (!value) return false;
    out.values.insert_or_assign(std::move(*key), std::move(*value));
    return true;
}

Parsed parse(std::string_view text) {
    Parsed out;
    std::size_t number = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        ++number;
        const auto nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        if (nl == std::string_view::npos) out.cut = true;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1); // saved by an editor
        if (line.empty() || line[0] == '#') continue;
        if (nl != std::string_view::npos && apply_line(line, out)) continue;
        out.bad += (out.bad.empty() ? "" : ", ") + std::to_string(number);
    }
    return out;
}

} // namespace

void Store::recount() {
    footprint_ = 0;
    live_bytes_ = header.size();
    for (const auto& [k, v] : values_) {
        footprint_ += k.size() + value_size(v);
        live_bytes_ += line_for(k, v).size();
    }
}

// Reads the file into values_; the caller holds the lock. Damage is kept aside, then the
// file is rewritten clean; when it cannot be kept aside the file is left as it is.
Status Store::read_file() {
    std::error_code ec;
    const auto status = fs::status(os_path(file_), ec);
    if (status.type() == fs::file_type::not_found) {
        values_.clear();
        recount();
        file_bytes_ = 0;
        return {};
    }
    const Result<TextFile> read = read_text_file(file_, max_file);
    if (!read.ok()) {
        unusable_ = read.error();
        return fail(read.error());
    }
    const TextFile& text = read.value();
    Parsed parsed = parse(text.text);
    values_ = std::move(parsed.values);
    recount();
    file_bytes_ = text.text.size();
    if (parsed.bad.empty()) return {};

    std::string report;
    if (!keep_damage(parsed.bad, parsed.cut, report)) return fail(std::move(report));
    damage_kept_ = true;
    std::string rewrite;
    compact(rewrite, true);
    if (!rewrite.empty()) report += "; " + rewrite;
    return fail(std::move(report));
}

// Keeps the file with the damaged lines `bad` aside (the caller holds the lock) and says so
// in `report`. When it cannot be, the file is never rewritten (it only grows): false.
bool Store::keep_damage(const std::string& bad, bool cut, std::string& report) {
    report = path_to_utf8(file_) + ": damaged line(s) " + bad + " skipped";
    const Result<fs::path> aside = keep_aside(file_);
    if (!aside.ok()) {
        damage_kept_ = false;
        needs_newline_ = cut;
        report += "; " + aside.error() + ", so the file is left as it is (it only grows)";
        return false;
    }
    report += "; the file as it was is kept in " + path_to_utf8(aside.value());
    return true;
}

Status Store::load() {
    values_.clear();
    recount();
    if (file_.empty()) return {};
    StoreLock lock(file_);
    remove_stale_temps(file_);
    return read_file();
}

const StoreValue* Store::get(std::string_view key) const {
    auto it = values_.find(key);
    return it == values_.end() ? nullptr : &it->second;
}

// Rewrites the log as one line per key, from what the file holds now (other processes'
// lines included); the caller holds the lock. Damage found on the way is kept aside first
// (unless the caller just did); when it cannot be, the file is left alone. Anything worth
// logging goes to `notice`.
void Store::compact(std::string& notice, bool damage_just_kept) {
    if (!damage_kept_) return;
    TextFile now;
    std::error_code ec;
    if (fs::exists(os_path(file_), ec)) {
        Result<TextFile> read = read_text_file(file_, max_file);
        if (!read.ok()) {
            notice = read.error();
            return;
        }
        now = std::move(read).value();
    }
    Parsed parsed = parse(now.text);
    if (!parsed.bad.empty() && !damage_just_kept && !keep_damage(parsed.bad, parsed.cut, notice))
        return;
    values_ = std::move(parsed.values);
    recount();
    std::string text(header);
    text.reserve(static_cast<std::size_t>(live_bytes_));
    for (const auto& [k, v] : values_) text += line_for(k, v);
    if (const Status replaced = replace_file(file_, text); !replaced.ok()) {
        notice += (notice.empty() ? "" : "; ") + replaced.error();
        file_bytes_ = now.text.size();
        return;
    }
    file_bytes_ = text.size();
    needs_newline_ = false;
}

Status Store::set(const std::string& key, std::optional<StoreValue> value) {
    notice_.clear();
    if (key.empty() || key.size() > max_key) {
        return fail("store keys must be 1 to " + std::to_string(max_key) + " bytes long");
    }
    if (value && value_size(*value) > max_string) {
        return fail("store strings may be at most " + std::to_string(max_string / 1024) + " KiB");
    }
    if (!unusable_.empty()) return fail(unusable_);
    auto it = values_.find(key);
    const std::size_t old_size = it == values_.end() ? 0 : key.size() + value_size(it->second);
    const std::size_t new_size = value ? key.size() + value_size(*value) : 0;
    if (footprint_ - old_size + new_size > max_total && new_size > old_size) {
        return fail("the store is full (at most " + std::to_string(max_total / 1024) +
                    " KiB per script)");
    }
    if (it == values_.end() && !value) return {}; // deleting what is not there
    const std::string line = line_for(key, value);
    const std::uintmax_t old_line = it == values_.end() ? 0 : line_for(key, it->second).size();
    const auto commit = [&] {
        footprint_ = footprint_ - old_size + new_size;
        live_bytes_ = live_bytes_ - old_line + (value ? line.size() : 0);
        if (value)
            values_.insert_or_assign(key, std::move(*value));
        else
            values_.erase(key);
    };
    if (file_.empty()) {
        commit();
        return {};
    }
    if (file_bytes_ == 0) {
        std::error_code ec; // a failure shows as the write's own error below
        fs::create_directories(os_path(file_.parent_path()), ec);
    }
    StoreLock lock(file_);
    if (lock.busy()) {
        return fail("cannot write " + path_to_utf8(file_) + ": another process holds its lock");
    }
    std::string text;
    if (file_bytes_ == 0) text = header;
    if (needs_newline_) text += '\n';
    text += line;
    if (Status appended = append_to_file(file_, text, file_bytes_); !appended.ok()) return appended;
    needs_newline_ = false;
    commit();
    if (file_bytes_ > 2 * live_bytes_ + compact_slack) compact(notice_, false);
    return {};
}

} // namespace oh
