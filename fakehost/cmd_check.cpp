// fakehost check [--lint] [--machine-scripts MDIR] [DIR]: compiles every script, loads it in a
// throw-away host, and reports syntax errors, runtime errors at load and unknown event names
// with file:line. --lint also runs luacheck on DIR when it is installed, and counts what it
// reports. With MDIR, the machine's scripts are checked too and a user's script of the same
// name as a machine script is reported as not loaded, as the add-in does.
#include "cli.h"
#include "folder_scan.h"
#include "lua_include.h"
#include "text_file.h"
#include "transcript.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
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

// Larger than any script a person writes; a bigger file is refused, not read into memory.
constexpr std::size_t max_script_bytes = std::size_t{16} * 1024 * 1024;

// The scripts of dir; what cannot be listed (a link loop, a FIFO named x.lua) is skipped
// with a warning on stderr that names it.
std::vector<fs::path> scripts_in(const fs::path& dir) {
    const auto is_script = [](const std::string& name) {
        const auto ends_with = [&](std::string_view s) {
            return name.size() >= s.size() &&
                   name.compare(name.size() - s.size(), s.size(), s) == 0;
        };
        return ends_with(".lua") && !ends_with("_test.lua");
    };
    FolderScan scan = scan_folder_files(dir, false, is_script);
    for (const auto& w : scan.warnings) std::fprintf(stderr, "fakehost check: %s\n", w.c_str());
    return std::move(scan.files);
}

// The scripts the add-in would load from both folders, machine's first; the user's that a
// machine script of the same name hides go to `shadowed`.
std::vector<fs::path> scripts_of(const fs::path& dir, const fs::path& machine_dir,
                                 std::vector<fs::path>& shadowed) {
    std::vector<fs::path> files;
    if (!machine_dir.empty()) files = scripts_in(machine_dir);
    const std::size_t machine_count = files.size();
    for (auto& f : scripts_in(dir)) {
        const auto same = [&](const fs::path& m) { return m.stem() == f.stem(); };
        if (std::any_of(files.begin(), files.begin() + machine_count, same))
            shadowed.push_back(std::move(f));
        else
            files.push_back(std::move(f));
    }
    return files;
}

// Compiles without running: a syntax error, or empty.
std::string syntax_error(const fs::path& file) {
    const Result<TextFile> read = read_text_file(file, max_script_bytes);
    if (!read.ok()) return read.error();
    const TextFile& text = read.value();
    std::string error;
    lua_State* L = luaL_newstate();
    if (!L) return "cannot create a Lua state";
    const std::string chunk = "@" + path_to_utf8(file);
    if (luaL_loadbufferx(L, text.text.data(), text.text.size(), chunk.c_str(), "t") != LUA_OK)
        error = lua_tostring(L, -1) ? lua_tostring(L, -1) : "cannot compile";
    lua_close(L);
    return error;
}

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
    std::vector<fs::path> shadowed;
    const auto files = scripts_of(dir, machine_dir, shadowed);
    if (files.empty()) {
        std::fprintf(stderr, "fakehost check: no scripts (*.lua) in %s\n",
                     path_to_utf8(dir).c_str());
        return 1;
    }

    std::map<std::string, std::vector<std::string>> problems; // by script name
    for (const auto& f : files)
        if (auto e = syntax_error(f); !e.empty()) problems[path_to_utf8(f.stem())].push_back(e);

    // Load, start and stop them all in a throw-away host: errors at load, in "start" and in
    // "stop" handlers, and unknown event names (hooks.on raises) show up here.
    FakeHostOptions options;
    options.dir = dir;
    options.machine_dir = machine_dir;
    options.finish_runs_at_once = true;
    {
        FakeHost host(options);
        if (Status started = host.start(); !started.ok()) {
            std::fprintf(stderr, "fakehost check: the add-in did not start: %s\n",
                         started.error().c_str());
            return 2;
        }
        host.stop();
        for (const auto& e : host.record().errors) {
            auto& list = problems[e.error.script];
            if (list.empty()) list.push_back(e.error.message); // a syntax error is said once
        }
    }

    std::size_t bad = 0;
    for (const auto& f : files) {
        const auto it = problems.find(path_to_utf8(f.stem()));
        if (it == problems.end()) {
            std::printf("ok    %s\n", terminal_text(path_to_utf8(f), true).c_str());
            continue;
        }
        ++bad;
        std::printf("FAIL  %s\n", terminal_text(path_to_utf8(f), true).c_str());
        for (const auto& p : it->second) std::printf("      %s\n", terminal_text(p, false).c_str());
    }
    for (const auto& f : shadowed)
        std::printf("skip  %s: a machine script of the same name loads instead\n",
                    terminal_text(path_to_utf8(f), true).c_str());
    std::printf("checked %zu script(s): %zu ok, %zu with problems\n", files.size(),
                files.size() - bad, bad);
    std::size_t lint_problems = want_lint ? lint(dir) : 0;
    if (want_lint && !machine_dir.empty()) lint_problems += lint(machine_dir);
    return bad || lint_problems ? 1 : 0;
}

} // namespace oh::cli
