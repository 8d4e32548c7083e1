// The fake host plays Outlook's ExchangeConnectionMode and records Send/Receive requests.
#include "catch.hpp"
#include "support.h"
#include "transcript.h"

#include <cstdio>
#include <string>

using namespace oh;
using namespace oh::test;

namespace {

const std::vector<Phase> all_phases = {Phase::start, Phase::change, Phase::done};

// A file of the test's own to write and read back. Not std::tmpfile(): Windows' C runtime makes
// that file in the root of the drive, which a user (and Wine's C:) may not write.
std::FILE* open_scratch(const TempDir& dir) {
    const auto p = dir.path() / "transcript.txt";
#ifdef _WIN32
    return _wfopen(p.c_str(), L"w+b");
#else
    return std::fopen(p.c_str(), "w+b");
#endif
}

// What a Transcript wrote, through a temporary file.
class CapturedTranscript {
  public:
    explicit CapturedTranscript(bool json)
        : file_(open_scratch(dir_)), transcript(file_, json, false) {
        REQUIRE(file_);
    }
    ~CapturedTranscript() { std::fclose(file_); }
    CapturedTranscript(const CapturedTranscript&) = delete;
    CapturedTranscript& operator=(const CapturedTranscript&) = delete;
    std::string text() {
        std::fflush(file_);
        std::rewind(file_);
        std::string out;
        char buf[1024];
        while (std::size_t n = std::fread(buf, 1, sizeof buf, file_)) out.append(buf, n);
        return out;
    }

  private:
    TempDir dir_; // before file_: made first, removed after the file is closed
    std::FILE* file_;

  public:
    Transcript transcript;
};

} // namespace

TEST_CASE("The fake Outlook keeps the mode of the transition it plays until the next one",
          "[fakehost][mode]") {
    ScriptDir dir;
    auto h = start_host(dir);
    CHECK(h->outlook().mode() == ConnectionMode::unknown);
    h->go(State::offline, all_phases, ConnectionMode::cached_disconnected);
    CHECK(h->outlook().mode() == ConnectionMode::cached_disconnected);
    h->advance(60);
    CHECK(h->outlook().mode() == ConnectionMode::cached_disconnected);
    h->go(State::online); // no mode given: the add-in could not read one
    CHECK(h->outlook().mode() == ConnectionMode::unknown);
}

TEST_CASE("A scenario's reason= reaches the fake Outlook as its mode", "[fakehost][mode]") {
    ScriptDir dir;
    auto h = start_host(dir);
    const Result<Scenario> s = parse_events_spec("1m offline reason=user; 2m online mode=online");
    REQUIRE(s.ok());
    h->play(s.value().steps[0]);
    CHECK(h->outlook().mode() == ConnectionMode::cached_offline);
    h->play(s.value().steps[1]);
    CHECK(h->outlook().mode() == ConnectionMode::online);
}

TEST_CASE("A state change the add-in asks for plays the mode unknown", "[fakehost][mode]") {
    ScriptDir dir;
    auto h = start_host(dir);
    h->go(State::offline, all_phases, ConnectionMode::cached_offline);
    REQUIRE(SUCCEEDED(h->core().set_state(State::online)));
    CHECK(h->outlook().state() == State::online);
    CHECK(h->outlook().mode() == ConnectionMode::unknown);
}

TEST_CASE("A Send/Receive request is recorded with its script and time, and succeeds",
          "[fakehost][send_receive]") {
    VirtualClock clock;
    RecordingPlatform p(clock);
    clock.set(90);
    CHECK(p.send_receive("reconnect").ok());
    REQUIRE(p.send_receives.size() == 1);
    CHECK(p.send_receives[0].script == "reconnect");
    CHECK(p.send_receives[0].t == 90);
    p.keep_history = false;
    CHECK(p.send_receive("reconnect").ok());
    CHECK(p.send_receives.size() == 1); // `fakehost run` keeps counts only
    CHECK(p.counts().send_receives == 2);
}

TEST_CASE("The transcript shows a Send/Receive request in a line of its own",
          "[fakehost][send_receive][transcript]") {
    VirtualClock clock;
    RecordingPlatform p(clock);
    CapturedTranscript text(false), json(true);
    clock.set(61.5);
    p.listener = &text.transcript;
    CHECK(p.send_receive("outbox").ok());
    p.listener = &json.transcript;
    CHECK(p.send_receive("outbox").ok());
    CHECK(text.text() == "00:01:01.500  send_receive outbox: asks Outlook to Send/Receive\n");
    CHECK(json.text() == R"({"t":61.5,"type":"send_receive","script":"outbox"})"
                         "\n");
}

TEST_CASE("The transcript shows Outlook's mode on its notification lines, and the reason it "
          "means going offline",
          "[fakehost][mode][transcript]") {
    CapturedTranscript text(false), json(true);
    const MAPIOFFLINE_NOTIFY off = change_to(State::offline), on = change_to(State::online);
    text.transcript.on_send(off, 0, ConnectionMode::cached_disconnected);
    text.transcript.on_send(on, 60, ConnectionMode::cached_connected_full);
    text.transcript.on_send(off, 120, ConnectionMode::unknown);
    json.transcript.on_send(off, 0, ConnectionMode::cached_offline);
    const std::string t = text.text();
    CHECK(t.find("00:00:00.000  outlook   CHANGE  online -> offline   mode cached-disconnected "
                 "(reason network)\n") != std::string::npos);
    CHECK(t.find("00:01:00.000  outlook   CHANGE  offline -> online   mode "
                 "cached-connected-full\n") != std::string::npos);
    CHECK(t.find("00:02:00.000  outlook   CHANGE  online -> offline\n") != std::string::npos);
    CHECK(json.text().find(R"("mode":"cached-offline")") != std::string::npos);
}
