#include "json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <system_error>

namespace oh {

namespace {

constexpr const char* replacement_char = "\xEF\xBF\xBD"; // U+FFFD in UTF-8

unsigned byte_at(std::string_view s, std::size_t i) {
    return static_cast<unsigned char>(s[i]);
}

// Length (2..4) of the well-formed UTF-8 sequence starting with a non-ASCII byte at s[i], or
// 0 when it is not one: the table of well-formed byte sequences in the Unicode standard
// (chapter 3), which excludes overlong forms, surrogates and code points above U+10FFFF.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const unsigned lead = byte_at(s, i);
    std::size_t n = 0;
    unsigned lo = 0x80, hi = 0xBF; // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        n = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        n = 3;
        if (lead == 0xE0) lo = 0xA0; // overlong
        if (lead == 0xED) hi = 0x9F; // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        n = 4;
        if (lead == 0xF0) lo = 0x90; // overlong
        if (lead == 0xF4) hi = 0x8F; // above U+10FFFF
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    if (byte_at(s, i + 1) < lo || byte_at(s, i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if ((byte_at(s, i + k) & 0xC0) != 0x80) return 0;
    return n;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    auto put = [&out](std::uint32_t b) { out.push_back(static_cast<char>(b)); };
    if (cp < 0x80) {
        put(cp);
    } else if (cp < 0x800) {
        put(0xC0 | (cp >> 6));
        put(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        put(0xE0 | (cp >> 12));
        put(0x80 | ((cp >> 6) & 0x3F));
        put(0x80 | (cp & 0x3F));
    } else {
        put(0xF0 | (cp >> 18));
        put(0x80 | ((cp >> 12) & 0x3F));
        put(0x80 | ((cp >> 6) & 0x3F));
        put(0x80 | (cp & 0x3F));
    }
}

// Appends an ASCII character of a string, escaped as JSON requires.
void append_escaped_ascii(std::string& out, char c) {
    switch (c) {
    case '"':
        out += "\\\"";
        return;
    case '\\':
        out += "\\\\";
        return;
    case '\n':
        out += "\\n";
        return;
    case '\r':
        out += "\\r";
        return;
    case '\t':
        out += "\\t";
        return;
    default:
        break;
    }
    if (static_cast<unsigned char>(c) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(c));
        out += buf;
    } else {
        out += c;
    }
}

} // namespace

// ---- Writer -------------------------------------------------------------------------------

void json_append_string(std::string& out, std::string_view s) {
    out += '"';
    std::size_t i = 0;
    while (i < s.size()) {
        // A run of printable ASCII other than '"' and '\\' goes in whole.
        std::size_t plain = i;
        while (plain < s.size() && byte_at(s, plain) >= 0x20 && byte_at(s, plain) < 0x80 &&
               s[plain] != '"' && s[plain] != '\\')
            ++plain;
        if (plain > i) {
            out.append(s.substr(i, plain - i));
            i = plain;
            continue;
        }
        if (byte_at(s, i) < 0x80) {
            append_escaped_ascii(out, s[i]);
            ++i;
            continue;
        }
        const std::size_t n = utf8_length(s, i);
        if (n == 0) {
            out += replacement_char; // one per invalid byte, then resynchronise
            ++i;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    out += '"';
}

std::string json_quote(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    json_append_string(out, s);
    return out;
}

void json_append_integer(std::string& out, std::int64_t v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void json_append_integer(std::string& out, std::uint64_t v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void json_append_number(std::string& out, double v) {
    if (!std::isfinite(v)) {
        out += "null"; // JSON has no NaN or infinity
        return;
    }
    // Whole numbers below 1e15 print as integers ("3", not "3e+00"); every such double is
    // exactly an int64.
    if (v == std::trunc(v) && std::fabs(v) < 1e15) {
        json_append_integer(out, static_cast<std::int64_t>(v));
        return;
    }
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v); // shortest round-trip form
    out.append(buf, r.ptr);
}

void JsonObject::append_key(std::string_view key) {
    if (!body_.empty()) body_ += ',';
    json_append_string(body_, key);
    body_ += ':';
}

JsonObject& JsonObject::add(std::string_view key, std::string_view value) {
    append_key(key);
    json_append_string(body_, value);
    return *this;
}

JsonObject& JsonObject::add(std::string_view key, const char* value) {
    return add(key, std::string_view(value));
}

JsonObject& JsonObject::add(std::string_view key, bool value) {
    append_key(key);
    body_ += value ? "true" : "false";
    return *this;
}

JsonObject& JsonObject::add(std::string_view key, double value) {
    append_key(key);
    json_append_number(body_, value);
    return *this;
}

JsonObject& JsonObject::add(std::string_view key, const JsonObject& value) {
    return add_raw(key, value.str());
}

JsonObject& JsonObject::add_null(std::string_view key) {
    return add_raw(key, "null");
}

JsonObject& JsonObject::add_raw(std::string_view key, std::string_view json) {
    append_key(key);
    body_ += json;
    return *this;
}

// ---- Values -------------------------------------------------------------------------------

const JsonValue* JsonValue::get(std::string_view key) const {
    for (const auto& [name, value] : object_)
        if (name == key) return &value;
    return nullptr;
}

const JsonValue* JsonValue::at(std::size_t i) const {
    return i < array_.size() ? &array_[i] : nullptr;
}

std::size_t JsonValue::size() const {
    if (type_ == Type::array) return array_.size();
    if (type_ == Type::object) return object_.size();
    return 0;
}

const char* to_string(JsonValue::Type t) {
    switch (t) {
    case JsonValue::Type::null:
        return "null";
    case JsonValue::Type::boolean:
        return "boolean";
    case JsonValue::Type::number:
        return "number";
    case JsonValue::Type::string:
        return "string";
    case JsonValue::Type::array:
        return "array";
    case JsonValue::Type::object:
        return "object";
    }
    return "null";
}

namespace {

void serialize(std::string& out, const JsonValue& v) {
    switch (v.type()) {
    case JsonValue::Type::null:
        out += "null";
        return;
    case JsonValue::Type::boolean:
        out += v.as_bool() ? "true" : "false";
        return;
    case JsonValue::Type::number:
        json_append_number(out, v.as_number());
        return;
    case JsonValue::Type::string:
        json_append_string(out, v.as_string());
        return;
    case JsonValue::Type::array:
        out += '[';
        for (std::size_t i = 0; i < v.as_array().size(); ++i) {
            if (i) out += ',';
            serialize(out, v.as_array()[i]);
        }
        out += ']';
        return;
    case JsonValue::Type::object:
        out += '{';
        for (std::size_t i = 0; i < v.as_object().size(); ++i) {
            if (i) out += ',';
            json_append_string(out, v.as_object()[i].first);
            out += ':';
            serialize(out, v.as_object()[i].second);
        }
        out += '}';
        return;
    }
}

} // namespace

std::string json_serialize(const JsonValue& v) {
    std::string out;
    serialize(out, v);
    return out;
}

// ---- Reader -------------------------------------------------------------------------------

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// For a number from_chars found out of range: true when it is too small (it then reads as
// 0, as any double-based reader would round it), false when too large. Decides from the
// decimal order of magnitude: position of the first significant digit plus the exponent.
bool underflows(std::string_view num) {
    std::size_t i = num[0] == '-' ? 1 : 0;
    long long order = 0;
    if (num[i] != '0') {
        const std::size_t start = i;
        while (i < num.size() && is_digit(num[i])) ++i;
        order = static_cast<long long>(i - start) - 1;
    } else {
        ++i;
        if (i < num.size() && num[i] == '.') {
            ++i;
            long long zeros = 0;
            for (; i < num.size() && num[i] == '0'; ++i) ++zeros;
            order = -(zeros + 1);
        }
    }
    while (i < num.size() && num[i] != 'e' && num[i] != 'E') ++i;
    if (i == num.size()) return order < 0;
    ++i;
    const bool negative = num[i] == '-';
    if (num[i] == '+' || num[i] == '-') ++i;
    long long exponent = 0;
    for (; i < num.size(); ++i) exponent = std::min(exponent * 10 + (num[i] - '0'), 1000000000LL);
    return order + (negative ? -exponent : exponent) < 0;
}

constexpr const char* expected_value =
    "expected a JSON value (object, array, string, number, true, false or null)";

class Parser {
  public:
    explicit Parser(std::string_view text) : text_(text) {}

    std::optional<JsonValue> document(std::string& error) {
        JsonValue v;
        skip_space();
        bool ok = value(v, 0);
        if (ok) {
            skip_space();
            if (pos_ < text_.size())
                ok = fail("unexpected " + describe(pos_) + " after the JSON value", pos_);
        }
        if (!ok) {
            error = error_;
            return std::nullopt;
        }
        return v;
    }

  private:
    bool at_end() const { return pos_ >= text_.size(); }
    bool peek(char c) const { return !at_end() && text_[pos_] == c; }

    bool fail(std::string message, std::size_t at) {
        error_ = std::move(message) + " at byte offset " + std::to_string(at);
        return false;
    }

    // What is at `at`, for messages: 'x', byte 0xNN, or end of input.
    std::string describe(std::size_t at) const {
        if (at >= text_.size()) return "end of input";
        const unsigned c = byte_at(text_, at);
        if (c > 0x20 && c < 0x7F) return std::string("'") + text_[at] + "'";
        char buf[16];
        std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
        return buf;
    }

    void skip_space() {
        while (!at_end()) {
            const char c = text_[pos_];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            ++pos_;
        }
    }

    bool value(JsonValue& out, int depth) {
        if (at_end() || !starts_value(text_[pos_]))
            return fail(std::string(expected_value) + ", got " + describe(pos_), pos_);
        switch (text_[pos_]) {
        case '{':
            return object(out, depth + 1);
        case '[':
            return array(out, depth + 1);
        case '"':
            return string_value(out);
        case 't':
            return literal("true", JsonValue(true), out);
        case 'f':
            return literal("false", JsonValue(false), out);
        case 'n':
            return literal("null", JsonValue(), out);
        default:
            return number(out);
        }
    }

    static bool starts_value(char c) {
        return c == '{' || c == '[' || c == '"' || c == 't' || c == 'f' || c == 'n' || c == '-' ||
               is_digit(c);
    }

    bool literal(std::string_view word, JsonValue v, JsonValue& out) {
        if (text_.substr(pos_, word.size()) != word)
            return fail("invalid literal, expected " + std::string(word), pos_);
        pos_ += word.size();
        out = std::move(v);
        return true;
    }

    bool enter(int depth) {
        if (depth <= json_max_depth) return true;
        return fail("nesting deeper than " + std::to_string(json_max_depth) + " levels", pos_);
    }

    bool array(JsonValue& out, int depth) {
        if (!enter(depth)) return false;
        ++pos_; // '['
        JsonValue::Array items;
        skip_space();
        while (!peek(']')) {
            JsonValue item;
            if (!value(item, depth)) return false;
            items.push_back(std::move(item));
            skip_space();
            if (peek(',')) {
                ++pos_;
                skip_space();
                if (peek(']')) return fail("trailing comma before ']'", pos_);
            } else if (!peek(']')) {
                return fail("expected ',' or ']' after an array element, got " + describe(pos_),
                            pos_);
            }
        }
        ++pos_;
        out = JsonValue(std::move(items));
        return true;
    }

    bool object(JsonValue& out, int depth) {
        if (!enter(depth)) return false;
        ++pos_; // '{'
        JsonValue::Object members;
        std::vector<std::size_t> key_offsets;
        skip_space();
        while (!peek('}')) {
            if (!member(members, key_offsets, depth)) return false;
            skip_space();
            if (peek(',')) {
                ++pos_;
                skip_space();
                if (peek('}')) return fail("trailing comma before '}'", pos_);
            } else if (!peek('}')) {
                return fail("expected ',' or '}' after an object member, got " + describe(pos_),
                            pos_);
            }
        }
        ++pos_;
        if (!unique_keys(members, key_offsets)) return false;
        out = JsonValue(std::move(members));
        return true;
    }

    bool member(JsonValue::Object& members, std::vector<std::size_t>& key_offsets, int depth) {
        if (!peek('"')) return fail("expected a key in double quotes, got " + describe(pos_), pos_);
        key_offsets.push_back(pos_);
        std::string key;
        if (!quoted(key)) return false;
        skip_space();
        if (!peek(':'))
            return fail("expected ':' after the key " + json_quote(key) + ", got " + describe(pos_),
                        pos_);
        ++pos_;
        skip_space();
        JsonValue v;
        if (!value(v, depth)) return false;
        members.emplace_back(std::move(key), std::move(v));
        return true;
    }

    // Sorting indices keeps this O(n log n) for objects with many keys.
    bool unique_keys(const JsonValue::Object& members, const std::vector<std::size_t>& offsets) {
        std::vector<std::size_t> order(members.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return members[a].first < members[b].first;
        });
        std::size_t first_dup = members.size();
        for (std::size_t i = 1; i < order.size(); ++i)
            if (members[order[i]].first == members[order[i - 1]].first)
                first_dup = std::min(first_dup, order[i]);
        if (first_dup == members.size()) return true;
        return fail("duplicate key " + json_quote(members[first_dup].first), offsets[first_dup]);
    }

    bool string_value(JsonValue& out) {
        std::string s;
        if (!quoted(s)) return false;
        out = JsonValue(std::move(s));
        return true;
    }

    bool quoted(std::string& out) {
        const std::size_t start = pos_++;
        for (;;) {
            if (at_end()) return fail("unterminated string starting", start);
            const unsigned c = byte_at(text_, pos_);
            if (c == '"') {
                ++pos_;
                return true;
            }
            if (c == '\\') {
                if (!escape(out, start)) return false;
            } else if (c < 0x20) {
                return fail("unescaped control character " + describe(pos_) + " in a string", pos_);
            } else if (c < 0x80) {
                out += text_[pos_++];
            } else if (!utf8(out)) {
                return false;
            }
        }
    }

    bool utf8(std::string& out) {
        const std::size_t n = utf8_length(text_, pos_);
        if (n == 0) return fail("invalid UTF-8 (" + describe(pos_) + ") in a string", pos_);
        out.append(text_.substr(pos_, n));
        pos_ += n;
        return true;
    }

    bool escape(std::string& out, std::size_t string_start) {
        const std::size_t at = pos_++; // '\'
        if (at_end()) return fail("unterminated string starting", string_start);
        const char c = text_[pos_++];
        switch (c) {
        case '"':
            out += '"';
            return true;
        case '\\':
            out += '\\';
            return true;
        case '/':
            out += '/';
            return true;
        case 'b':
            out += '\b';
            return true;
        case 'f':
            out += '\f';
            return true;
        case 'n':
            out += '\n';
            return true;
        case 'r':
            out += '\r';
            return true;
        case 't':
            out += '\t';
            return true;
        case 'u':
            return unicode_escape(out, at);
        default:
            return fail("invalid escape " + describe(at + 1) +
                            R"( (valid: \" \\ \/ \b \f \n \r \t \uXXXX))",
                        at);
        }
    }

    // After "\u": four hex digits.
    bool hex4(std::uint32_t& cp, std::size_t escape_at) {
        cp = 0;
        for (int k = 0; k < 4; ++k, ++pos_) {
            const int h = at_end() ? -1 : hex_value(text_[pos_]);
            if (h < 0) return fail(R"(expected 4 hex digits after \u)", escape_at);
            cp = cp * 16 + static_cast<std::uint32_t>(h);
        }
        return true;
    }

    // A code point above U+FFFF is written as a pair: \uD8xx-\uDBxx then \uDCxx-\uDFxx.
    bool unicode_escape(std::string& out, std::size_t at) {
        std::uint32_t cp = 0;
        if (!hex4(cp, at)) return false;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return fail("unpaired low surrogate", at);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            std::uint32_t low = 0;
            if (!low_surrogate(low, at)) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(out, cp);
        return true;
    }

    bool low_surrogate(std::uint32_t& low, std::size_t high_at) {
        const char* message =
            R"(unpaired high surrogate (expected a \uDC00-\uDFFF escape after it))";
        if (text_.substr(pos_, 2) != R"(\u)") return fail(message, high_at);
        const std::size_t low_at = pos_;
        pos_ += 2;
        if (!hex4(low, low_at)) return false;
        if (low < 0xDC00 || low > 0xDFFF) return fail(message, high_at);
        return true;
    }

    bool digits(const char* what) {
        if (at_end() || !is_digit(text_[pos_]))
            return fail(std::string("expected a digit ") + what + ", got " + describe(pos_), pos_);
        while (!at_end() && is_digit(text_[pos_])) ++pos_;
        return true;
    }

    bool number(JsonValue& out) {
        const std::size_t start = pos_;
        if (peek('-')) ++pos_;
        if (peek('0')) {
            ++pos_;
            if (!at_end() && is_digit(text_[pos_]))
                return fail("leading zeros are not allowed in a number", start);
        } else if (!digits("in a number")) {
            return false;
        }
        if (peek('.')) {
            ++pos_;
            if (!digits("after the decimal point")) return false;
        }
        if (peek('e') || peek('E')) {
            ++pos_;
            if (peek('+') || peek('-')) ++pos_;
            if (!digits("in the exponent")) return false;
        }
        return convert(text_.substr(start, pos_ - start), start, out);
    }

    bool convert(std::string_view num, std::size_t start, JsonValue& out) {
        double v = 0.0;
        const auto r = std::from_chars(num.data(), num.data() + num.size(), v);
        if (r.ec == std::errc::result_out_of_range && underflows(num)) {
            v = num[0] == '-' ? -0.0 : 0.0;
        } else if (r.ec != std::errc() || r.ptr != num.data() + num.size()) {
            return fail("number too large for a double", start);
        }
        out = JsonValue(v);
        return true;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    std::string error_;
};

} // namespace

std::optional<JsonValue> json_parse(std::string_view text, std::string& error) {
    return Parser(text).document(error);
}

} // namespace oh
