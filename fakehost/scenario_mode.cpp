// reason= and mode= of a transition, shared by scenario lines and host:go_offline{...}.
#include "json.h"
#include "scenario.h"

#include <string>

namespace oh {

namespace {

constexpr ConnectionMode offline_modes[] = {
    ConnectionMode::offline,      ConnectionMode::cached_offline,
    ConnectionMode::disconnected, ConnectionMode::cached_disconnected,
    ConnectionMode::no_exchange,  ConnectionMode::unknown};
constexpr ConnectionMode online_modes[] = {ConnectionMode::cached_connected_headers,
                                           ConnectionMode::cached_connected_drizzle,
                                           ConnectionMode::cached_connected_full,
                                           ConnectionMode::online,
                                           ConnectionMode::no_exchange,
                                           ConnectionMode::unknown};

template <std::size_t N>
std::string names(const ConnectionMode (&modes)[N]) {
    std::string out;
    for (std::size_t i = 0; i < N; ++i) {
        if (i) out += i + 1 == N ? " or " : ", ";
        out += to_string(modes[i]);
    }
    return out;
}

template <std::size_t N>
bool listed(ConnectionMode m, const ConnectionMode (&modes)[N]) {
    for (ConnectionMode x : modes)
        if (x == m) return true;
    return false;
}

// A word of the input in a message: quoted, escaped, cut short.
std::string quoted(std::string_view word) {
    constexpr std::size_t max_shown = 40;
    if (word.size() <= max_shown) return json_quote(word);
    return json_quote(word.substr(0, max_shown)) + "...";
}

Result<ConnectionMode> mode_for(State to, std::string_view word) {
    const bool offline = to == State::offline;
    const std::string expected = offline ? names(offline_modes) : names(online_modes);
    const auto mode = parse_connection_mode(word);
    if (!mode)
        return fail("expected mode=" + expected + " on " + (offline ? "an offline" : "an online") +
                    " line, got " + quoted(word));
    if (!(offline ? listed(*mode, offline_modes) : listed(*mode, online_modes)))
        return fail("mode=" + std::string(word) + " is " +
                    (offline ? "a connected mode" : "an offline mode") + ", not one for " +
                    (offline ? "an offline" : "an online") + " line (expected " + expected + ")");
    return *mode;
}

Result<ConnectionMode> mode_for_reason(std::string_view word) {
    const auto reason = parse_reason(word);
    if (reason == Reason::user) return ConnectionMode::cached_offline;
    if (reason == Reason::network) return ConnectionMode::cached_disconnected;
    return fail("expected reason=user (Work Offline) or reason=network (the connection was "
                "lost), got " +
                quoted(word));
}

} // namespace

Result<ConnectionMode> transition_mode(State to, const std::string_view* reason,
                                       const std::string_view* mode) {
    if (reason && to != State::offline)
        return fail("reason= is for offline lines only: an online event's reason is that of the "
                    "offline period it ends (give mode=, e.g. mode=cached-connected-full)");
    if (!reason && !mode) return ConnectionMode::unknown;
    if (!reason) return mode_for(to, *mode);
    Result<ConnectionMode> by_reason = mode_for_reason(*reason); // not const: returned by move
    if (!by_reason.ok() || !mode) return by_reason;
    Result<ConnectionMode> by_mode = mode_for(to, *mode);
    if (!by_mode.ok()) return by_mode;
    const Reason of_mode = reason_of(by_mode.value());
    if (to_string(of_mode) != *reason)
        return fail("reason=" + std::string(*reason) + " and mode=" + std::string(*mode) +
                    " disagree: mode " + std::string(*mode) + " means reason " +
                    to_string(of_mode) + " (give one of them)");
    return by_mode;
}

} // namespace oh
