#include "store.h"

#include "long_path.h"
#include "text_file.h"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

namespace oh {

namespace {

void escape_into(std::string& out, std::string_view s) {
    static const char hex[] = "0123456789abcdef";
    for (unsigned char c : s) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\t')
            out += "\\t";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c < 0x20 || c == 0x7f) {
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
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\') {
            out += s[i];
            continue;
        }
        if (++i >= s.size()) return std::nullopt;
        switch (s[i]) {
        case '\\':
            out += '\\';
            break;
        case 't':
            out += '\t';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 'x': {
            const int hi = i + 1 < s.size() ? hex_digit(s[i + 1]) : -1;
            const int lo = i + 2 < s.size() ? hex_digit(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) return std::nullopt;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
            break;
        }
        default:
            return std::nullopt;
        }
    }
    return out;
}

std::string format_value(const StoreValue& v) {
    std::string out;
    if (const bool* b = std::get_if<bool>(&v)) {
        out = *b ? "b\ttrue" : "b\tfalse";
    } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
        out = "i\t" + std::to_string(*i);
    } else if (const double* d = std::get_if<double>(&v)) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.17g", *d);
        out = std::string("n\t") + buf;
    } else {
        out = "s\t";
        escape_into(out, std::get<std::string>(v));
    }
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

} // namespace

bool Store::load(std::string& error) {
    values_.clear();
    if (file_.empty()) return true;
    std::ifstream in(os_path(file_), std::ios::binary);
    if (!in) return true; // no file yet: an empty store
    std::string line;
    int number = 0;
    std::string bad;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty() || line[0] == '#') continue;
        const auto t1 = line.find('\t');
        const auto t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
        std::optional<std::string> key;
        std::optional<StoreValue> value;
        if (t2 != std::string::npos) {
            key = unescape(std::string_view(line).substr(0, t1));
            value = parse_value(std::string_view(line).substr(t1 + 1, t2 - t1 - 1),
                                std::string_view(line).substr(t2 + 1));
        }
        if (!key || !value) {
            bad += (bad.empty() ? "" : ", ") + std::to_string(number);
            continue;
        }
        values_[*key] = std::move(*value);
    }
    if (!bad.empty()) {
        error = path_to_utf8(file_) + ": skipped damaged line(s) " + bad;
        return false;
    }
    return true;
}

const StoreValue* Store::get(std::string_view key) const {
    auto it = values_.find(key);
    return it == values_.end() ? nullptr : &it->second;
}

std::size_t Store::footprint() const {
    std::size_t n = 0;
    for (const auto& [k, v] : values_) n += k.size() + value_size(v);
    return n;
}

bool Store::set(const std::string& key, std::optional<StoreValue> value, std::string& error) {
    if (key.empty() || key.size() > max_key) {
        error = "store keys must be 1 to " + std::to_string(max_key) + " bytes long";
        return false;
    }
    if (value && value_size(*value) > max_string) {
        error = "store strings may be at most " + std::to_string(max_string / 1024) + " KiB";
        return false;
    }
    auto it = values_.find(key);
    std::optional<StoreValue> previous;
    if (it != values_.end()) previous = it->second;
    if (value)
        values_[key] = *value;
    else if (it != values_.end())
        values_.erase(it);
    if (footprint() > max_total) {
        error =
            "the store is full (at most " + std::to_string(max_total / 1024) + " KiB per script)";
    } else if (save(error)) {
        return true;
    }
    // Put things back as they were.
    if (previous)
        values_[key] = *previous;
    else
        values_.erase(key);
    return false;
}

bool Store::save(std::string& error) const {
    if (file_.empty()) return true;
    std::error_code ec;
    std::filesystem::create_directories(os_path(file_.parent_path()), ec);
    std::string text = "# OfflineHooks store: key <TAB> s|i|n|b <TAB> value\n";
    for (const auto& [k, v] : values_) {
        escape_into(text, k);
        text += '\t';
        text += format_value(v);
        text += '\n';
    }
    std::filesystem::path tmp = file_;
    tmp += ".tmp";
    {
        std::ofstream out(os_path(tmp), std::ios::binary | std::ios::trunc);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.flush();
        if (!out) {
            error = "cannot write " + path_to_utf8(tmp) + ": " + std::strerror(errno);
            return false;
        }
    }
    std::filesystem::rename(os_path(tmp), os_path(file_), ec);
    if (ec) {
        error = "cannot replace " + path_to_utf8(file_) + ": " + ec.message();
        return false;
    }
    return true;
}

} // namespace oh
