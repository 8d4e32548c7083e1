// The Windows process runner under Wine: each hooks.run is one process tree, ended whole by a
// kill (which a timeout is), by shutdown, and when the program itself exits. The trees come
// from tree_child.exe (tests/addin/win/tree_child.cpp), built next to oh_tests.exe.
#ifdef _WIN32
#include "catch.hpp"
#include "support.h"

#include "process_runner.h"
#include "text_file.h"

#include <fstream>
#include <future>
#include <sstream>

using namespace oh;
using namespace oh::test;
using oh::win::ProcessRunner;

namespace {

std::string tree_child() {
    wchar_t self[MAX_PATH];
    GetModuleFileNameW(nullptr, self, MAX_PATH);
    return path_to_utf8(fs::path(self).parent_path() / "tree_child.exe");
}

// One run through the runner, its result awaited with a generous bound.
struct Run {
    std::promise<RunResult> promise;
    std::future<RunResult> result = promise.get_future();

    void start(ProcessRunner& runner, std::uint64_t id, std::vector<std::string> argv) {
        RunRequest request;
        request.id = id;
        request.argv = std::move(argv);
        runner.run(request, [this](RunResult r) { promise.set_value(std::move(r)); });
    }
    bool ended_within(double seconds) {
        return result.wait_for(std::chrono::duration<double>(seconds)) == std::future_status::ready;
    }
};

// The PIDs tree_child wrote, once the file is there. Wine on a loaded machine took over 20 s
// to start 100 processes, so the wait is long; a healthy run is done in well under a second.
std::vector<DWORD> read_pids(const fs::path& file) {
    const auto t0 = std::chrono::steady_clock::now();
    std::error_code ec;
    while (!fs::exists(file, ec) && seconds_since(t0) < 90) Sleep(20);
    std::ifstream in(file);
    std::vector<DWORD> pids;
    for (unsigned long pid = 0; in >> pid;) pids.push_back(static_cast<DWORD>(pid));
    return pids;
}

// Handles on the processes, opened while they run, so that their end can be awaited.
std::vector<oh::win::UniqueHandle> open_all(const std::vector<DWORD>& pids) {
    std::vector<oh::win::UniqueHandle> handles;
    for (DWORD pid : pids) {
        oh::win::UniqueHandle h(OpenProcess(SYNCHRONIZE, FALSE, pid));
        if (h) handles.push_back(std::move(h));
    }
    return handles;
}

// How many of them are still running after `seconds` (all are awaited together).
std::size_t still_running_after(const std::vector<oh::win::UniqueHandle>& handles, double seconds) {
    const auto t0 = std::chrono::steady_clock::now();
    std::size_t running = 0;
    for (const auto& h : handles) {
        const double left = std::max(0.0, seconds - seconds_since(t0));
        if (WaitForSingleObject(h.get(), static_cast<DWORD>(left * 1000)) != WAIT_OBJECT_0)
            ++running;
    }
    return running;
}

} // namespace

TEST_CASE("A program's background child is ended when the program exits, and the run ends at "
          "once",
          "[process][win]") {
    TempDir dir;
    ProcessRunner runner(dir.path());
    Run run;
    const auto t0 = std::chrono::steady_clock::now();
    run.start(runner, 1, {tree_child(), "exit", path_to_utf8(dir.path() / "pids")});
    const auto pids = read_pids(dir.path() / "pids");
    REQUIRE(pids.size() == 1);
    REQUIRE(pids[0] != 0);
    const auto handles = open_all(pids);
    REQUIRE(handles.size() == 1);
    std::ofstream(dir.path() / "pids.go") << "go";
    REQUIRE(run.ended_within(20));
    INFO("the run ended after " << seconds_since(t0) << " s");
    CHECK(seconds_since(t0) < 10); // not held up by the grandchild keeping stdout open
    const RunResult r = run.result.get();
    CHECK(r.code == 0);
    CHECK(r.out.find("started") != std::string::npos);
    CHECK(still_running_after(handles, 10) == 0);
}

TEST_CASE("A kill ends the whole process tree, which ignores Ctrl-C and close", "[process][win]") {
    TempDir dir;
    ProcessRunner runner(dir.path());
    Run run;
    run.start(runner, 7, {tree_child(), "wait", "3", path_to_utf8(dir.path() / "pids")});
    const auto handles = open_all(read_pids(dir.path() / "pids"));
    REQUIRE(handles.size() == 3);
    CHECK_FALSE(run.ended_within(0.5)); // runs until killed
    runner.kill(7);                     // what the engine does on a timeout too
    REQUIRE(run.ended_within(20));
    CHECK_FALSE(run.result.get().code);
    CHECK(still_running_after(handles, 10) == 0);
}

TEST_CASE("Shutdown ends the whole process tree of every run", "[process][win]") {
    TempDir dir;
    ProcessRunner runner(dir.path());
    Run a, b;
    a.start(runner, 1, {tree_child(), "wait", "2", path_to_utf8(dir.path() / "a")});
    b.start(runner, 2, {tree_child(), "wait", "2", path_to_utf8(dir.path() / "b")});
    auto handles = open_all(read_pids(dir.path() / "a"));
    for (auto& h : open_all(read_pids(dir.path() / "b"))) handles.push_back(std::move(h));
    REQUIRE(handles.size() == 4);
    const auto t0 = std::chrono::steady_clock::now();
    runner.shutdown();
    CHECK(seconds_since(t0) < 10);
    REQUIRE(a.ended_within(1));
    REQUIRE(b.ended_within(1));
    CHECK(a.result.get().err.find("Outlook is closing") != std::string::npos);
    CHECK(still_running_after(handles, 10) == 0);
}

TEST_CASE("A program that starts 100 children is ended with all of them", "[process][win]") {
    TempDir dir;
    ProcessRunner runner(dir.path());
    Run run;
    run.start(runner, 1, {tree_child(), "wait", "100", path_to_utf8(dir.path() / "pids")});
    const auto pids = read_pids(dir.path() / "pids");
    REQUIRE(pids.size() == 100);
    const auto handles = open_all(pids);
    runner.kill(1);
    REQUIRE(run.ended_within(20));
    CHECK(still_running_after(handles, 20) == 0);
}

TEST_CASE("A program that closes its stdout and runs on is still ended by a kill",
          "[process][win]") {
    TempDir dir;
    ProcessRunner runner(dir.path());
    Run run;
    run.start(runner, 1, {tree_child(), "mute", path_to_utf8(dir.path() / "pids")});
    const auto handles = open_all(read_pids(dir.path() / "pids"));
    REQUIRE(handles.size() == 1);
    CHECK_FALSE(run.ended_within(1)); // its pipes are closed, but it runs: the run goes on
    runner.kill(1);
    REQUIRE(run.ended_within(20));
    CHECK(still_running_after(handles, 10) == 0);
}

TEST_CASE("A program left running by cmd.exe /c start /b ends with the run", "[process][win]") {
    TempDir dir;
    ProcessRunner runner(dir.path());
    Run run;
    run.start(runner, 1,
              {"cmd.exe", "/c", "start", "/b", tree_child(), "wait", "1",
               path_to_utf8(dir.path() / "pids")});
    REQUIRE(run.ended_within(20)); // cmd.exe exits at once
    CHECK(run.result.get().code == 0);
    // What it started may not even have got as far as writing its PIDs; if it did, it is gone.
    Sleep(1000);
    std::error_code ec;
    if (fs::exists(dir.path() / "pids", ec))
        CHECK(still_running_after(open_all(read_pids(dir.path() / "pids")), 10) == 0);
}

TEST_CASE("A kill of cmd.exe /c ends the program it runs and that program's children",
          "[process][win]") {
    TempDir dir;
    ProcessRunner runner(dir.path());
    Run run;
    run.start(runner, 1,
              {"cmd.exe", "/c", tree_child(), "wait", "2", path_to_utf8(dir.path() / "pids")});
    const auto handles = open_all(read_pids(dir.path() / "pids"));
    REQUIRE(handles.size() == 2);
    runner.kill(1);
    REQUIRE(run.ended_within(20));
    CHECK(still_running_after(handles, 10) == 0);
}
#endif
