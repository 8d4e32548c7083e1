// The journal's line format, both ways: the line the writer makes of a notification, and the
// entry the reader makes of a line, with a message naming the field when it cannot.
#include "journal.h"

#include "json.h"

#include <cmath>
#include <cstdio>
#include <optional>
#include <utility>

namespace oh {

std::string format_journal_line(const Notification& n, double unix_time) {
    Json o = {{"time", json_number(unix_time)},
              {"seq", n.seq},
              {"phase", to_string(n.phase)},
              {"old", to_string(n.old_state)},
              {"new", to_string(n.new_state)},
              {"token", n.token},
              {"raw",
               {{"size", n.raw_size},
                {"type", n.raw_type},
                {"mask", n.raw_mask},
                {"old", n.raw_old},
                {"new", n.raw_new}}}};
    if (n.coalesced > 0) o["coalesced"] = n.coalesced;
    // Optional: older journals have none, and replay then plays "unknown".
    if (n.mode != ConnectionMode::unknown) o["mode"] = to_string(n.mode);
    return json_dump(o) + '\n';
}

namespace {

constexpr double max_seq = 9007199254740992.0; // 2^53: larger integers are not exact
constexpr double max_u32 = 4294967295.0;

// MAPIOFFLINE_NOTIFY values (see shared/docs/offline-state-api.md), for journals written by
// hand without "raw": what Outlook sends for a valid online/offline change.
constexpr std::uint32_t notify_size = 24;       // sizeof(MAPIOFFLINE_NOTIFY)
constexpr std::uint32_t offline_state_mask = 3; // MAPIOFFLINE_STATE_OFFLINE_MASK

std::uint32_t notify_type(Phase p) { // MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_START/ /_DONE
    return p == Phase::start ? 1 : p == Phase::change ? 2 : 3;
}

std::uint32_t state_value(State s) { // MAPIOFFLINE_STATE_OFFLINE / _ONLINE
    return s == State::offline ? 1 : s == State::online ? 2 : 0;
}

// The value as it appears in the line, shortened for a message.
std::string shown(const Json& v) {
    std::string text = json_dump(v);
    if (text.size() > 40) text = text.substr(0, 40) + "...";
    return text;
}

// The whole number `v` holds, when it is one from 0 to `max` (written as 7, or as 7.0 or 7e0).
std::optional<std::uint64_t> whole_number(const Json& v, double max) {
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        if (u <= static_cast<std::uint64_t>(max)) return u;
    } else if (v.is_number_integer()) {
        // nlohmann reads "-0" (and only it, of the numbers we accept) as a signed integer.
        if (v.get<std::int64_t>() == 0) return 0;
    } else if (v.is_number_float()) {
        const auto d = v.get<double>();
        if (d >= 0 && d <= max && std::trunc(d) == d) return static_cast<std::uint64_t>(d);
    }
    return std::nullopt; // also a negative integer
}

// Reads the fields of one JSON object; a read that fails returns false and leaves why in
// error(), so that a chain of reads stops at the first wrong field.
class LineReader {
  public:
    explicit LineReader(const Json& object) : object_(object) {}

    const std::string& error() const { return error_; }

    const Json* find(std::string_view key) const {
        const auto it = object_.find(key);
        return it == object_.end() ? nullptr : &*it;
    }

    const Json* required(std::string_view key) {
        const Json* v = find(key);
        if (!v) error_ = "missing field " + json_quote(key);
        return v;
    }

    bool wrong(std::string_view key, std::string_view expected, const Json& got) {
        error_ = "field " + json_quote(key) + ": expected " + std::string(expected) + ", got " +
                 shown(got);
        return false;
    }

    bool number(std::string_view key, double& out) {
        const Json* v = required(key);
        if (!v) return false;
        if (!v->is_number()) return wrong(key, "a number", *v);
        out = v->get<double>();
        return true;
    }

    // A whole number from 0 to `max`; when absent, `out` keeps its value unless required.
    template <class T>
    bool whole(std::string_view key, T& out, double max, bool is_required) {
        const Json* v = find(key);
        if (!v) return !is_required || required(key);
        const std::optional<std::uint64_t> u = whole_number(*v, max);
        if (!u) {
            char range[64];
            std::snprintf(range, sizeof range, "a whole number from 0 to %.0f", max);
            return wrong(key, range, *v);
        }
        out = static_cast<T>(*u);
        return true;
    }

    template <class T>
    bool word(std::string_view key, std::optional<T> (*parse)(std::string_view),
              std::string_view expected, T& out) {
        const Json* v = required(key);
        if (!v) return false;
        const std::optional<T> parsed =
            v->is_string() ? parse(v->get_ref<const std::string&>()) : std::nullopt;
        if (!parsed) return wrong(key, expected, *v);
        out = *parsed;
        return true;
    }

  private:
    const Json& object_;
    std::string error_;
};

// Like parse_state, plus "unknown": the journal records the engine's view, which may be that.
std::optional<State> parse_journal_state(std::string_view s) {
    if (s == "unknown") return State::unknown;
    return parse_state(s);
}

// "mode" is optional (older journals have none): absent, the notification's mode is unknown.
bool read_mode(LineReader& r, Notification& n) {
    if (!r.find("mode")) return true;
    return r.word("mode", &parse_connection_mode,
                  R"(a connection mode such as "cached-disconnected" or "online")", n.mode);
}

Status read_raw(const Json& raw, Notification& n) {
    if (!raw.is_object()) return fail("field \"raw\": expected an object, got " + shown(raw));
    LineReader r(raw);
    const bool ok =
        r.whole("size", n.raw_size, max_u32, true) && r.whole("type", n.raw_type, max_u32, true) &&
        r.whole("mask", n.raw_mask, max_u32, true) && r.whole("old", n.raw_old, max_u32, true) &&
        r.whole("new", n.raw_new, max_u32, true);
    if (!ok) return fail("in \"raw\": " + r.error());
    return {};
}

void default_raw(Notification& n) {
    n.raw_size = notify_size;
    n.raw_type = notify_type(n.phase);
    n.raw_mask = offline_state_mask;
    n.raw_old = state_value(n.old_state);
    n.raw_new = state_value(n.new_state);
}

Result<JournalEntry> read_entry(const Json& object) {
    LineReader r(object);
    JournalEntry e;
    Notification& n = e.n;
    constexpr auto states = R"("online", "offline" or "unknown")";
    if (!r.number("time", e.time)) return fail(r.error());
    if (!(e.time >= 0 && e.time <= max_journal_time)) { // also NaN, if a parser ever lets one by
        r.wrong("time", "Unix seconds from 0 to 253402300799 (the year 9999)", object["time"]);
        return fail(r.error());
    }
    if (!r.whole("seq", n.seq, max_seq, true) ||
        !r.word("phase", &parse_phase, R"("start", "change" or "done")", n.phase) ||
        !r.word("old", &parse_journal_state, states, n.old_state) ||
        !r.word("new", &parse_journal_state, states, n.new_state) ||
        !r.whole("token", n.token, max_u32, false) ||
        !r.whole("coalesced", n.coalesced, max_seq, false) || !read_mode(r, n))
        return fail(r.error());
    if (const auto raw = object.find("raw"); raw != object.end()) {
        if (Status read = read_raw(*raw, n); !read.ok()) return fail(read.error());
    } else {
        default_raw(n);
    }
    return e;
}

} // namespace

Result<JournalEntry> parse_journal_line(std::string_view line) {
    JsonError json_error;
    const std::optional<Json> v = json_parse(line, json_error);
    if (!v) {
        // The reader names the line; a byte offset says where in it.
        std::string error = "not valid JSON: " + json_error.what;
        if (json_error.has_position)
            error += " at byte offset " + std::to_string(json_error.offset);
        return fail(std::move(error));
    }
    if (!v->is_object()) {
        return fail(std::string("expected a JSON object, got ") + v->type_name());
    }
    return read_entry(*v);
}

} // namespace oh
