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

namespace {

struct ModeName {
    ConnectionMode mode;
    const char* name;
    long ol; // OlExchangeConnectionMode
};

constexpr ModeName mode_names[] = {
    {ConnectionMode::no_exchange, "no-exchange", 0},
    {ConnectionMode::offline, "offline", 100},
    {ConnectionMode::cached_offline, "cached-offline", 200},
    {ConnectionMode::disconnected, "disconnected", 300},
    {ConnectionMode::cached_disconnected, "cached-disconnected", 400},
    {ConnectionMode::cached_connected_headers, "cached-connected-headers", 500},
    {ConnectionMode::cached_connected_drizzle, "cached-connected-drizzle", 600},
    {ConnectionMode::cached_connected_full, "cached-connected-full", 700},
    {ConnectionMode::online, "online", 800},
};

} // namespace

const char* to_string(ConnectionMode m) {
    for (const auto& n : mode_names)
        if (n.mode == m) return n.name;
    return "unknown";
}

std::optional<ConnectionMode> parse_connection_mode(std::string_view s) {
    if (s == "unknown") return ConnectionMode::unknown;
    for (const auto& n : mode_names)
        if (s == n.name) return n.mode;
    return std::nullopt;
}

ConnectionMode connection_mode_from_ol(long value) {
    for (const auto& n : mode_names)
        if (n.ol == value) return n.mode;
    return ConnectionMode::unknown;
}

const char* to_string(Reason r) {
    switch (r) {
    case Reason::user:
        return "user";
    case Reason::network:
        return "network";
    case Reason::script:
        return "script";
    case Reason::unknown:
        break;
    }
    return "unknown";
}

std::optional<Reason> parse_reason(std::string_view s) {
    if (s == "user") return Reason::user;
    if (s == "network") return Reason::network;
    if (s == "script") return Reason::script;
    if (s == "unknown") return Reason::unknown;
    return std::nullopt;
}

Reason reason_of(ConnectionMode m) {
    switch (m) {
    case ConnectionMode::offline:
    case ConnectionMode::cached_offline:
        return Reason::user;
    case ConnectionMode::disconnected:
    case ConnectionMode::cached_disconnected:
        return Reason::network;
    default:
        return Reason::unknown;
    }
}

} // namespace oh
