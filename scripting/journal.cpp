#include "journal.h"

#include "json.h"
#include "long_path.h"
#include "text_file.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <system_error>
#include <utility>

#ifdef _WIN32
#include <share.h> // _SH_DENYNO: a C runtime header, not a Windows one
#endif

namespace oh {

namespace {

// Every line is far shorter (about 250 bytes at most), so a line always fits the buffer and
// reaches the file in the single write that fflush makes.
constexpr std::size_t write_buffer_size = 8192;

std::string display(const std::filesystem::path& p) {
    return path_to_utf8(p);
}

std::FILE* open_for_append(const std::filesystem::path& path) {
#ifdef _WIN32
    // Wide name: any user or folder name works. Shared: other programs (fakehost replay, a
    // log viewer) may read the journal while Outlook writes it.
    return _wfsopen(os_path(path).c_str(), L"a+b", _SH_DENYNO);
#else
    return std::fopen(path.c_str(), "a+b");
#endif
}

// True when the file is empty or its last byte is '\n'. A file left by a process killed
// mid-line is not, and the next line must then start on a fresh line, else it would be glued
// to the truncated one and lost with it.
bool ends_with_newline(std::FILE* f) {
    if (std::fseek(f, -1, SEEK_END) != 0) return true; // empty: no byte before the end
    const int last = std::fgetc(f);
    std::fseek(f, 0, SEEK_END); // switching from reading to writing needs a seek
    return last == '\n' || last == EOF;
}

} // namespace

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
    return json_dump(o) + '\n';
}

// ---- Writer -------------------------------------------------------------------------------

JournalWriter::~JournalWriter() {
    close();
}

JournalWriter::JournalWriter(JournalWriter&& other) noexcept
    : file_(std::exchange(other.file_, nullptr)), buffer_(std::move(other.buffer_)),
      broken_line_(other.broken_line_), path_(std::move(other.path_)),
      error_(std::move(other.error_)) {}

JournalWriter& JournalWriter::operator=(JournalWriter&& other) noexcept {
    if (this != &other) {
        close();
        file_ = std::exchange(other.file_, nullptr);
        buffer_ = std::move(other.buffer_);
        broken_line_ = other.broken_line_;
        path_ = std::move(other.path_);
        error_ = std::move(other.error_);
    }
    return *this;
}

void JournalWriter::close() {
    if (file_) std::fclose(file_); // before the buffer it uses is freed
    file_ = nullptr;
    buffer_.reset();
}

Status JournalWriter::open(const std::filesystem::path& path) {
    close();
    std::error_code ec;
    if (path.has_parent_path())
        std::filesystem::create_directories(os_path(path.parent_path()), ec);
    if (ec) {
        return fail("cannot create the folder " + display(path.parent_path()) + ": " +
                    ec.message());
    }
    // A FIFO would block the open until some reader came; a folder cannot be appended to.
    // Devices are fine: /dev/null is a fair way to say "no journal".
    const auto type = std::filesystem::status(path, ec).type();
    if (type == std::filesystem::file_type::fifo || type == std::filesystem::file_type::socket ||
        type == std::filesystem::file_type::directory) {
        return fail(
            "cannot open the journal " + display(path) + ": it is " +
            (type == std::filesystem::file_type::directory ? "a folder" : "a FIFO or socket") +
            ", not a file");
    }
    file_ = open_for_append(path);
    if (!file_) {
        return fail("cannot open the journal " + display(path) + ": " +
                    std::generic_category().message(errno));
    }
    path_ = display(path);
    error_.clear();
    buffer_ = std::make_unique<char[]>(write_buffer_size);
    std::setvbuf(file_, buffer_.get(), _IOFBF, write_buffer_size);
    broken_line_ = !ends_with_newline(file_);
    return {};
}

bool JournalWriter::append(const Notification& n, double unix_time) {
    if (!file_) return false;
    std::string line = format_journal_line(n, unix_time);
    if (broken_line_) line.insert(line.begin(), '\n'); // end the damaged line first
    errno = 0;
    const bool written = std::fwrite(line.data(), 1, line.size(), file_) == line.size();
    const bool flushed = std::fflush(file_) == 0;
    if (!(written && flushed))
        error_ = "cannot write the journal " + path_ + ": " +
                 (errno ? std::generic_category().message(errno) : std::string("write failed"));
    // After a failed write part of the line may be in the file: end it on the next append.
    broken_line_ = !(written && flushed);
    if (broken_line_) std::clearerr(file_);
    return !broken_line_;
}

// ---- Reader -------------------------------------------------------------------------------

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
    } else if (v.is_number_float()) {
        const auto d = v.get<double>();
        if (d >= 0 && d <= max && std::trunc(d) == d) return static_cast<std::uint64_t>(d);
    }
    return std::nullopt; // also a negative integer
}

class LineReader {
  public:
    LineReader(const Json& object, std::string& error) : object_(object), error_(error) {}

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
    std::string& error_;
};

// Like parse_state, plus "unknown": the journal records the engine's view, which may be that.
std::optional<State> parse_journal_state(std::string_view s) {
    if (s == "unknown") return State::unknown;
    return parse_state(s);
}

bool read_raw(const Json& raw, Notification& n, std::string& error) {
    if (!raw.is_object()) {
        error = "field \"raw\": expected an object, got " + shown(raw);
        return false;
    }
    LineReader r(raw, error);
    const bool ok =
        r.whole("size", n.raw_size, max_u32, true) && r.whole("type", n.raw_type, max_u32, true) &&
        r.whole("mask", n.raw_mask, max_u32, true) && r.whole("old", n.raw_old, max_u32, true) &&
        r.whole("new", n.raw_new, max_u32, true);
    if (!ok) error = "in \"raw\": " + error;
    return ok;
}

void default_raw(Notification& n) {
    n.raw_size = notify_size;
    n.raw_type = notify_type(n.phase);
    n.raw_mask = offline_state_mask;
    n.raw_old = state_value(n.old_state);
    n.raw_new = state_value(n.new_state);
}

bool read_fields(const Json& object, JournalEntry& e, std::string& error) {
    LineReader r(object, error);
    Notification& n = e.n;
    constexpr auto states = R"("online", "offline" or "unknown")";
    if (!r.number("time", e.time)) return false;
    if (!(e.time >= 0 && e.time <= max_journal_time)) // also NaN, if a parser ever lets one by
        return r.wrong("time", "Unix seconds from 0 to 253402300799 (the year 9999)",
                       object["time"]);
    if (!r.whole("seq", n.seq, max_seq, true) ||
        !r.word("phase", &parse_phase, R"("start", "change" or "done")", n.phase) ||
        !r.word("old", &parse_journal_state, states, n.old_state) ||
        !r.word("new", &parse_journal_state, states, n.new_state) ||
        !r.whole("token", n.token, max_u32, false) ||
        !r.whole("coalesced", n.coalesced, max_seq, false))
        return false;
    if (const auto raw = object.find("raw"); raw != object.end()) return read_raw(*raw, n, error);
    default_raw(n);
    return true;
}

bool is_blank(std::string_view line) {
    return line.find_first_not_of(" \t") == std::string_view::npos;
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
    JournalEntry e;
    if (std::string error; !read_fields(*v, e, error)) return fail(std::move(error));
    return e;
}

// Looks at the first bytes once: skips a UTF-8 BOM, refuses UTF-16/32.
bool JournalReader::check_start() {
    started_ = true;
    char head[4];
    std::size_t n = 0;
    auto* buf = in_.rdbuf();
    while (n < 4 && buf && buf->sgetc() != std::char_traits<char>::eof())
        head[n++] = static_cast<char>(buf->sbumpc());
    const std::string_view start(head, n);
    if (const char* enc = wide_encoding(start)) {
        encoding_error_ = std::string("the journal is saved as ") + enc +
                          ", which cannot be replayed; save it as UTF-8";
        return false;
    }
    // What is not a BOM is read again by get(): a stream cannot unget 4 bytes everywhere.
    pending_ =
        start.substr(0, 3) == "\xEF\xBB\xBF" ? std::string(start.substr(3)) : std::string(start);
    return true;
}

// The next byte: first those check_start looked at, then the stream's.
int JournalReader::get() {
    if (pending_at_ < pending_.size()) return static_cast<unsigned char>(pending_[pending_at_++]);
    std::streambuf* buf = in_.rdbuf();
    return buf ? buf->sbumpc() : std::char_traits<char>::eof();
}

// One line without its '\n' (and '\r'), keeping at most max_journal_line bytes of it; false
// at the end of the input.
bool JournalReader::read_line(std::string& line, bool& terminated, bool& too_long) {
    line.clear();
    terminated = too_long = false;
    std::size_t length = 0;
    int c = get();
    if (c == std::char_traits<char>::eof()) return false;
    for (; c != std::char_traits<char>::eof(); c = get()) {
        if (c == '\n') {
            terminated = true;
            break;
        }
        if (++length > max_journal_line)
            too_long = true;
        else
            line += static_cast<char>(c);
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
}

bool JournalReader::next(JournalEntry& out, std::vector<JournalProblem>& problems) {
    if (!started_ && !check_start()) return false;
    std::string line;
    bool terminated = false, too_long = false;
    while (read_line(line, terminated, too_long)) {
        ++number_;
        if (too_long) {
            problems.push_back({number_, "a line longer than " +
                                             std::to_string(max_journal_line / 1024) +
                                             " KiB (not a journal line)"});
            continue;
        }
        if (is_blank(line)) continue;
        Result<JournalEntry> e = parse_journal_line(line);
        if (e.ok()) {
            out = std::move(e).value();
            out.line = number_;
            return true;
        }
        problems.push_back({number_, terminated
                                         ? e.error()
                                         : "truncated last line (the writer stopped mid-line)"});
    }
    return false;
}

std::vector<JournalEntry> read_journal(std::istream& in, std::vector<JournalProblem>& problems) {
    std::vector<JournalEntry> entries;
    JournalReader reader(in);
    for (JournalEntry e; reader.next(e, problems);) entries.push_back(e);
    if (!reader.encoding_error().empty()) problems.push_back({1, reader.encoding_error()});
    return entries;
}

} // namespace oh
