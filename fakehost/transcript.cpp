#include "transcript.h"

#include "json.h"
#include "notify_decode.h"

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
            json_append_string(s, shown);
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

// Appends v with at least `width` digits (v >= 0).
void append_digits(std::string& out, long long v, std::size_t width) {
    char digits[24];
    std::size_t n = 0;
    do {
        digits[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v > 0);
    while (n < width) digits[n++] = '0';
    while (n > 0) out += digits[--n];
}

// Only a --live run happens in real time; otherwise stdio's buffer saves a write per line (a
// terminal is line-buffered anyway).
void end_line(std::FILE* out, bool live) {
    if (live) std::fflush(out);
}

} // namespace

// HH:MM:SS.mmm, by hand: snprintf here was the largest single cost of a long `fakehost run`.
std::string format_virtual_time(double t) {
    const auto ms = static_cast<long long>(std::llround(t * 1000.0));
    if (ms < 0) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld.%03lld", ms / 3600000, ms / 60000 % 60,
                      ms / 1000 % 60, ms % 1000);
        return buf;
    }
    std::string out;
    out.reserve(16);
    append_digits(out, ms / 3600000, 2);
    out += ':';
    append_digits(out, ms / 60000 % 60, 2);
    out += ':';
    append_digits(out, ms / 1000 % 60, 2);
    out += '.';
    append_digits(out, ms % 1000, 3);
    return out;
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
        part = part.substr(0, part.find('\0'));
        // Continuation lines (tracebacks) are indented under the detail column.
        for (std::size_t nl; (nl = part.find('\n')) != std::string_view::npos;) {
            line_.append(part.substr(0, nl + 1));
            line_ += "                         ";
            part.remove_prefix(nl + 1);
        }
        line_.append(part);
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
        json_line(JsonObject().add("t", t).add("type", "host").add("message", text).str());
    else
        text_line(t, "host", {text});
}

void Transcript::on_send(const MAPIOFFLINE_NOTIFY& n, double t) {
    ++sent_;
    Notification d;
    const char* ignored = decode_notification(&n, d);
    if (json_) {
        JsonObject o;
        o.add("t", t).add("type", "notification").add("n", sent_);
        if (!ignored)
            o.add("phase", to_string(d.phase))
                .add("old", to_string(d.old_state))
                .add("new", to_string(d.new_state));
        else
            o.add("raw", raw_fields(n)).add("ignored", ignored);
        json_line(o.str());
        return;
    }
    if (!ignored)
        text_line(
            t, "outlook",
            {phase_label(d.phase), "  ", to_string(d.old_state), " -> ", to_string(d.new_state)});
    else
        text_line(t, "outlook", {raw_fields(n), "  (ignored by the add-in: ", ignored, ")"});
}

void Transcript::on_log(const RecordedLog& r) {
    const LogRecord& l = r.record;
    if (json_) {
        json_line(JsonObject()
                      .add("t", r.t)
                      .add("type", "log")
                      .add("level", to_string(l.level))
                      .add("script", l.script)
                      .add("message", l.message)
                      .str());
        return;
    }
    if (l.level == LogLevel::debug && !verbose_) return;
    const std::string_view who = l.script.empty() ? std::string_view("[host]") : l.script;
    text_line(r.t, to_string(l.level), {who, ": ", l.message});
}

void Transcript::on_notice(const RecordedNotice& r) {
    if (json_) {
        json_line(JsonObject()
                      .add("t", r.t)
                      .add("type", "notice")
                      .add("script", r.script)
                      .add("title", r.title)
                      .add("text", r.text)
                      .str());
        return;
    }
    text_line(r.t, "notice", {r.script, ": ", json_quote(r.title), " ", json_quote(r.text)});
}

void Transcript::on_run(const RecordedRun& r) {
    if (json_) {
        std::string argv = "[";
        for (const auto& a : r.request.argv) argv += (argv.size() > 1 ? "," : "") + json_quote(a);
        argv += "]";
        json_line(JsonObject()
                      .add("t", r.t)
                      .add("type", "run")
                      .add("id", r.request.id)
                      .add("script", r.request.script)
                      .add_raw("argv", argv)
                      .add("live", live)
                      .str());
        return;
    }
    text_line(r.t, ("run #" + std::to_string(r.request.id)).c_str(),
              {r.request.script, ": ", join_argv(r.request.argv),
               live ? "" : "   (not started; --live runs it)"});
}

void Transcript::on_run_done(const RecordedRun& r) {
    const RunResult& x = r.result;
    if (json_) {
        JsonObject o;
        o.add("t", r.t).add("type", "exit").add("id", r.request.id).add("script", r.request.script);
        if (x.code)
            o.add("code", *x.code);
        else
            o.add_null("code");
        json_line(o.add("timed_out", x.timed_out).add("stdout", x.out).add("stderr", x.err).str());
        return;
    }
    std::string detail;
    if (x.timed_out)
        detail = "timed out, ended";
    else if (x.code)
        detail = "exit code " + std::to_string(*x.code);
    else
        detail = "could not start" + (x.err.empty() ? std::string() : ": " + x.err);
    text_line(r.t, ("exit #" + std::to_string(r.request.id)).c_str(),
              {r.request.script, ": ", detail});
}

void Transcript::on_state_request(const RecordedStateRequest& r) {
    if (json_) {
        json_line(JsonObject()
                      .add("t", r.t)
                      .add("type", "set_state")
                      .add("script", r.script)
                      .add("state", to_string(r.state))
                      .str());
        return;
    }
    text_line(r.t, "set_state", {r.script, ": asks Outlook to go ", to_string(r.state)});
}

void Transcript::on_error(const RecordedError& r) {
    if (json_) {
        json_line(JsonObject()
                      .add("t", r.t)
                      .add("type", "error")
                      .add("script", r.error.script)
                      .add("message", r.error.message)
                      .add("traceback", r.error.traceback)
                      .str());
        return;
    }
    // In text, the error's log line (with its traceback) already says it all.
}

} // namespace oh
