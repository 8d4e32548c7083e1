#include "json.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <utility>
#include <vector>

namespace oh {

std::string json_dump(const Json& v) {
    return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string json_quote(std::string_view s) {
    return json_dump(Json(std::string(s)));
}

std::string json_quote_short(std::string_view s) {
    constexpr std::size_t max_shown = 40;
    if (s.size() <= max_shown) return json_quote(s);
    return json_quote(s.substr(0, max_shown)) + "...";
}

Json json_number(double v) {
    if (!std::isfinite(v)) return nullptr;
    // Every whole double below 1e15 is exactly an int64; nlohmann would write 3.0 as "3.0".
    if (v == std::trunc(v) && std::fabs(v) < 1e15) return static_cast<std::int64_t>(v);
    return v;
}

std::string JsonError::str() const {
    if (!has_position) return what;
    return what + " at line " + std::to_string(line) + ", column " + std::to_string(column);
}

namespace {

// Refusals of our own, thrown from the parser callback.
struct Refused {
    std::string what;
};

// The parser callback: refuses a key given twice in one object and nesting deeper than
// json_max_depth. It keeps the keys of each object still open.
class Checks {
  public:
    bool operator()(int depth, Json::parse_event_t event, Json& parsed) {
        switch (event) {
        case Json::parse_event_t::object_start:
            keys_.emplace_back();
            [[fallthrough]];
        case Json::parse_event_t::array_start:
            if (depth >= json_max_depth)
                throw Refused{"nesting deeper than " + std::to_string(json_max_depth) + " levels"};
            break;
        case Json::parse_event_t::object_end:
            keys_.pop_back();
            break;
        case Json::parse_event_t::key:
            if (!keys_.back().insert(parsed.get_ref<const std::string&>()).second)
                throw Refused{"duplicate key " + json_quote(parsed.get_ref<const std::string&>())};
            break;
        default:
            break;
        }
        return true; // keep every value
    }

  private:
    std::vector<std::set<std::string>> keys_;
};

// nlohmann's message without its "[json.exception.parse_error.101] parse error at line 1,
// column 9: " prefix (JsonError says where), and with a long "last read" cut to its end:
// the token read so far may be a whole 64 KiB line.
std::string plain_message(std::string_view m) {
    if (m.substr(0, 16) == "[json.exception.") {
        const auto end = m.find("] ");
        if (end != std::string_view::npos) m.remove_prefix(end + 2);
    }
    if (m.substr(0, 11) == "parse error") {
        const auto colon = m.find(": ");
        if (colon != std::string_view::npos) m.remove_prefix(colon + 2);
    }
    std::string out(m);
    constexpr std::string_view last_read = "last read: '";
    constexpr std::size_t max_shown = 40;
    const auto from = out.find(last_read);
    if (from == std::string::npos) return out;
    const std::size_t start = from + last_read.size();
    std::size_t end = out.rfind("'; expected");
    if (end == std::string::npos || end < start) end = out.size() - 1;
    if (end <= start + max_shown) return out;
    std::size_t keep = end - max_shown; // not inside a UTF-8 sequence
    while (keep < end && (static_cast<unsigned char>(out[keep]) & 0xC0) == 0x80) ++keep;
    out.replace(start, keep - start, "...");
    return out;
}

void locate(std::string_view text, std::size_t byte, JsonError& error) {
    // nlohmann counts the bytes read, the offending one included (and the end of input).
    error.offset = std::min(byte > 0 ? byte - 1 : 0, text.size());
    const std::string_view before = text.substr(0, error.offset);
    error.line = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
    const auto nl = before.rfind('\n');
    error.column = error.offset - (nl == std::string_view::npos ? 0 : nl + 1) + 1;
    error.has_position = true;
}

} // namespace

std::optional<Json> json_parse(std::string_view text, JsonError& error) {
    error = JsonError{};
    std::optional<Json> v;
    try {
        v = Json::parse(text.begin(), text.end(), Checks{}, /*allow_exceptions=*/true,
                        /*ignore_comments=*/false);
    } catch (const Refused& r) {
        error.what = r.what;
    } catch (const Json::parse_error& e) {
        error.what = plain_message(e.what());
        locate(text, e.byte, error);
    } catch (const Json::exception& e) { // a number too large for a double
        error.what = plain_message(e.what());
    }
    // nlohmann takes a NUL byte for the end of the input: what follows it would be ignored.
    // A NUL is never valid in JSON text (in a string it must be written \u0000).
    const std::size_t nul = text.find('\0');
    if (nul != std::string_view::npos && (v || (error.has_position && error.offset >= nul))) {
        error.what = "a NUL byte (JSON text has none; in a string it is written \\u0000)";
        locate(text, nul + 1, error);
        v.reset();
    }
    return v;
}

} // namespace oh
