// Durations as users write them: in scripts ("250ms", "30s", "5m", "1h") and in scenario
// files ("90s", "+30s"). One parser, so that every place accepts the same text and explains a
// mistake the same way.
#pragma once

#include "result.h"

#include <string>
#include <string_view>

namespace oh {

// The longest duration accepted anywhere: 10 years of 366 days. Longer values are mistakes
// (a unit typed wrong), and refusing them keeps every sum of times far from overflow.
inline constexpr double max_duration_seconds = 10.0 * 366.0 * 24.0 * 3600.0;

// Parses `<number><unit>` with no spaces, where number is digits with an optional fraction
// ("1", "1.5", "0.25"; no sign, no exponent, no leading or trailing dot) and unit is one of
// ms, s, m, h (lower case). "250ms" -> 0.25, "30s" -> 30, "1.5m" -> 90, "1h" -> 3600.
// On failure the error is a one-line message naming what was expected and what was given, e.g.:
// expected a duration such as 30, "250ms", "30s", "5m" or "1h", got "5 min". (The bare number in
// that message is the Lua form: a number of seconds; as text a unit is always required.)
Result<double> parse_duration(std::string_view text);

// Checks a duration given as a number of seconds (a Lua number): finite, not negative, not
// above max_duration_seconds. Same message style as parse_duration.
Status check_duration_seconds(double seconds);

// Human-readable form, for transcripts and log messages. The format depends on the size,
// each rounded to its last shown unit:
//   under 1 minute : seconds, up to 3 decimals, trailing zeros dropped  "0s", "0.25s", "42s"
//   under 1 hour   : minutes and 2-digit seconds                        "1m 30s", "5m 00s"
//   under 1 day    : hours and 2-digit minutes                          "1h 05m"
//   otherwise      : days and 2-digit hours                             "2d 03h"
// A negative value gets a leading '-'; NaN and infinities print as "?".
std::string format_duration(double seconds);

} // namespace oh
