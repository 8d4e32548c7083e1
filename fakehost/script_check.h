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
    // Every *.lua but *_test.lua the add-in would load: the machine folder's first, sorted.
    std::vector<ScriptFinding> scripts;
    // The user's scripts a machine script of the same name hides (the add-in loads it instead).
    std::vector<std::filesystem::path> shadowed;
    // Entries skipped while listing (a link loop, a FIFO named x.lua): "<path>: <why>".
    std::vector<std::string> warnings;
    std::size_t bad() const;
};

// Checks the scripts of `dir`, and of `machine_dir` unless empty, loaded together as the
// add-in loads them (folders: the caller makes sure). Fails only when the host itself could
// not start ("the add-in did not start: ...").
Result<ScriptCheck> check_scripts(const std::filesystem::path& dir,
                                  const std::filesystem::path& machine_dir = {});

} // namespace oh::cli
