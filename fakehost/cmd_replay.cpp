// fakehost replay JOURNAL [--scripts DIR] [--json]: plays an event journal written by the
// add-in back into the scripts, with its original timing on the virtual clock.
#include "cli.h"
#include "journal.h"
#include "transcript.h"

#include <cmath>
#include <cstdio>
#include <fstream>

namespace oh::cli {

namespace {

RawNotify raw_of(const Notification& n) {
    RawNotify r;
    r.size = n.raw_size;
    r.type = n.raw_type;
    r.mask = n.raw_mask;
    r.old_state = n.raw_old;
    r.new_state = n.raw_new;
    r.token = n.token;
    r.token_given = true;
    return r;
}

} // namespace

int replay(Args& args, const char* argv0) {
    FakeHostOptions options;
    if (int rc = read_host_options(args, options, argv0); rc >= 0) return rc;
    const bool json = args.flag("--json");
    const bool verbose = args.flag("--verbose");
    const auto rest = args.rest();
    if (!args.ok()) return args.usage_error(args.error());
    if (rest.size() != 1) return args.usage_error("give one journal file");

    const fs::path file = path_from_utf8(rest.front());
    std::ifstream in(os_path(file), std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "fakehost replay: cannot open %s\n", path_to_utf8(file).c_str());
        return 2;
    }
    std::vector<JournalProblem> problems;
    const auto entries = read_journal(in, problems);
    for (const auto& p : problems)
        std::fprintf(stderr, "%s:%d: %s (line skipped)\n", path_to_utf8(file).c_str(), p.line,
                     p.message.c_str());
    if (entries.empty()) {
        std::fprintf(stderr, "fakehost replay: %s holds no notification to replay\n",
                     path_to_utf8(file).c_str());
        return 1;
    }

    // Virtual 0 is the first notification's second, so os.date() in scripts shows the
    // journal's own times.
    options.epoch = std::floor(entries.front().time);
    options.initial =
        entries.front().n.old_state != State::unknown ? entries.front().n.old_state : State::online;
    // As in `run`: debug lines unformatted unless shown, and nothing kept once printed.
    if (!json && !verbose) options.engine.log_level = LogLevel::info;
    Transcript transcript(stdout, json, verbose);
    transcript.live = options.live;
    FakeHost host(options);
    host.record().listener = &transcript;
    host.record().keep_history = false;
    host.outlook().on_send = [&](const MAPIOFFLINE_NOTIFY& n) {
        transcript.on_send(n, host.now());
    };
    if (auto error = host.start()) {
        std::fprintf(stderr, "fakehost replay: the add-in did not start: %s\n", error->c_str());
        return 1;
    }
    transcript.host_line(0, "replaying " + std::to_string(entries.size()) +
                                " notification(s) from " + path_to_utf8(file));
    for (const auto& e : entries) {
        host.advance_to(std::max(0.0, e.time - options.epoch));
        host.send_raw(raw_of(e.n));
    }
    if (options.live) host.settle(options.engine.default_run_timeout);
    host.stop();
    transcript.host_line(host.now(), "done: " + std::to_string(entries.size()) + " replayed, " +
                                         std::to_string(problems.size()) + " line(s) skipped, " +
                                         std::to_string(host.record().errors.size()) + " errors");
    return host.record().errors.empty() && problems.empty() ? 0 : 1;
}

} // namespace oh::cli
