#include "event.h"

namespace oh {

const char* to_string(State s) {
    switch (s) {
    case State::online:
        return "online";
    case State::offline:
        return "offline";
    case State::unknown:
        break;
    }
    return "unknown";
}

const char* to_string(Phase p) {
    switch (p) {
    case Phase::start:
        return "start";
    case Phase::change:
        return "change";
    case Phase::done:
        return "done";
    }
    return "change";
}

std::optional<State> parse_state(std::string_view s) {
    if (s == "online") return State::online;
    if (s == "offline") return State::offline;
    return std::nullopt;
}

std::optional<Phase> parse_phase(std::string_view s) {
    if (s == "start") return Phase::start;
    if (s == "change") return Phase::change;
    if (s == "done") return Phase::done;
    return std::nullopt;
}

} // namespace oh
