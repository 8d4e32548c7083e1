// What `fakehost run` prints: one line per notification and per script action, with its
// virtual time; as text for people or as JSON lines (--json) for tools.
#pragma once

#include "offline_api.h"
#include "recording_platform.h"

#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>

namespace oh {

class Transcript final : public RecordingListener {
  public:
    Transcript(std::FILE* out, bool json, bool verbose)
        : out_(out), json_(json), verbose_(verbose) {}

    // Every structure Outlook sends, before the add-in sees it, with Outlook's
    // ExchangeConnectionMode meanwhile.
    void on_send(const MAPIOFFLINE_NOTIFY& n, double t,
                 ConnectionMode mode = ConnectionMode::unknown);
    void on_log(const RecordedLog& r) override;
    void on_notice(const RecordedNotice& r) override;
    void on_run(const RecordedRun& r) override;
    void on_run_done(const RecordedRun& r) override;
    void on_state_request(const RecordedStateRequest& r) override;
    void on_send_receive(const RecordedSendReceive& r) override;
    void on_error(const RecordedError& r) override;
    // A free-form line from the host itself (start, summary).
    void host_line(double t, const std::string& text);

    bool live = false;

  private:
    // "<time>  <what> <detail parts...>"; the parts are written one after the other.
    void text_line(double t, const char* what, std::initializer_list<std::string_view> detail);
    void json_line(const std::string& json);

    std::FILE* out_;
    bool json_;
    bool verbose_;
    std::uint64_t sent_ = 0;
    // Most lines share their virtual time with the line before: it is formatted once.
    double last_t_ = -1.0;
    std::string last_time_;
    std::string line_; // reused: its capacity outlives each line
};

std::string format_virtual_time(double t); // "00:01:30.000"

// Text for a terminal outside the transcript (`check`, `test`), escaped as the transcript
// escapes it (ESC, CR, NUL, C1 controls as \x1B..., invalid UTF-8 as U+FFFD). Newlines are
// kept, or shown as \n when `one_line` (a name must not forge a line of its own).
std::string terminal_text(std::string_view text, bool one_line);

} // namespace oh
