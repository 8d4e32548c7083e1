// One complete fake host: a virtual clock, Outlook played by FakeOutlook, the recording
// platform, and the very AddinCore the Windows add-in runs, unthreaded so that everything
// happens at exact virtual instants with no real waiting.
#pragma once

#include "addin_core.h"
#include "clock.h"
#include "com_ptr.h"
#include "fake_outlook.h"
#include "mode_reader.h"
#include "recording_platform.h"
#include "scenario.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace oh {

struct FakeHostOptions {
    std::filesystem::path dir;                // a scripts folder, or
    std::vector<std::filesystem::path> files; // these script files
    std::string profile = "Outlook";
    State initial = State::online;
    bool live = false;
    bool finish_runs_at_once = false;
    double epoch = VirtualClock::default_epoch; // Unix time of virtual 0
    EngineOptions engine;                       // profile is taken from above
    FolderWatch* folder_watch = nullptr;        // hot reload's notifications (outlives the host)
    std::filesystem::path machine_dir{}; // beside dir: the machine's scripts, winning clashes
    ConnectionMode initial_mode = ConnectionMode::unknown; // Outlook's mode at start-up
};

class FakeHost {
  public:
    explicit FakeHost(FakeHostOptions options);
    ~FakeHost();
    FakeHost(const FakeHost&) = delete;
    FakeHost& operator=(const FakeHost&) = delete;

    // Advise, load the scripts, "start". Returns why not when the add-in could not start.
    Status start();
    // Outlook goes to `to` sending `phases`, its ExchangeConnectionMode `mode` meanwhile (what
    // the add-in reads for each notification: e.mode); handlers run before this returns.
    void go(State to, const std::vector<Phase>& phases = {Phase::start, Phase::change, Phase::done},
            ConnectionMode mode = ConnectionMode::unknown);
    void send_raw(const RawNotify& raw);
    // Moves the virtual clock, firing timers at their exact times on the way.
    void advance(double seconds) { advance_to(now() + seconds); }
    void advance_to(double t);
    // Plays a scenario from the current time on (its times are from the start of the run).
    void play(const Scenario& scenario);
    void play(const ScenarioStep& step); // one step, for a scenario read as it plays
    bool reload(bool force = false);
    void stop();
    // --live: waits (really) until every program started has ended, at most `seconds`.
    void settle(double seconds);

    double now() const { return clock_.now(); }
    State outlook_state() const { return outlook_->state(); }
    State engine_state() { return core_->current_state(); }
    RecordingPlatform& record() { return platform_; }
    FakeOutlook& outlook() { return *outlook_.get(); }
    AddinCore& core() { return *core_; }
    VirtualClock& clock() { return clock_; }
    const FakeHostOptions& options() const { return options_; }

    // Runs whatever is ready at the current virtual time (run results, ...).
    void pump() { core_->pump(); }

  private:
    // Answers at once with the mode FakeOutlook plays, as the add-in's main-thread read would.
    class OutlookModeReader final : public ModeReader {
      public:
        explicit OutlookModeReader(const FakeOutlook& outlook) : outlook_(outlook) {}
        void read_mode(Done done) override { done(outlook_.mode()); }

      private:
        const FakeOutlook& outlook_;
    };

    FakeHostOptions options_;
    VirtualClock clock_{options_.epoch};
    RecordingPlatform platform_{clock_};
    ComPtr<FakeOutlook> outlook_;
    OutlookModeReader mode_reader_{*outlook_.get()}; // outlives core_, which reads through it
    std::unique_ptr<AddinCore> core_;
    bool stopped_ = false;
};

} // namespace oh
