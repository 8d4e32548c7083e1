// What `fakehost check` finds in a scripts folder, as data: `check` prints it and `doctor`
// turns it into its own lines. Each script is compiled, then all are loaded, started and
// stopped in a throw-away host: syntax errors, errors at load, in "start" and "stop"
// handlers, and unknown event names, each with file:line.
#pragma once

#include "result.h"

#include <filesystem>
#include <string>
#include <vector>

namespace oh::cli {

struct ScriptFinding {
    std::filesystem::path file;
    std::vector<std::string> problems; // empty: the script is fine
};

struct ScriptCheck {
    std::vector<ScriptFinding> scripts; // every *.lua but *_test.lua, sorted
    // Entries skipped while listing (a link loop, a FIFO named x.lua): "<path>: <why>".
    std::vector<std::string> warnings;
    std::size_t bad() const;
};

// Checks the scripts of `dir` (a folder: the caller makes sure). Fails only when the host
// itself could not start ("the add-in did not start: ...").
Result<ScriptCheck> check_scripts(const std::filesystem::path& dir);

} // namespace oh::cli
