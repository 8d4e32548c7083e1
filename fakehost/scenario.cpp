#include "scenario.h"

#include "duration.h"
#include "json.h"
#include "long_path.h"
#include "offline_api.h"
#include "text_file.h"

#include <cerrno>
#include <charconv>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>

namespace oh {

// The defaults in scenario.h are literal numbers so that it needs no COM header; they must
// stay the values Outlook uses.
static_assert(raw_default_size == sizeof(MAPIOFFLINE_NOTIFY));
static_assert(raw_default_type == MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE);
static_assert(raw_default_mask == MAPIOFFLINE_STATE_OFFLINE_MASK);
static_assert(raw_default_old == MAPIOFFLINE_STATE_ONLINE);
static_assert(raw_default_new == MAPIOFFLINE_STATE_OFFLINE);

namespace {

constexpr std::string_view step_words = R"("online", "offline", "end" or "raw")";
constexpr std::string_view raw_keys = "type, mask, old, new, size or token";

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

std::vector<std::string_view> split_words(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i])) ++i;
        const std::size_t start = i;
        while (i < text.size() && !is_space(text[i])) ++i;
        if (i > start) words.push_back(text.substr(start, i - start));
    }
    return words;
}

// Decimal or 0x hexadecimal, 0 to 2^32-1.
bool parse_u32(std::string_view text, std::uint32_t& out) {
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        text.remove_prefix(2);
    }
    if (text.empty()) return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out, base);
    return ec == std::errc() && end == text.data() + text.size();
}

// A word of the input for a message: quoted and escaped, cut short if a binary file was read.
std::string quoted(std::string_view word) {
    constexpr std::size_t max_shown = 40;
    if (word.size() <= max_shown) return json_quote(word);
    return json_quote(word.substr(0, max_shown)) + "...";
}

std::string display(const std::filesystem::path& p) {
    return path_to_utf8(p);
}

} // namespace

// Parses the steps one line (or --events item) at a time.
class ScenarioParser {
  public:
    ScenarioParser(std::string_view source, std::string& error) : source_(source), error_(error) {}

    // Parses one line; a step sets `out` and `got`, a blank or comment line neither.
    bool line(std::string_view text, int number, ScenarioStep& out, bool& got) {
        got = false;
        number_ = number;
        const std::vector<std::string_view> words = split_words(text.substr(0, text.find('#')));
        if (words.empty()) return true;
        if (end_line_ != 0)
            return fail("nothing may follow the \"end\" step of line " + std::to_string(end_line_) +
                        ", got " + quoted(words[0]));
        ScenarioStep step;
        step.line = number;
        if (!time(words[0], step.time)) return false;
        if (words.size() < 2)
            return fail("expected " + std::string(step_words) + " after the time, got nothing");
        if (!body(words, step)) return false;
        if (step.kind == ScenarioStep::Kind::end) end_line_ = number;
        previous_time_ = step.time;
        out = std::move(step);
        got = true;
        ++steps_;
        return true;
    }

    bool finish() {
        if (steps_ == 0) {
            error_ = std::string(source_) +
                     R"(: no steps (expected lines such as "0s offline" or "+30s online"))";
            return false;
        }
        return true;
    }

    bool fail_line(int number, const std::string& message) {
        number_ = number;
        return fail(message);
    }

  private:
    bool fail(const std::string& message) {
        error_ = std::string(source_) + ":" + std::to_string(number_) + ": " + message;
        return false;
    }

    bool time(std::string_view word, double& out) {
        const bool relative = word.front() == '+';
        const Result<double> seconds = parse_duration(relative ? word.substr(1) : word);
        if (!seconds.ok()) return fail(time_error(word, seconds.error()));
        out = relative ? previous_time_ + seconds.value() : seconds.value();
        if (out < previous_time_)
            return fail("the time " + std::string(word) + " is before the step before it, at " +
                        format_duration(previous_time_) +
                        " (times must not go backwards; +30s means 30 s after the step before)");
        if (out > max_duration_seconds)
            return fail("the time " + std::string(word) + " comes to " + format_duration(out) +
                        " from the start, past " + format_duration(max_duration_seconds) +
                        ", the longest run accepted");
        return true;
    }

    // What is wrong with a time, and what is allowed. `why` is parse_duration's message,
    // whose reason (in parentheses at its end) is the specific part.
    static std::string time_error(std::string_view word, const std::string& why) {
        const std::string range = "; a time is 0s to " + format_duration(max_duration_seconds) +
                                  " from the start (90s, 2m, 1.5h), or +30s for 30 s after the "
                                  "step before";
        const bool signed_word = word.front() == '-' || word.substr(0, 2) == "+-";
        if (signed_word) return "the time " + quoted(word) + " is negative" + range;
        const std::size_t open = why.rfind(" (");
        if (open == std::string::npos || why.back() != ')')
            return "expected a time such as 0s, 90s, 2m or +30s at the start of the line, got " +
                   quoted(word);
        return "the time " + quoted(word) + ": " + why.substr(open + 2, why.size() - open - 3) +
               range;
    }

    bool body(const std::vector<std::string_view>& words, ScenarioStep& step) {
        const std::string_view what = words[1];
        const std::vector<std::string_view> options(words.begin() + 2, words.end());
        if (const auto state = parse_state(what)) {
            step.kind = ScenarioStep::Kind::transition;
            step.state = *state;
            return transition_options(what, options, step);
        }
        if (what == "end") {
            step.kind = ScenarioStep::Kind::end;
            if (options.empty()) return true;
            return fail("unexpected " + quoted(options[0]) +
                        " after \"end\" (only a # comment may follow it)");
        }
        if (what == "raw") {
            step.kind = ScenarioStep::Kind::raw;
            return raw_options(options, step.raw);
        }
        return fail("expected " + std::string(step_words) + " after the time, got " + quoted(what));
    }

    bool transition_options(std::string_view state, const std::vector<std::string_view>& options,
                            ScenarioStep& step) {
        step.phases = {Phase::start, Phase::change, Phase::done};
        std::optional<std::string_view> phases, reason, mode;
        for (const std::string_view option : options) {
            const std::size_t eq = option.find('=');
            const std::string_view key = option.substr(0, eq);
            std::optional<std::string_view>* slot = key == "phases"   ? &phases
                                                    : key == "reason" ? &reason
                                                    : key == "mode"   ? &mode
                                                                      : nullptr;
            if (eq == std::string_view::npos || !slot)
                return fail("unexpected " + quoted(option) + " after " + quoted(state) +
                            " (expected phases=start,change,done, reason=user|network, "
                            "mode=<name> or a # comment)");
            if (*slot) return fail(std::string(key) + "= is given twice");
            *slot = option.substr(eq + 1);
        }
        if (phases && !phase_list(*phases, step.phases)) return false;
        const Result<ConnectionMode> m =
            transition_mode(step.state, reason ? &*reason : nullptr, mode ? &*mode : nullptr);
        if (!m.ok()) return fail(m.error());
        step.mode = m.value();
        return true;
    }

    bool phase_list(std::string_view list, std::vector<Phase>& out) {
        out.clear();
        if (list.empty())
            return fail("expected a comma-separated list of start, change and done after "
                        "phases=, got nothing");
        std::size_t begin = 0;
        for (;;) {
            const std::size_t comma = list.find(',', begin);
            const std::string_view item = list.substr(begin, comma - begin);
            const auto phase = parse_phase(item);
            if (!phase)
                return fail("expected start, change or done in phases=, got " + quoted(item) +
                            " in " + quoted(list));
            out.push_back(*phase);
            if (comma == std::string_view::npos) return true;
            begin = comma + 1;
        }
    }

    bool raw_options(const std::vector<std::string_view>& options, RawNotify& raw) {
        std::vector<std::string_view> seen;
        for (const std::string_view option : options) {
            const std::size_t eq = option.find('=');
            if (eq == std::string_view::npos)
                return fail("unexpected " + quoted(option) +
                            " in a raw step (expected key=value with keys " +
                            std::string(raw_keys) + ")");
            const std::string_view key = option.substr(0, eq);
            for (const std::string_view k : seen)
                if (k == key) return fail(std::string(key) + "= is given twice");
            seen.push_back(key);
            if (!raw_field(key, option.substr(eq + 1), raw)) return false;
        }
        return true;
    }

    bool raw_field(std::string_view key, std::string_view value, RawNotify& raw) {
        std::uint32_t* field = key == "type"    ? &raw.type
                               : key == "mask"  ? &raw.mask
                               : key == "old"   ? &raw.old_state
                               : key == "new"   ? &raw.new_state
                               : key == "size"  ? &raw.size
                               : key == "token" ? &raw.token
                                                : nullptr;
        if (!field)
            return fail("unknown key " + quoted(key) + " in a raw step (expected " +
                        std::string(raw_keys) + ")");
        if (!parse_u32(value, *field))
            return fail("expected a number from 0 to 4294967295 (decimal or 0x hex) after " +
                        std::string(key) + "=, got " + quoted(value));
        if (field == &raw.token) raw.token_given = true;
        return true;
    }

    std::string_view source_;
    std::string& error_;
    int number_ = 0;
    int end_line_ = 0; // line of the end step, once seen
    double previous_time_ = 0.0;
    std::size_t steps_ = 0;
};

ScenarioStream::ScenarioStream(std::istream& in, std::string source_name, std::string separators)
    : in_(in), source_(std::move(source_name)), separators_(std::move(separators)),
      parser_(std::make_unique<ScenarioParser>(source_, error_)) {}

ScenarioStream::~ScenarioStream() = default;

int ScenarioStream::get() {
    if (head_at_ < head_.size()) return static_cast<unsigned char>(head_[head_at_++]);
    std::streambuf* buf = in_.rdbuf();
    return buf ? buf->sbumpc() : std::char_traits<char>::eof();
}

// Looks at the first bytes once: a UTF-8 BOM is skipped, UTF-16/32 refused.
bool ScenarioStream::start() {
    started_ = true;
    std::streambuf* buf = in_.rdbuf();
    while (head_.size() < 4 && buf && buf->sgetc() != std::char_traits<char>::eof())
        head_ += static_cast<char>(buf->sbumpc());
    if (const char* enc = wide_encoding(head_)) {
        error_ = source_ + ": the file is saved as " + enc +
                 ", which the fake host cannot read; save it as UTF-8 (in Notepad: Save As, "
                 "Encoding: UTF-8)";
        return false;
    }
    if (head_.rfind("\xEF\xBB\xBF", 0) == 0) head_.erase(0, 3);
    return true;
}

// One line (or --events item) into line_, at most max_scenario_line bytes; false at the end.
bool ScenarioStream::read_line(bool& too_long) {
    line_.clear();
    too_long = false;
    int c = get();
    if (c == std::char_traits<char>::eof()) return false;
    for (; c != std::char_traits<char>::eof(); c = get()) {
        if (separators_.find(static_cast<char>(c)) != std::string::npos) break;
        if (line_.size() >= max_scenario_line)
            too_long = true;
        else
            line_ += static_cast<char>(c);
    }
    return true;
}

bool ScenarioStream::next(ScenarioStep& step) {
    if (done_) return false;
    if (!started_ && !start()) return finish(false);
    bool too_long = false;
    while (read_line(too_long)) {
        ++number_;
        if (too_long)
            return finish(parser_->fail_line(number_, "the line is longer than " +
                                                          std::to_string(max_scenario_line / 1024) +
                                                          " KiB (is this a scenario file?)"));
        bool got = false;
        if (!parser_->line(line_, number_, step, got)) return finish(false);
        if (got) return true;
    }
    // An --events spec ending in ';' has an empty last item, as a file ends in '\n'.
    return finish(parser_->finish());
}

bool ScenarioStream::finish(bool ok) {
    done_ = true;
    (void)ok; // error_ says what went wrong, if anything
    return false;
}

namespace {

// Every step of `stream`, or its first mistake.
Result<Scenario> collect(ScenarioStream& stream) {
    Scenario out;
    for (ScenarioStep step; stream.next(step);) out.steps.push_back(std::move(step));
    if (!stream.error().empty()) return fail(stream.error());
    return out;
}

Result<Scenario> parse_items(std::string_view text, std::string_view separators,
                             std::string_view source) {
    std::istringstream in{std::string(text)};
    ScenarioStream stream(in, std::string(source), std::string(separators));
    return collect(stream);
}

} // namespace

Result<Scenario> parse_scenario(std::string_view text, std::string_view source_name) {
    return parse_items(text, "\n", source_name);
}

Result<Scenario> parse_events_spec(std::string_view spec) {
    return parse_items(spec, ";\n", "--events");
}

Result<std::ifstream> open_scenario_file(const std::filesystem::path& path) {
    const std::string name = display(path);
    std::error_code ec;
    const auto type = std::filesystem::status(os_path(path), ec).type();
    if (type == std::filesystem::file_type::directory)
        return fail(name + ": is a folder, not a scenario file");
    if (ec && ec != std::errc::no_such_file_or_directory) // a link loop, say
        return fail(name + ": cannot read the scenario file: " + ec.message());
    // It is read twice (checked whole, then played): a FIFO or a device cannot be.
    if (type != std::filesystem::file_type::regular &&
        type != std::filesystem::file_type::not_found)
        return fail(name + ": is not a regular file (a FIFO or a device cannot be played; save "
                           "the scenario to a file)");
    std::ifstream in(os_path(path), std::ios::binary);
    if (!in)
        return fail(name +
                    ": cannot read the scenario file: " + std::generic_category().message(errno));
    return in;
}

Result<Scenario> load_scenario_file(const std::filesystem::path& path) {
    Result<std::ifstream> in = open_scenario_file(path);
    if (!in.ok()) return fail(in.error());
    ScenarioStream stream(in.value(), display(path));
    return collect(stream);
}

} // namespace oh
