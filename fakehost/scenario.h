// Scenarios: what the fake host plays, as text. One step per line:
//
//   <time> online|offline [phases=start,change,done] [reason=user|network] [mode=<name>]
//       A transition: the notifications Outlook sends for it, START, CHANGE and DONE by
//       default. phases= lists the phases to send, in that order, repeats allowed:
//       phases=change (START and DONE missing), phases=start,change,done,done (a duplicate
//       DONE). mode= is Outlook's ExchangeConnectionMode while it sends them (e.mode):
//       an offline mode on an offline line, a connected one on an online line. reason= on
//       an offline line is short for a mode: user = cached-offline (Work Offline), network =
//       cached-disconnected (the connection was lost); both at once must agree. An online
//       line takes no reason= (an online event's reason is that of the offline period it
//       ends). Neither: the mode is "unknown", as when the add-in could not read it.
//   <time> end
//       Extension: keep the virtual clock running until this time, so that timers (a notice
//       after 5 minutes offline) can fire after the last transition. Must be the last step.
//   <time> raw [type=N] [mask=N] [old=N] [new=N] [size=N] [token=N]
//       Extension: one MAPIOFFLINE_NOTIFY with exactly these field values, malformed ones
//       included, to test how scripts and the add-in cope. Numbers are decimal or 0x hex.
//       Omitted fields default to a valid STATECHANGE from online to offline (see
//       raw_default_* below); an omitted token means the token the add-in advised with.
//
// <time> is absolute (0s, 90s, 2m, 1.5h: seconds from the start of the run) or relative to
// the step before (+30s), in the units of parse_duration (ms, s, m, h). Times never go
// backwards; equal times are fine. '#' starts a comment, to the end of the line; blank
// lines are ignored; words are separated by spaces or tabs; lines may end in "\r\n".
//
// Any mistake fails the whole parse with one message, "SOURCE:LINE: what was expected, got
// what", e.g.: demo.scn:3: expected "online", "offline", "end" or "raw" after the time,
// got "ofline". A text with no step at all is an error too (most likely the wrong file).
#pragma once

#include "event.h"
#include "result.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace oh {

// Defaults of a raw step: the fields of a valid MAPIOFFLINE_NOTIFY for a change from online to
// offline (shared/docs/offline-state-api.md; checked against addin/offline_api.h in
// scenario.cpp).
inline constexpr std::uint32_t raw_default_size = 24; // sizeof(MAPIOFFLINE_NOTIFY), x86 and x64
inline constexpr std::uint32_t raw_default_type = 2;  // MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE
inline constexpr std::uint32_t raw_default_mask = 3;  // MAPIOFFLINE_STATE_OFFLINE_MASK
inline constexpr std::uint32_t raw_default_old = 2;   // MAPIOFFLINE_STATE_ONLINE
inline constexpr std::uint32_t raw_default_new = 1;   // MAPIOFFLINE_STATE_OFFLINE

struct RawNotify {
    std::uint32_t size = raw_default_size;     // ulSize
    std::uint32_t type = raw_default_type;     // NotifyType
    std::uint32_t mask = raw_default_mask;     // Info.StateChange.ulMask
    std::uint32_t old_state = raw_default_old; // Info.StateChange.ulStateOld
    std::uint32_t new_state = raw_default_new; // Info.StateChange.ulStateNew
    std::uint32_t token = 0;                   // ulClientToken, when token_given
    bool token_given = false;                  // false: send the token the add-in passed to Advise
};

struct ScenarioStep {
    enum class Kind : std::uint8_t { transition, raw, end };
    Kind kind = Kind::transition;
    double time = 0.0;            // seconds from the start of the run, on the virtual clock
    int line = 0;                 // line in the file, or item number in an --events spec
    State state = State::unknown; // transition: the state Outlook goes to
    std::vector<Phase> phases;    // transition: the notifications to send, in order
    ConnectionMode mode = ConnectionMode::unknown; // transition: Outlook's mode meanwhile
    RawNotify raw;                                 // raw: the notification to send
};

struct Scenario {
    std::vector<ScenarioStep> steps; // in time order
    // When the run ends: the time of the last step (an end step included).
    double end_time() const { return steps.empty() ? 0.0 : steps.back().time; }
};

class ScenarioParser;

// The mode of a transition to `to` from the words after reason= and mode= (null: not given),
// as a scenario line and host:go_offline{...} give them. The error says what was expected,
// with no file or line (the caller adds them).
Result<ConnectionMode> transition_mode(State to, const std::string_view* reason,
                                       const std::string_view* mode);

// Longer lines are refused: no scenario line is that long, but a binary file may have none.
inline constexpr std::size_t max_scenario_line = std::size_t{64} * 1024;

// Reads a scenario one step at a time, in constant memory, however long it is: `fakehost run`
// checks a scenario with one stream (nothing runs if it has a mistake), then plays it with a
// second. A UTF-8 BOM at the start is skipped; UTF-16 and UTF-32 are refused naming the fix.
class ScenarioStream {
  public:
    // `separators`: "\n" for a file, ";\n" for an --events spec. `source_name` prefixes
    // messages.
    ScenarioStream(std::istream& in, std::string source_name, std::string separators = "\n");
    ~ScenarioStream();
    ScenarioStream(const ScenarioStream&) = delete;
    ScenarioStream& operator=(const ScenarioStream&) = delete;

    // The next step; false at the end, or at the first mistake, when error() says what it is
    // ("SOURCE:LINE: ...", as parse_scenario).
    bool next(ScenarioStep& step);
    const std::string& error() const { return error_; }

  private:
    bool start();
    int get();
    bool read_line(bool& too_long);
    bool finish(bool ok);

    std::istream& in_;
    std::string source_, separators_, error_;
    std::unique_ptr<ScenarioParser> parser_;
    std::string head_; // the first bytes, looked at by start()
    std::size_t head_at_ = 0;
    std::string line_;
    int number_ = 0;
    bool started_ = false, done_ = false;
};

// Opens a scenario file for a ScenarioStream. Refuses a folder, and a FIFO or device (a
// scenario is read twice), naming the file.
Result<std::ifstream> open_scenario_file(const std::filesystem::path& path);

// Parses scenario text. `source_name` prefixes messages ("demo.scn:3: ...").
Result<Scenario> parse_scenario(std::string_view text, std::string_view source_name);

// Reads and parses a file; an unreadable file is an error naming it. A UTF-8 byte order mark
// at the start (as some Windows editors write) is skipped.
Result<Scenario> load_scenario_file(const std::filesystem::path& path);

// The --events SPEC of `fakehost run`: the same steps separated by ';' (or newlines), e.g.
// "0s offline; +20s online; 5m end". Messages name "--events" and the item number (from 1).
Result<Scenario> parse_events_spec(std::string_view spec);

} // namespace oh
