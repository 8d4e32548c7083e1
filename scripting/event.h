// What the engine is told about Outlook: validated online/offline notifications.
// Portable: the add-in's sink decodes MAPIOFFLINE_NOTIFY into this, the engine never sees COM.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace oh {

enum class State : std::uint8_t { unknown, online, offline };
enum class Phase : std::uint8_t { start, change, done };

const char* to_string(State s);
const char* to_string(Phase p);
std::optional<State> parse_state(std::string_view s); // "online" | "offline"
std::optional<Phase> parse_phase(std::string_view s); // "start" | "change" | "done"

// Outlook's Application.Session.ExchangeConnectionMode (OlExchangeConnectionMode), which the
// Offline State API does not tell: read from Outlook's object model by the add-in, played by
// the fake host. `unknown`: not read (no object model, too slow, or a value not listed).
enum class ConnectionMode : std::uint8_t {
    unknown,
    no_exchange,              // olNoExchange 0
    offline,                  // olOffline 100
    cached_offline,           // olCachedOffline 200
    disconnected,             // olDisconnected 300
    cached_disconnected,      // olCachedDisconnected 400
    cached_connected_headers, // olCachedConnectedHeaders 500
    cached_connected_drizzle, // olCachedConnectedDrizzle 600
    cached_connected_full,    // olCachedConnectedFull 700
    online,                   // olOnline 800
};
// The constant's name without "ol", lower-case words joined by '-': "cached-disconnected".
const char* to_string(ConnectionMode m);
std::optional<ConnectionMode> parse_connection_mode(std::string_view s);
// From the object model's number; any value not listed is `unknown`.
ConnectionMode connection_mode_from_ol(long value);

// Why Outlook is offline (e.reason).
enum class Reason : std::uint8_t { unknown, user, network, script };
const char* to_string(Reason r);
std::optional<Reason> parse_reason(std::string_view s); // "user" | "network" | ...
// user: Work Offline (offline, cached-offline); network: the connection was lost
// (disconnected, cached-disconnected); every other mode: unknown.
Reason reason_of(ConnectionMode m);

// One supported notification, copied out of Outlook's structure by the sink.
struct Notification {
    std::uint64_t seq = 0; // 1, 2, ... in the order the sink received them
    Phase phase = Phase::change;
    State old_state = State::unknown;
    State new_state = State::unknown;
    std::uint32_t token = 0; // ulClientToken
    // The fields exactly as received, for the journal.
    std::uint32_t raw_size = 0;
    std::uint32_t raw_type = 0;
    std::uint32_t raw_mask = 0;
    std::uint32_t raw_old = 0;
    std::uint32_t raw_new = 0;
    // Notifications the queue had to fold into this one because it was full.
    std::uint64_t coalesced = 0;
    // Outlook's ExchangeConnectionMode read when the notification was taken from the queue
    // (AddinConfig::mode_reader), or played by the fake host; unknown when not read in time.
    ConnectionMode mode = ConnectionMode::unknown;
};

} // namespace oh
