// What the engine's scripts are doing, for people: the add-in's ribbon shows it (a label and
// a menu of scripts). A plain copy, made on the dispatcher thread and read on any other.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace oh {

struct ScriptStatus {
    enum class Kind : std::uint8_t { running, quarantined, failed_to_load };
    std::string name; // the script's name (file stem)
    Kind kind = Kind::running;
    std::string last_error; // first line of the last error or load problem; empty: none
};
const char* to_string(ScriptStatus::Kind k); // "running" | "quarantined" | "failed to load"

struct EngineStatus {
    std::vector<ScriptStatus> scripts; // in script-name order
    std::size_t running = 0;
    std::size_t quarantined = 0;
    std::uint64_t errors = 0;  // script errors and load problems since the engine started
    std::uint64_t version = 0; // changes whenever anything above changed
};

} // namespace oh
