#include "process_runner.h"

#include "process_pipes.h"
#include "process_runner_job.h"
#include "quote_argv.h"
#include "utf16.h"
#include "win_error.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace oh::win {

namespace {

// Windows' limit for a command line, in UTF-16 units, with its NUL.
constexpr std::size_t kMaxCommandLine = 32767;
// After the program has ended, how long its pipes may stay open before the watcher stops
// reading (only without a job can a program it started still hold them).
constexpr DWORD kDrainAfterExitMs = 300;

// CreateProcess runs a .bat or .cmd through cmd.exe, which parses the arguments again by its
// own rules (the "BatBadBut" problem): refused, so that hooks.run never involves a shell
// unless the script names cmd.exe itself.
bool is_batch_file(const std::string& program) {
    std::string p = program;
    while (!p.empty() && (p.back() == ' ' || p.back() == '.')) p.pop_back(); // as Windows does
    if (p.size() < 4) return false;
    std::string ext = p.substr(p.size() - 4);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".bat" || ext == ".cmd";
}

// Only the three handles given are inherited (PROC_THREAD_ATTRIBUTE_HANDLE_LIST), not every
// inheritable handle Outlook or another run has open. Owns the attribute list.
class InheritList {
  public:
    explicit InheritList(std::vector<HANDLE> handles) : handles_(std::move(handles)) {
        SIZE_T bytes = 0;
        InitializeProcThreadAttributeList(nullptr, 1, 0, &bytes);
        storage_.resize(bytes);
        auto* list = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(storage_.data());
        if (bytes == 0 || !InitializeProcThreadAttributeList(list, 1, 0, &bytes)) return;
        initialized_ = true;
        if (UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, handles_.data(),
                                      handles_.size() * sizeof(HANDLE), nullptr, nullptr))
            list_ = list;
    }
    ~InheritList() {
        if (initialized_)
            DeleteProcThreadAttributeList(
                reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(storage_.data()));
    }
    InheritList(const InheritList&) = delete;
    InheritList& operator=(const InheritList&) = delete;
    // nullptr when the list could not be built: then plain inheritance is used.
    LPPROC_THREAD_ATTRIBUTE_LIST get() const { return list_; }

  private:
    std::vector<HANDLE> handles_;
    std::vector<unsigned char> storage_;
    LPPROC_THREAD_ATTRIBUTE_LIST list_ = nullptr;
    bool initialized_ = false;
};

struct Started {
    UniqueHandle process;
    ProcessJob job;          // empty when the program could not be put in one
    std::string job_problem; // why not
    UniqueHandle out;
    UniqueHandle err;
};

// Starts argv with stdout/stderr to fresh pipes and stdin from NUL, or says why not.
Status start_program(const RunRequest& request, const std::filesystem::path& working_dir,
                     Started& started) {
    const std::string program = request.argv.empty() ? std::string() : request.argv[0];
    if (is_batch_file(program))
        return fail("batch files run through cmd.exe, which re-parses their arguments; name "
                    "cmd.exe yourself ({\"cmd.exe\", \"/c\", ...}) if that is what you want");
    const Result<std::string> line = quote_argv(request.argv);
    if (!line.ok()) return fail(line.error());
    std::wstring command_line = to_utf16(line.value());
    if (command_line.size() >= kMaxCommandLine)
        return fail("the command line is longer than Windows allows (32767 characters)");

    Result<Pipe> out_pipe = make_pipe();
    if (!out_pipe.ok()) return fail(out_pipe.error());
    Result<Pipe> err_pipe = make_pipe();
    if (!err_pipe.ok()) return fail(err_pipe.error());
    Pipe& out = out_pipe.value();
    Pipe& err = err_pipe.value();
    UniqueHandle nul = open_nul_for_stdin();
    if (!valid(nul)) return fail("cannot open NUL for stdin: " + last_error_text());

    InheritList inherit({nul.get(), out.write.get(), err.write.get()});
    STARTUPINFOEXW si{};
    si.StartupInfo.cb = static_cast<DWORD>(inherit.get() ? sizeof si : sizeof si.StartupInfo);
    si.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    si.StartupInfo.hStdInput = nul.get();
    si.StartupInfo.hStdOutput = out.write.get();
    si.StartupInfo.hStdError = err.write.get();
    si.lpAttributeList = inherit.get();
    DWORD flags = CREATE_NO_WINDOW | CREATE_UNICODE_ENVIRONMENT;
    if (inherit.get()) flags |= EXTENDED_STARTUPINFO_PRESENT;

    std::error_code ec;
    // A current folder of MAX_PATH characters or more is refused by Windows (and aborts the
    // process under Wine 8): programs of a scripts folder that deep start in Outlook's own.
    const bool use_dir = !working_dir.empty() && working_dir.native().size() < MAX_PATH &&
                         std::filesystem::is_directory(working_dir, ec);
    // Suspended until it is in its job, so that nothing it starts can escape the job.
    flags |= CREATE_SUSPENDED;
    auto create = [&](DWORD extra, PROCESS_INFORMATION& pi) {
        return CreateProcessW(nullptr, command_line.data(), nullptr, nullptr, TRUE, flags | extra,
                              nullptr, use_dir ? working_dir.c_str() : nullptr, &si.StartupInfo,
                              &pi) != FALSE;
    };
    PROCESS_INFORMATION pi{};
    if (!create(0, pi)) return fail(last_error_text());
    JobAdoption adoption = started.job.adopt(pi.hProcess);
    if (!adoption.status.ok() && adoption.breakaway) {
        // Windows 7 inside a job that lets children leave it: start again, outside it.
        PROCESS_INFORMATION again{};
        if (create(CREATE_BREAKAWAY_FROM_JOB, again)) {
            TerminateProcess(pi.hProcess, 1); // never ran a single instruction
            CloseHandle(pi.hProcess);
            CloseHandle(pi.hThread);
            pi = again;
            adoption = started.job.adopt(pi.hProcess);
        }
    }
    started.job_problem = adoption.status.error();
    ResumeThread(pi.hThread);
    CloseHandle(pi.hThread);
    started.process.reset(pi.hProcess);
    // Our copies of the program's ends close here, so that the pipes break when it ends.
    started.out = std::move(out.read);
    started.err = std::move(err.read);
    return {};
}

// Ends the program and everything it started (only the program when there is no job).
void end_tree(HANDLE process, const ProcessJob& job) {
    if (job)
        job.terminate();
    else
        TerminateProcess(process, 1);
}

// Waits for the program's end while collecting its output; on `stop`, ends it first. When the
// program itself exits, what it started and left running is ended with it: a run is one
// process tree, and the pipes then break at once instead of staying open in a grandchild.
RunResult watch(HANDLE process, const ProcessJob& job, HANDLE stop, const std::atomic<bool>& killed,
                UniqueHandle out, UniqueHandle err) {
    RunResult result;
    std::string out_bytes, err_bytes;
    PipeReader readers[2] = {{std::move(out), out_bytes, ProcessRunner::kMaxOutput},
                             {std::move(err), err_bytes, ProcessRunner::kMaxOutput}};
    for (auto& r : readers) r.start();

    bool exited = false;
    bool stopping = false;
    ULONGLONG drain_until = 0;
    for (;;) {
        if (exited && !readers[0].open() && !readers[1].open()) break;
        HANDLE handles[4];
        DWORD n = 0;
        handles[n++] = stop;
        const DWORD process_index = exited ? MAXDWORD : n;
        if (!exited) handles[n++] = process;
        DWORD reader_index[2] = {MAXDWORD, MAXDWORD};
        for (int i = 0; i < 2; ++i) {
            if (!readers[i].open()) continue;
            reader_index[i] = n;
            handles[n++] = readers[i].event();
        }
        DWORD timeout = INFINITE;
        if (exited) {
            const ULONGLONG now = GetTickCount64();
            if (now >= drain_until) break;
            timeout = static_cast<DWORD>(drain_until - now);
        }
        const DWORD w = WaitForMultipleObjects(n, handles, FALSE, timeout);
        if (w == WAIT_TIMEOUT || w == WAIT_FAILED) break;
        const DWORD which = w - WAIT_OBJECT_0;
        if (which == 0) { // shutdown: the program does not outlive the add-in
            end_tree(process, job);
            stopping = true;
            break;
        }
        if (which == process_index) {
            exited = true;
            job.terminate(); // its background children, if any
            drain_until = GetTickCount64() + kDrainAfterExitMs;
            continue;
        }
        for (int i = 0; i < 2; ++i)
            if (which == reader_index[i]) readers[i].complete();
    }
    for (auto& r : readers) r.cancel();

    DWORD code = 0;
    if (!stopping && !killed.load() && WaitForSingleObject(process, 0) == WAIT_OBJECT_0 &&
        GetExitCodeProcess(process, &code))
        result.code = static_cast<int>(code);
    if (stopping) err_bytes += "\n[OfflineHooks: ended because Outlook is closing]";
    result.out = console_to_utf8(out_bytes);
    result.err = console_to_utf8(err_bytes);
    return result;
}

void report(const RunDone& done, RunResult result) noexcept {
    try {
        done(std::move(result));
    } catch (...) {
        // The engine's callback only queues the result; nothing to add if even that fails.
    }
}

} // namespace

ProcessRunner::ProcessRunner(std::filesystem::path working_dir)
    : working_dir_(std::move(working_dir)),
      stop_event_(CreateEventW(nullptr, TRUE, FALSE, nullptr)) {}

ProcessRunner::~ProcessRunner() {
    shutdown();
}

void ProcessRunner::run(const RunRequest& request, RunDone done) {
    reap_finished();
    const std::string program = request.argv.empty() ? std::string("(nothing)") : request.argv[0];
    auto fail = [&](const std::string& why) {
        RunResult r;
        r.err = "cannot start " + program + ": " + why;
        report(done, std::move(r));
    };
    {
        std::lock_guard lock(mutex_);
        if (stopped_ || !stop_event_) return fail("the add-in is shutting down");
    }
    Started started;
    const Status start = start_program(request, working_dir_, started);
    if (!start.ok()) return fail(start.error());

    if (!started.job_problem.empty() && warn_ && !warned_no_job_.exchange(true))
        warn_("programs started by hooks.run run outside a Job Object (" + started.job_problem +
              "): on a timeout, a kill or Outlook's shutdown only the program itself is ended, "
              "not what it started");
    auto run = std::make_unique<Run>();
    run->id = request.id;
    run->process = std::move(started.process);
    run->job = std::move(started.job);
    Run& r = *run;
    std::lock_guard lock(mutex_);
    try {
        r.watcher = std::thread([&r, stop = stop_event_.get(), out = std::move(started.out),
                                 err = std::move(started.err), done]() mutable {
            RunResult result;
            try {
                result =
                    watch(r.process.get(), r.job, stop, r.killed, std::move(out), std::move(err));
            } catch (...) {
                result.err = "OfflineHooks lost track of the program (out of memory?)";
            }
            report(done, std::move(result));
            r.finished.store(true);
        });
    } catch (...) {
        end_tree(r.process.get(), r.job);
        RunResult result;
        result.err = "cannot start " + program + ": no thread to watch it";
        report(done, std::move(result));
        return;
    }
    runs_.push_back(std::move(run));
}

void ProcessRunner::kill(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    for (auto& r : runs_) {
        if (r->id != id || r->finished.load()) continue;
        r->killed.store(true);
        end_tree(r->process.get(), r->job);
    }
}

void ProcessRunner::reap_finished() {
    std::list<std::unique_ptr<Run>> done;
    {
        std::lock_guard lock(mutex_);
        for (auto it = runs_.begin(); it != runs_.end();) {
            if ((*it)->finished.load()) {
                done.push_back(std::move(*it));
                it = runs_.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (auto& r : done)
        if (r->watcher.joinable()) r->watcher.join(); // returns at once: it has finished
}

void ProcessRunner::shutdown() {
    std::list<std::unique_ptr<Run>> all;
    {
        std::lock_guard lock(mutex_);
        stopped_ = true;
        all.swap(runs_);
    }
    if (stop_event_) SetEvent(stop_event_.get());
    for (auto& r : all)
        if (r->watcher.joinable()) r->watcher.join();
}

} // namespace oh::win
