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
};

} // namespace oh
