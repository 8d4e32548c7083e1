#include "live_runner.h"

#include <chrono>

#ifndef _WIN32
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

// POSIX has the program declare it; glibc also does, under _GNU_SOURCE.
extern char** environ; // NOLINT(readability-redundant-declaration)
#endif

namespace oh {

#ifndef _WIN32

namespace {

struct Pipe {
    int fd[2] = {-1, -1};
    Pipe() {
        if (::pipe(fd) != 0) fd[0] = fd[1] = -1;
    }
    ~Pipe() {
        close_end(0);
        close_end(1);
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    void close_end(int i) {
        if (fd[i] >= 0) ::close(fd[i]);
        fd[i] = -1;
    }
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

bool spawn(const std::vector<std::string>& argv, Pipe& out, Pipe& err, pid_t& pid) {
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);
    posix_spawn_file_actions_addclose(&actions, out.fd[0]);
    posix_spawn_file_actions_addclose(&actions, err.fd[0]);
    // A process group of its own (its id is the pid): whatever it starts can be ended with it.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    const int rc = posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0;
}

} // namespace

struct LiveRunner::Watch {
    std::uint64_t id = 0;
    pid_t pid = 0;
    std::shared_ptr<Pipe> out, err;
    double timeout = 0.0;
    RunDone done;
};

void LiveRunner::run(std::uint64_t id, const std::vector<std::string>& argv, double timeout,
                     RunDone done) {
    auto out = std::make_shared<Pipe>();
    auto err = std::make_shared<Pipe>();
    pid_t pid = 0;
    if (out->fd[0] < 0 || err->fd[0] < 0 || !spawn(argv, *out, *err, pid)) {
        RunResult r;
        r.err = "cannot start " + argv[0] + ": " + std::strerror(errno);
        done(std::move(r));
        return;
    }
    out->close_end(1);
    err->close_end(1);
    std::lock_guard lock(mutex_);
    pids_[id] = pid;
    groups_.push_back(pid);
    threads_.emplace_back([this, w = Watch{id, pid, out, err, timeout, std::move(done)}]() mutable {
        watch(std::move(w));
    });
}

// Reads the program's output until it has ended (or its timeout, or the runner's end, has
// ended it), then reports.
void LiveRunner::watch(Watch w) {
    using clock = std::chrono::steady_clock;
    const auto started = clock::now();
    RunResult r;
    pollfd fds[2] = {{w.out->fd[0], POLLIN, 0}, {w.err->fd[0], POLLIN, 0}};
    std::string* sinks[2] = {&r.out, &r.err};
    int status = 0;
    bool exited = false;
    auto exited_at = started, last_output = started;
    char buf[65536];
    for (;;) {
        if (!exited && ::waitpid(w.pid, &status, WNOHANG) == w.pid) {
            exited = true;
            exited_at = last_output = clock::now(); // what is in the pipes still gets read
        }
        const bool open = fds[0].fd >= 0 || fds[1].fd >= 0;
        if (exited && (!open || seconds_since(last_output) >= quiet_after_exit ||
                       seconds_since(exited_at) >= max_read_after_exit))
            break; // what still holds the pipes is a child it left behind
        const bool timed_out = w.timeout > 0 && seconds_since(started) >= w.timeout;
        if (!exited && (timed_out || stopping_)) {
            ::kill(-w.pid, SIGKILL);
            while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
            }
            r.timed_out = timed_out;
            exited = true;
            break;
        }
        if (!open) { // it closed its output but runs on
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            continue;
        }
        if (::poll(fds, 2, 20) <= 0) continue;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
            if (n <= 0) {
                fds[i].fd = -1;
                continue;
            }
            last_output = clock::now();
            const std::size_t room = max_output - std::min(max_output, sinks[i]->size());
            sinks[i]->append(buf, std::min(room, static_cast<std::size_t>(n)));
        }
    }
    // Killed by a signal (ours included): no exit code.
    if (WIFEXITED(status)) r.code = WEXITSTATUS(status);
    {
        std::lock_guard inner(mutex_);
        pids_.erase(w.id);
    }
    w.out.reset();
    w.err.reset();
    w.done(std::move(r));
}

void LiveRunner::kill(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    auto it = pids_.find(id);
    if (it != pids_.end()) ::kill(-static_cast<pid_t>(it->second), SIGKILL);
}

LiveRunner::~LiveRunner() {
    stopping_ = true;
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(mutex_);
        threads.swap(threads_);
    }
    for (auto& t : threads) t.join(); // each kills its program's group if it still runs
    // Children a finished program left running in its group end with the host too.
    for (long group : groups_) ::kill(-static_cast<pid_t>(group), SIGKILL);
}

bool LiveRunner::desktop_notify(const std::string& title, const std::string& text) {
    Pipe out, err;
    pid_t pid = 0;
    if (!spawn({"notify-send", "--app-name=OfflineHooks", title, text}, out, err, pid))
        return false;
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

#else

void LiveRunner::run(std::uint64_t, const std::vector<std::string>&, double, RunDone done) {
    RunResult r;
    r.err = "--live is not available in this build of the fake host";
    done(std::move(r));
}
void LiveRunner::kill(std::uint64_t) {}
LiveRunner::~LiveRunner() = default;
bool LiveRunner::desktop_notify(const std::string&, const std::string&) {
    return false;
}

#endif

} // namespace oh
