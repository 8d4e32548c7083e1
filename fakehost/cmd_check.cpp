// fakehost check [--lint] [--machine-scripts MDIR] [DIR]: compiles every script, loads it in a
// throw-away host, and reports syntax errors, runtime errors at load and unknown event names
// with file:line. --lint also runs luacheck on DIR when it is installed, and counts what it
// reports. With MDIR, the machine's scripts are checked too and a user's script of the same
// name as a machine script is reported as not loaded, as the add-in does.
#include "cli.h"
#include "script_check.h"
#include "transcript.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#ifndef _WIN32
#include <cerrno>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

// POSIX has the program declare it; glibc also does, under _GNU_SOURCE.
extern char** environ; // NOLINT(readability-redundant-declaration)
#endif

namespace oh::cli {

namespace {

#ifndef _WIN32

// What a program printed (stdout and stderr together) and how it ended.
struct Captured {
    bool started = false;
    int status = -1; // the exit code; -1 when it was killed by a signal
    std::string output;
};

// Runs argv[0] from PATH without a shell and waits for it. One pipe takes both streams:
// luacheck reports on stdout but says why it could not run on stderr, and the user needs both.
Captured run_captured(const std::vector<std::string>& argv) {
    Captured c;
    int fd[2];
    if (::pipe(fd) != 0) return c;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addclose(&actions, fd[0]);
    posix_spawn_file_actions_adddup2(&actions, fd[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, fd[1], STDERR_FILENO);
    // Closing it when it is 1 or 2 itself (our stdout was closed) would undo the dup2.
    if (fd[1] > STDERR_FILENO) posix_spawn_file_actions_addclose(&actions, fd[1]);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fd[1]); // else the read below never sees the end of the output
    if (rc != 0) {
        ::close(fd[0]);
        return c;
    }
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd[0], buf, sizeof buf);
        if (n > 0)
            c.output.append(buf, static_cast<std::size_t>(n));
        else if (n == 0 || errno != EINTR)
            break;
    }
    ::close(fd[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    c.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    // Some C libraries report a failed exec only as exit status 127 from the child.
    c.started = !(c.status == 127 && c.output.empty());
    return c;
}

// The luacheck command for dir: its own .luacheckrc when it has one (it declares the hooks
// global and the test API); otherwise luacheck finds a config as it always does.
std::vector<std::string> luacheck_command(const fs::path& dir) {
    // The plain formatter prints one "file:line:col: (code) message" line per problem and
    // nothing else, so every line it prints is a problem to count.
    std::vector<std::string> cmd = {"luacheck", "--no-color", "--formatter", "plain", "--codes"};
    std::error_code ec;
    const fs::path config = dir / ".luacheckrc";
    if (fs::is_regular_file(config, ec)) {
        cmd.push_back("--config");
        cmd.push_back(path_to_utf8(config));
    }
    cmd.push_back(path_to_utf8(dir));
    return cmd;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    return lines;
}

#endif

// Runs luacheck on dir and prints what it says; the number of problems it found. A missing
// luacheck is not a problem in the scripts: the check says so and goes on without lint.
std::size_t lint(const fs::path& dir) {
#ifdef _WIN32
    (void)dir;
    std::printf("--lint is not available in this build\n");
    return 0;
#else
    const auto cmd = luacheck_command(dir);
    const Captured c = run_captured(cmd);
    if (!c.started) {
        std::printf("luacheck is not installed; skipping lint\n");
        return 0;
    }
    std::string shown;
    for (const auto& a : cmd) shown += (shown.empty() ? "" : " ") + a;
    const auto lines = lines_of(c.output);
    // Exit status 1 is warnings, 2 syntax errors, 3 and up luacheck itself failing (a bad
    // config, say): each a reason to fail, even if it printed nothing to count.
    const std::size_t problems =
        c.status == 0 ? lines.size() : std::max<std::size_t>(lines.size(), 1);
    std::printf("%s  %s\n", problems ? "FAIL" : "ok  ", shown.c_str());
    for (const auto& l : lines) std::printf("      %s\n", l.c_str());
    if (c.status != 0 && lines.empty())
        std::printf("      luacheck ended with exit status %d and said nothing\n", c.status);
    std::printf("luacheck: %zu problem(s)\n", problems);
    return problems;
#endif
}

} // namespace

int check(Args& args) {
    const bool want_lint = args.flag("--lint");
    const auto machine = args.value("--machine-scripts");
    const auto rest = args.rest();
    if (!args.ok()) return args.usage_error(args.error());
    if (rest.size() > 1) return args.usage_error("give at most one folder");
    const fs::path dir = rest.empty() ? fs::path(".") : path_from_utf8(rest.front());
    const fs::path machine_dir = machine ? path_from_utf8(*machine) : fs::path();
    std::error_code ec;
    for (const fs::path& d : {dir, machine_dir}) {
        if (d.empty() || fs::is_directory(d, ec)) continue;
        std::fprintf(stderr, "fakehost check: %s is not a folder\n", path_to_utf8(d).c_str());
        return 2;
    }
    Result<ScriptCheck> checked = check_scripts(dir, machine_dir);
    if (!checked.ok()) {
        std::fprintf(stderr, "fakehost check: %s\n", checked.error().c_str());
        return 2;
    }
    const ScriptCheck& found = checked.value();
    for (const auto& w : found.warnings) std::fprintf(stderr, "fakehost check: %s\n", w.c_str());
    if (found.scripts.empty()) {
        std::fprintf(stderr, "fakehost check: no scripts (*.lua) in %s\n",
                     path_to_utf8(dir).c_str());
        return 1;
    }
    for (const auto& s : found.scripts) {
        std::printf("%s  %s\n", s.problems.empty() ? "ok  " : "FAIL",
                    terminal_text(path_to_utf8(s.file), true).c_str());
        for (const auto& p : s.problems) std::printf("      %s\n", terminal_text(p, false).c_str());
    }
    for (const auto& f : found.shadowed)
        std::printf("skip  %s: a machine script of the same name loads instead\n",
                    terminal_text(path_to_utf8(f), true).c_str());
    const std::size_t bad = found.bad();
    std::printf("checked %zu script(s): %zu ok, %zu with problems\n", found.scripts.size(),
                found.scripts.size() - bad, bad);
    std::size_t lint_problems = want_lint ? lint(dir) : 0;
    if (want_lint && !machine_dir.empty()) lint_problems += lint(machine_dir);
    return bad || lint_problems ? 1 : 0;
}

} // namespace oh::cli
