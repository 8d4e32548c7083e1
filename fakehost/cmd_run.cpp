// fakehost run [--scripts DIR] [--machine-scripts DIR] [--scenario FILE | --events SPEC] [--live]
// [--json] ...
#include "cli.h"
#include "duration.h"
#include "engine.h"
#include "fake_host.h"
#include "inotify_watch.h"
#include "text_file.h"
#include "transcript.h"

#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>
#include <tuple>
#include <utility>

namespace oh::cli {

namespace {

// A typo in a folder name must not look like a run with no scripts: false after saying so.
bool folder_given(const Args& args, const char* option, const std::string& text) {
    std::error_code ec;
    const auto type = fs::status(path_from_utf8(text), ec).type();
    if (type == fs::file_type::directory) return true;
    std::fprintf(stderr, "fakehost %s: %s %s: %s\n", args.command().c_str(), option, text.c_str(),
                 type == fs::file_type::not_found ? "no such folder"
                 : ec                             ? ec.message().c_str()
                                                  : "not a folder");
    return false;
}

} // namespace

// Reads the options shared by run and replay; returns an exit status, or -1 to go on.
int read_host_options(Args& args, FakeHostOptions& host, const char* argv0) {
    const auto scripts = args.value("--scripts");
    host.dir = scripts ? path_from_utf8(*scripts) : bundled_scripts(argv0);
    if (scripts && !folder_given(args, "--scripts", *scripts)) return 2;
    // The add-in's machine-wide folder (%ProgramData%\OfflineHooks\scripts), played here.
    if (const auto machine = args.value("--machine-scripts")) {
        if (!folder_given(args, "--machine-scripts", *machine)) return 2;
        host.machine_dir = path_from_utf8(*machine);
    }
    host.live = args.flag("--live");
    host.finish_runs_at_once = !host.live;
    if (auto profile = args.value("--profile")) host.profile = *profile;
    const auto store = args.value("--store");
    const auto journal = args.value("--journal");
    // An empty name would silently mean the default store, or no journal at all.
    if (store && store->empty()) return args.usage_error("--store: give a folder name, not \"\"");
    if (journal && journal->empty())
        return args.usage_error("--journal: give a file name, not \"\"");
    if (store) host.engine.store_dir = path_from_utf8(*store);
    if (journal) host.engine.journal_path = path_from_utf8(*journal);
    if (auto budget = args.value("--budget")) {
        const Result<double> seconds = parse_duration(*budget);
        if (!seconds.ok()) return args.usage_error("--budget: " + seconds.error());
        host.engine.budget = seconds.value();
    }
    return -1;
}

namespace {

struct RunOptions {
    FakeHostOptions host;
    std::optional<std::string> scenario_file; // or
    std::optional<std::string> events;        // or the default scenario
    std::string scenario_name = "the default scenario";
    bool json = false;
    bool verbose = false;
};

// Reads the scenario step by step, playing each on `host` (or only checking them when it is
// null). Fails at the first mistake.
Status play_scenario(const RunOptions& o, FakeHost* host) {
    std::ifstream file;
    std::istringstream text;
    std::istream* in = &text;
    std::string separators = "\n", source = "default.scn";
    if (o.scenario_file) {
        Result<std::ifstream> opened = open_scenario_file(path_from_utf8(*o.scenario_file));
        if (!opened.ok()) return fail(opened.error());
        file = std::move(opened).value();
        in = &file;
        source = path_to_utf8(path_from_utf8(*o.scenario_file));
    } else if (o.events) {
        text.str(*o.events);
        separators = ";\n";
        source = "--events";
    } else {
        text.str(default_scenario_text);
    }
    ScenarioStream stream(*in, source, separators);
    double end = 0.0;
    for (ScenarioStep step; stream.next(step);) {
        end = step.time;
        if (host) host->play(step);
    }
    if (!stream.error().empty()) return fail(stream.error());
    if (host) host->advance_to(end);
    return {};
}

std::string unexpected_initial_word(const std::string& word, const std::string& state_word) {
    return "unexpected \"" + word + "\" after \"" + state_word +
           "\" (expected reason=user|network or mode=<name>, once each)";
}

// --initial "offline reason=network": Outlook's state at start-up and, in the words of a
// scenario line, its mode then (which the add-in reads at start: e.mode/e.reason of "start").
Result<std::pair<State, ConnectionMode>> parse_initial(const std::string& value) {
    std::istringstream words(value);
    std::string state_word, word;
    words >> state_word;
    const auto state = parse_state(state_word);
    if (!state || state == State::unknown)
        return fail("expected online or offline, got \"" + state_word + "\"");
    std::optional<std::string> reason, mode;
    while (words >> word) {
        const std::size_t eq = word.find('=');
        const std::string key = word.substr(0, eq);
        std::optional<std::string>* slot = key == "reason" ? &reason
                                           : key == "mode" ? &mode
                                                           : nullptr;
        if (eq == std::string::npos || !slot || *slot)
            return fail(unexpected_initial_word(word, state_word));
        *slot = word.substr(eq + 1);
    }
    const std::string_view r = reason ? std::string_view(*reason) : std::string_view();
    const std::string_view m = mode ? std::string_view(*mode) : std::string_view();
    const Result<ConnectionMode> got =
        transition_mode(*state, reason ? &r : nullptr, mode ? &m : nullptr);
    if (!got.ok()) return fail(got.error());
    return std::pair{*state, got.value()};
}

int read_run_options(Args& args, RunOptions& o, const char* argv0) {
    if (int rc = read_host_options(args, o.host, argv0); rc >= 0) return rc;
    o.json = args.flag("--json");
    o.verbose = args.flag("--verbose");
    // The text transcript shows debug lines only with --verbose; --json keeps every line.
    if (!o.json && !o.verbose) o.host.engine.log_level = LogLevel::info;
    if (auto initial = args.value("--initial")) {
        const auto parsed = parse_initial(*initial);
        if (!parsed.ok()) return args.usage_error("--initial: " + parsed.error());
        std::tie(o.host.initial, o.host.initial_mode) = parsed.value();
    }
    const auto file = args.value("--scenario");
    const auto events = args.value("--events");
    const auto rest = args.rest();
    if (!args.ok()) return args.usage_error(args.error());
    if (!rest.empty()) return args.usage_error("unexpected argument \"" + rest.front() + "\"");
    if (file && events) return args.usage_error("give --scenario or --events, not both");
    o.scenario_file = file;
    o.events = events;
    if (file) o.scenario_name = *file;
    if (events) o.scenario_name = "--events";
    // The whole scenario is checked before anything runs; it is read again as it plays, so
    // that a scenario of any length runs in constant memory.
    if (Status valid = play_scenario(o, nullptr); !valid.ok()) {
        std::fprintf(stderr, "fakehost run: %s\nnothing was run\n", valid.error().c_str());
        return 2;
    }
    return -1;
}

std::string summary(const RecordingPlatform::Counts& c, std::size_t notifications) {
    return std::to_string(notifications) + " notifications, " + std::to_string(c.logs) +
           " log lines, " + std::to_string(c.notices) + " notices, " + std::to_string(c.runs) +
           " runs, " + std::to_string(c.state_requests) + " state requests, " +
           std::to_string(c.errors) + " errors" +
           // Only when there were any: most scripts never ask, and the line stays as it was.
           (c.send_receives ? ", " + std::to_string(c.send_receives) + " Send/Receive requests"
                            : std::string());
}

} // namespace

bool journal_usable(FakeHost& host, const char* command) {
    const std::string& error = host.core().engine().journal_error();
    if (error.empty()) return true;
    std::fprintf(stderr, "fakehost %s: %s\n", command, error.c_str());
    return false;
}

int run(Args& args, const char* argv0) {
    RunOptions o;
    if (int rc = read_run_options(args, o, argv0); rc >= 0) return rc;

    Transcript transcript(stdout, o.json, o.verbose);
    transcript.live = o.host.live;
    InotifyWatch watch; // --live: scripts changed while it runs are reloaded, as in Outlook
    if (o.host.live) {
        o.host.engine.hot_reload = true;
        o.host.folder_watch = &watch;
    }
    FakeHost host(o.host);
    std::size_t sent = 0;
    host.record().listener = &transcript;
    host.record().keep_history = false; // the transcript has every record as it happens
    host.outlook().on_send = [&](const MAPIOFFLINE_NOTIFY& n) {
        ++sent;
        transcript.on_send(n, host.now(), host.outlook().mode());
    };
    if (!journal_usable(host, "run")) return 2;
    const std::string machine =
        o.host.machine_dir.empty()
            ? ""
            : " and the machine's " + path_to_utf8(o.host.machine_dir) + " (winning clashes)";
    const std::string mode = o.host.initial_mode == ConnectionMode::unknown
                                 ? ""
                                 : std::string(" (mode ") + to_string(o.host.initial_mode) + ")";
    transcript.host_line(0, "scripts from " + path_to_utf8(o.host.dir) + machine + "; Outlook is " +
                                to_string(o.host.initial) + mode + "; playing " + o.scenario_name);
    if (Status started = host.start(); !started.ok()) {
        std::fprintf(stderr, "fakehost run: the add-in did not start: %s\n",
                     started.error().c_str());
        return 1;
    }
    transcript.host_line(0, std::to_string(host.core().engine().scripts().size()) +
                                " script(s) running");
    const Status played = play_scenario(o, &host);
    if (!played.ok()) // it changed since it was checked
        std::fprintf(stderr, "fakehost run: %s\nthe rest of the scenario was not played\n",
                     played.error().c_str());
    if (o.host.live) host.settle(o.host.engine.default_run_timeout);
    host.stop();
    transcript.host_line(host.now(), "done: " + summary(host.record().counts(), sent));
    if (!journal_usable(host, "run")) return 1;
    if (!played.ok()) return 2;
    return host.record().counts().errors == 0 ? 0 : 1;
}

} // namespace oh::cli
