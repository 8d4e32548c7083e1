// fakehost replay JOURNAL [--scripts DIR] [--json]: plays an event journal written by the
// add-in back into the scripts, with its original timing on the virtual clock.
#include "cli.h"
#include "duration.h"
#include "journal.h"
#include "long_path.h"
#include "text_file.h"
#include "transcript.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
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

namespace {

// Plays the entries a JournalReader streams, in constant memory, reporting what it skips.
class Replayer {
  public:
    Replayer(std::string name, JournalReader& reader) : name_(std::move(name)), reader_(reader) {}

    // Every problem the reader met so far, as "file:line: message (line skipped)".
    void report() {
        std::fflush(stdout); // the transcript's lines before it come first
        for (const auto& p : problems_)
            std::fprintf(stderr, "%s:%d: %s (line skipped)\n", name_.c_str(), p.line,
                         p.message.c_str());
        skipped_ += problems_.size();
        problems_.clear();
    }

    bool next(JournalEntry& e) {
        const bool got = reader_.next(e, problems_);
        report();
        return got;
    }

    // Plays e at its time, or at the time of the line before when the clock went back.
    void play(FakeHost& host, const JournalEntry& e, double epoch) {
        double t = e.time - epoch;
        if (t > max_duration_seconds) {
            warn(e.line,
                 "the time is " + format_duration(t) + " after the first notification, past " +
                     format_duration(max_duration_seconds) + ", the longest replay (line skipped)");
            ++skipped_;
            return;
        }
        if (t < host.now()) {
            warn(e.line, "the time goes backwards by " + format_duration(host.now() - t) +
                             "; played at " + format_virtual_time(host.now()) +
                             ", the time of the line before");
            t = host.now();
        }
        host.advance_to(t);
        // The mode the add-in read for it, when the journal has it ("unknown" otherwise), so
        // that the scripts see the e.mode and e.reason they saw in Outlook.
        host.outlook().set_mode(e.n.mode);
        host.send_raw(raw_of(e.n));
        ++replayed_;
    }

    std::size_t replayed() const { return replayed_; }
    std::size_t skipped() const { return skipped_; }

  private:
    void warn(int line, const std::string& message) {
        std::fflush(stdout);
        std::fprintf(stderr, "%s:%d: %s\n", name_.c_str(), line, message.c_str());
    }

    std::string name_;
    JournalReader& reader_;
    std::vector<JournalProblem> problems_;
    std::size_t replayed_ = 0, skipped_ = 0;
};

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
    const std::string name = path_to_utf8(file);
    // A FIFO would block the open until some writer came, for ever if none does.
    std::error_code ec;
    const fs::file_type type = fs::status(os_path(file), ec).type();
    if (type == fs::file_type::directory || type == fs::file_type::fifo ||
        type == fs::file_type::socket) {
        std::fprintf(stderr, "fakehost replay: %s: is %s, not a journal\n", name.c_str(),
                     type == fs::file_type::directory ? "a folder" : "a FIFO or socket");
        return 2;
    }
    std::ifstream in(os_path(file), std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "fakehost replay: cannot open %s: %s\n", name.c_str(),
                     std::strerror(errno));
        return 2;
    }
    JournalReader reader(in);
    Replayer replayer(name, reader);
    JournalEntry first;
    if (!replayer.next(first)) {
        if (!reader.encoding_error().empty()) {
            std::fprintf(stderr, "fakehost replay: %s: %s\n", name.c_str(),
                         reader.encoding_error().c_str());
            return 2;
        }
        std::fprintf(stderr, "fakehost replay: %s holds no notification to replay\n", name.c_str());
        return 1;
    }

    // Virtual 0 is the first notification's second, so os.date() in scripts shows the
    // journal's own times.
    options.epoch = std::floor(first.time);
    options.initial = first.n.old_state != State::unknown ? first.n.old_state : State::online;
    // As in `run`: debug lines unformatted unless shown, and nothing kept once printed.
    if (!json && !verbose) options.engine.log_level = LogLevel::info;
    Transcript transcript(stdout, json, verbose);
    transcript.live = options.live;
    FakeHost host(options);
    if (!journal_usable(host, "replay")) return 2;
    host.record().listener = &transcript;
    host.record().keep_history = false;
    host.outlook().on_send = [&](const MAPIOFFLINE_NOTIFY& n) {
        transcript.on_send(n, host.now(), host.outlook().mode());
    };
    if (Status started = host.start(); !started.ok()) {
        std::fprintf(stderr, "fakehost replay: the add-in did not start: %s\n",
                     started.error().c_str());
        return 1;
    }
    transcript.host_line(0, "replaying the notifications of " + name);
    JournalEntry e = first;
    do {
        replayer.play(host, e, options.epoch);
    } while (replayer.next(e));
    if (options.live) host.settle(options.engine.default_run_timeout);
    host.stop();
    transcript.host_line(host.now(), "done: " + std::to_string(replayer.replayed()) +
                                         " replayed, " + std::to_string(replayer.skipped()) +
                                         " line(s) skipped, " +
                                         std::to_string(host.record().counts().errors) + " errors");
    if (!journal_usable(host, "replay")) return 1;
    return host.record().counts().errors == 0 && replayer.skipped() == 0 ? 0 : 1;
}

} // namespace oh::cli
