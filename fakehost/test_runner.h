// `fakehost test`: runs Lua test files (describe/it/assert) against fresh fake hosts.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

struct lua_State;

namespace oh {

extern const char* const test_prelude;

struct TestResult {
    std::string name;
    int line = 0;
    bool passed = false;
    std::string message; // why it failed: file:line and what was expected
    double seconds = 0.0;
};

struct TestFileResult {
    std::filesystem::path file;
    std::string load_error; // the file could not run: its tests are unknown
    std::vector<TestResult> tests;
};

// Longest a single test may run (real time) before it is stopped: a test is code too.
constexpr double test_time_limit = 20.0;

TestFileResult run_test_file(const std::filesystem::path& file,
                             const std::function<void(const TestResult&)>& on_result);

// Adds the global `fakehost` (fakehost.new) to a test state. `test_dir` resolves relative
// paths that do not exist from the current folder; hosts are created in `hosts`.
void open_test_host_api(lua_State* L);

} // namespace oh
