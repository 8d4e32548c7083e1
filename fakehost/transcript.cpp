#include "transcript.h"

#include "json.h"
#include "notify_decode.h"
#include "text_file.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace oh {

namespace {

const char* phase_label(Phase p) {
    switch (p) {
    case Phase::start:
        return "START ";
    case Phase::change:
        return "CHANGE";
    case Phase::done:
        return "DONE  ";
    }
    return "CHANGE";
}

// A command line as a person reads it; long ones are cut (--json keeps them whole). Only
// what can be shown is quoted: a long argument (a PowerShell command) is cut first.
std::string join_argv(const std::vector<std::string>& argv) {
    constexpr std::size_t max_shown = 120;
    std::string s;
    for (const auto& a : argv) {
        if (s.size() > max_shown) break;
        if (!s.empty()) s += ' ';
        const bool quote = a.empty() || a.find_first_of(" \t\"'") != std::string::npos;
        const std::string_view shown = std::string_view(a).substr(0, max_shown);
        if (quote)
            s += json_quote(shown);
        else
            s += shown;
    }
    if (s.size() > max_shown) s = s.substr(0, max_shown - 3) + "...";
    return s;
}

std::string raw_fields(const MAPIOFFLINE_NOTIFY& n) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "size=%lu type=%lu mask=0x%lX old=0x%lX new=0x%lX",
                  static_cast<unsigned long>(n.ulSize), static_cast<unsigned long>(n.NotifyType),
                  static_cast<unsigned long>(n.Info.StateChange.ulMask),
                  static_cast<unsigned long>(n.Info.StateChange.ulStateOld),
                  static_cast<unsigned long>(n.Info.StateChange.ulStateNew));
    return buf;
}

} // namespace

namespace {

// Longest part of a text line: as long as the engine's longest log line.
constexpr std::size_t max_transcript_part = std::size_t{64} * 1024;

bool is_c1_control(std::string_view s, std::size_t i) { // U+0080..U+009F: C2 80..C2 9F
    return i + 1 < s.size() && static_cast<unsigned char>(s[i]) == 0xC2 &&
           static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
           static_cast<unsigned char>(s[i + 1]) <= 0x9F;
}

// Appends text as it may reach a terminal: control characters (ESC of an ANSI sequence, CR,
// backspace, C1 controls, a NUL) become visible escapes such as \x1B, so that no script can
// colour, move the cursor or overwrite a line; invalid UTF-8 becomes U+FFFD. A newline
// starts a continuation line indented under the detail column (tracebacks), so that no
// text can forge a line of its own, which always starts with a time.
void append_escaped(std::string& out, std::string_view part) {
    static constexpr char hex[] = "0123456789ABCDEF";
    const bool plain = std::all_of(part.begin(), part.end(), [](char ch) {
        const auto b = static_cast<unsigned char>(ch);
        return b >= 0x20 && b < 0x7F;
    });
    if (plain) { // nearly every part: no copy, no check per character
        out.append(part);
        return;
    }
    const std::string text = valid_utf8(part);
    const std::string_view s = text;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '\n') {
            out += "\n                         ";
        } else if (c == '\t') {
            out += c;
        } else if (c < 0x20 || c == 0x7F) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else if (is_c1_control(s, i)) {
            const auto c1 = static_cast<unsigned char>(s[++i]);
            out += "\\u00";
            out += hex[c1 >> 4];
            out += hex[c1 & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
}

// A name (a script's, a program's) on one line: a newline in it is shown as \n.
std::string one_line(std::string_view name) {
    std::string out;
    for (char c : name) out += c == '\n' ? std::string("\\n") : std::string(1, c);
    return out;
}

// Only a --live run happens in real time; otherwise stdio's buffer saves a write per line (a
// terminal is line-buffered anyway).
void end_line(std::FILE* out, bool live) {
    if (live) std::fflush(out);
}

} // namespace

std::string terminal_text(std::string_view text, bool one_line) {
    std::string out;
    for (std::size_t start = 0;;) {
        const std::size_t nl = text.find('\n', start);
        append_escaped(out, text.substr(start, nl == std::string_view::npos ? nl : nl - start));
        if (nl == std::string_view::npos) return out;
        out += one_line ? "\\n" : "\n";
        start = nl + 1;
    }
}

// HH:MM:SS.mmm; hours past 99 in full. Lines sharing an instant format it once (text_line).
std::string format_virtual_time(double t) {
    const auto ms = static_cast<long long>(std::llround(t * 1000.0));
    char buf[40];
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld.%03lld", ms / 3600000, ms / 60000 % 60,
                  ms / 1000 % 60, ms % 1000);
    return buf;
}

void Transcript::text_line(double t, const char* what,
                           std::initializer_list<std::string_view> detail) {
    // "<time>  <what, padded to 9> <detail>", built whole and written once (printf was a large
    // part of a long run). Each part ends at a NUL, as printf's %s did.
    if (t != last_t_) {
        last_t_ = t;
        last_time_ = format_virtual_time(t);
    }
    line_ = last_time_;
    line_ += "  ";
    line_ += what;
    const std::size_t what_len = std::strlen(what);
    if (what_len < 9) line_.append(9 - what_len, ' ');
    line_ += ' ';
    for (std::string_view part : detail) {
        // A 20 MB notice or name makes no readable line: cut like the engine's log lines.
        const std::size_t cut =
            part.size() > max_transcript_part ? part.size() - max_transcript_part : 0;
        append_escaped(line_, part.substr(0, max_transcript_part));
        if (cut) line_ += " ... [" + std::to_string(cut) + " more bytes cut]";
    }
    line_ += '\n';
    std::fwrite(line_.data(), 1, line_.size(), out_);
    end_line(out_, live);
}

void Transcript::json_line(const std::string& json) {
    std::fprintf(out_, "%s\n", json.c_str());
    end_line(out_, live);
}

void Transcript::host_line(double t, const std::string& text) {
    if (json_)
        json_line(json_dump({{"t", json_number(t)}, {"type", "host"}, {"message", text}}));
    else
        text_line(t, "host", {text});
}

namespace {

// "   mode cached-disconnected (reason network)" for a notification line; nothing while the
// mode is unknown (the scenario gave none). The reason only on the way offline: back online,
// it is that of the offline period, which the engine knows.
std::string mode_text(const Notification& d, ConnectionMode mode) {
    if (mode == ConnectionMode::unknown) return {};
    std::string out = std::string("   mode ") + to_string(mode);
    const Reason reason = reason_of(mode);
    if (d.new_state == State::offline && reason != Reason::unknown)
        out += std::string(" (reason ") + to_string(reason) + ")";
    return out;
}

} // namespace

void Transcript::on_send(const MAPIOFFLINE_NOTIFY& n, double t, ConnectionMode mode) {
    ++sent_;
    const Result<Notification> decoded = decode_notification(&n);
    const Notification d = decoded.ok() ? decoded.value() : Notification{};
    const char* ignored = decoded.ok() ? nullptr : decoded.error().c_str();
    if (json_) {
        Json o = {{"t", json_number(t)}, {"type", "notification"}, {"n", sent_}};
        if (!ignored) {
            o["phase"] = to_string(d.phase);
            o["old"] = to_string(d.old_state);
            o["new"] = to_string(d.new_state);
            o["mode"] = to_string(mode);
        } else {
            o["raw"] = raw_fields(n);
            o["ignored"] = ignored;
        }
        json_line(json_dump(o));
        return;
    }
    if (!ignored)
        text_line(t, "outlook",
                  {phase_label(d.phase), "  ", to_string(d.old_state), " -> ",
                   to_string(d.new_state), mode_text(d, mode)});
    else
        text_line(t, "outlook", {raw_fields(n), "  (ignored by the add-in: ", ignored, ")"});
}

void Transcript::on_log(const RecordedLog& r) {
    const LogRecord& l = r.record;
    if (json_) {
        json_line(json_dump({{"t", json_number(r.t)},
                             {"type", "log"},
                             {"level", to_string(l.level)},
                             {"script", l.script},
                             {"message", l.message}}));
        return;
    }
    if (l.level == LogLevel::debug && !verbose_) return;
    const std::string who = l.script.empty() ? std::string("[host]") : one_line(l.script);
    text_line(r.t, to_string(l.level), {who, ": ", l.message});
}

void Transcript::on_notice(const RecordedNotice& r) {
    if (json_) {
        json_line(json_dump({{"t", json_number(r.t)},
                             {"type", "notice"},
                             {"script", r.script},
                             {"title", r.title},
                             {"text", r.text}}));
        return;
    }
    text_line(r.t, "notice",
              {one_line(r.script), ": ", json_quote(r.title), " ", json_quote(r.text)});
}

void Transcript::on_run(const RecordedRun& r) {
    if (json_) {
        json_line(json_dump({{"t", json_number(r.t)},
                             {"type", "run"},
                             {"id", r.request.id},
                             {"script", r.request.script},
                             {"argv", r.request.argv},
                             {"live", live}}));
        return;
    }
    text_line(r.t, ("run #" + std::to_string(r.request.id)).c_str(),
              {one_line(r.request.script), ": ", join_argv(r.request.argv),
               live ? "" : "   (not started; --live runs it)"});
}

void Transcript::on_run_done(const RecordedRun& r) {
    const RunResult& x = r.result;
    if (json_) {
        json_line(json_dump({{"t", json_number(r.done_t)},
                             {"type", "exit"},
                             {"id", r.request.id},
                             {"script", r.request.script},
                             {"code", x.code ? Json(*x.code) : Json(nullptr)},
                             {"timed_out", x.timed_out},
                             {"stdout", x.out},
                             {"stderr", x.err}}));
        return;
    }
    std::string detail;
    if (x.timed_out)
        detail = "timed out, ended";
    else if (x.code)
        detail = "exit code " + std::to_string(*x.code);
    else
        detail = "could not start" + (x.err.empty() ? std::string() : ": " + x.err);
    text_line(r.done_t, ("exit #" + std::to_string(r.request.id)).c_str(),
              {one_line(r.request.script), ": ", detail});
}

void Transcript::on_state_request(const RecordedStateRequest& r) {
    if (json_) {
        json_line(json_dump({{"t", json_number(r.t)},
                             {"type", "set_state"},
                             {"script", r.script},
                             {"state", to_string(r.state)}}));
        return;
    }
    text_line(r.t, "set_state", {one_line(r.script), ": asks Outlook to go ", to_string(r.state)});
}

void Transcript::on_send_receive(const RecordedSendReceive& r) {
    if (json_) {
        json_line(
            json_dump({{"t", json_number(r.t)}, {"type", "send_receive"}, {"script", r.script}}));
        return;
    }
    text_line(r.t, "send_receive", {one_line(r.script), ": asks Outlook to Send/Receive"});
}

void Transcript::on_error(const RecordedError& r) {
    if (json_) {
        json_line(json_dump({{"t", json_number(r.t)},
                             {"type", "error"},
                             {"script", r.error.script},
                             {"message", r.error.message},
                             {"traceback", r.error.traceback}}));
        return;
    }
    // In text, the error's log line (with its traceback) already says it all.
}

} // namespace oh
