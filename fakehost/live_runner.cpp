#include "live_runner.h"

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

// Reads both pipes until both are closed, keeping at most max bytes of each.
void drain(int out_fd, int err_fd, std::string& out, std::string& err, std::size_t max) {
    pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    std::string* sinks[2] = {&out, &err};
    int open = 2;
    char buf[4096];
    while (open > 0) {
        if (::poll(fds, 2, -1) < 0) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
            if (n <= 0) {
                fds[i].fd = -1;
                --open;
                continue;
            }
            const std::size_t room = max - std::min(max, sinks[i]->size());
            sinks[i]->append(buf, std::min(room, static_cast<std::size_t>(n)));
        }
    }
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
    const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0;
}

} // namespace

void LiveRunner::run(std::uint64_t id, const std::vector<std::string>& argv, RunDone done) {
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
    threads_.emplace_back([this, id, pid, out, err, done = std::move(done)] {
        RunResult r;
        drain(out->fd[0], err->fd[0], r.out, r.err, max_output);
        int status = 0;
        ::waitpid(pid, &status, 0);
        if (WIFEXITED(status)) r.code = WEXITSTATUS(status);
        {
            std::lock_guard inner(mutex_);
            pids_.erase(id);
        }
        done(std::move(r));
    });
}

void LiveRunner::kill(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    auto it = pids_.find(id);
    if (it != pids_.end()) ::kill(static_cast<pid_t>(it->second), SIGKILL);
}

LiveRunner::~LiveRunner() {
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, pid] : pids_) ::kill(static_cast<pid_t>(pid), SIGKILL);
        threads.swap(threads_);
    }
    for (auto& t : threads) t.join();
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

void LiveRunner::run(std::uint64_t, const std::vector<std::string>&, RunDone done) {
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
