#include "catch.hpp"

#include "duration.h"

#include <cmath>
#include <limits>
#include <string>

using oh::check_duration_seconds;
using oh::format_duration;
using oh::parse_duration;

namespace {

// The seconds parse_duration gives for `text`; fails the test when it rejects it.
double seconds_of(const std::string& text) {
    INFO("text: " << text);
    const oh::Result<double> seconds = parse_duration(text);
    REQUIRE(seconds.ok());
    CHECK(seconds.error().empty());
    return seconds.value();
}

// The message parse_duration gives for `text`; fails the test when it accepts it.
std::string error_of(const std::string& text) {
    INFO("text: " << text);
    const oh::Result<double> seconds = parse_duration(text);
    REQUIRE_FALSE(seconds.ok());
    return seconds.error();
}

} // namespace

TEST_CASE("Durations accept ms, s, m and h", "[duration]") {
    CHECK(seconds_of("250ms") == Approx(0.25));
    CHECK(seconds_of("30s") == 30.0);
    CHECK(seconds_of("5m") == 300.0);
    CHECK(seconds_of("1h") == 3600.0);
    CHECK(seconds_of("0s") == 0.0);
    CHECK(seconds_of("0ms") == 0.0);
}

TEST_CASE("Durations accept a decimal fraction", "[duration]") {
    CHECK(seconds_of("1.5m") == 90.0);
    CHECK(seconds_of("0.25s") == 0.25);
    CHECK(seconds_of("2.5h") == 9000.0);
    CHECK(seconds_of("0.5ms") == Approx(0.0005));
    CHECK(seconds_of("007s") == 7.0);
    // Too small for a double: zero, not an error.
    CHECK(seconds_of("0." + std::string(400, '0') + "1s") == 0.0);
}

TEST_CASE("Durations up to 10 years are accepted", "[duration]") {
    CHECK(seconds_of("87840h") == oh::max_duration_seconds); // 10 years of 366 days
    CHECK(oh::max_duration_seconds == 10.0 * 366 * 86400);
}

TEST_CASE("A duration error says what was expected and what was given", "[duration]") {
    CHECK(error_of("5 min") ==
          R"(expected a duration such as 30, "250ms", "30s", "5m" or "1h", got "5 min")"
          " (no spaces are allowed)");
    CHECK(error_of("") ==
          R"(expected a duration such as 30, "250ms", "30s", "5m" or "1h", got "")");
}

TEST_CASE("Durations reject text that is not a number followed by a unit", "[duration]") {
    const char* bad[] = {
        "",    "s",   "ms",  "30",   "1.5",  "5min",  "5sec",   "5 s",    " 5s",   "5s ",  "5S",
        "5H",  "1d",  "1w",  "1y",   ".5s",  "5.s",   "1.2.3s", "1e3s",   "1e999", "+5s",  "0x10s",
        "NaN", "nan", "inf", "infs", "1,5s", "1h30m", "5s5",    "five s", "5\ts",  "5s\n", "\xff"};
    for (const char* text : bad) {
        const std::string error = error_of(text);
        CHECK(error.find("expected a duration such as") == 0);
    }
    // A NUL byte inside the text must not end it early.
    CHECK(error_of(std::string("5m\0", 3)).find(R"("5m\u0000")") != std::string::npos);
}

TEST_CASE("Durations reject negative values with a reason", "[duration]") {
    CHECK(error_of("-5s").find("cannot be negative") != std::string::npos);
    CHECK(error_of("-0s").find("cannot be negative") != std::string::npos);
}

TEST_CASE("Durations longer than 10 years are refused as a likely mistake", "[duration]") {
    CHECK(error_of("87841h").find("longer than") != std::string::npos);
    CHECK(error_of("999999999999m").find("longer than") != std::string::npos);
    // More digits than a double can hold must not crash or wrap around.
    CHECK(error_of(std::string(400, '9') + "s").find("longer than") != std::string::npos);
}

TEST_CASE("Duration errors name the missing or unknown unit", "[duration]") {
    CHECK(error_of("30").find("a unit is required: ms, s, m or h") != std::string::npos);
    CHECK(error_of("5min").find("the unit must be ms, s, m or h") != std::string::npos);
}

TEST_CASE("Duration errors quote odd input safely and briefly", "[duration]") {
    // Control characters and invalid UTF-8 are escaped so the message stays one line.
    const std::string ctrl = error_of("5\ns");
    CHECK(ctrl.find('\n') == std::string::npos);
    CHECK(ctrl.find(R"("5\ns")") != std::string::npos);
    // A whole pasted paragraph is cut short.
    const std::string long_error = error_of(std::string(5000, 'x'));
    CHECK(long_error.size() < 200);
    CHECK(long_error.find("...") != std::string::npos);
}

TEST_CASE("Durations given as numbers of seconds are checked the same way", "[duration]") {
    CHECK(check_duration_seconds(0.0).ok());
    CHECK(check_duration_seconds(30.0).ok());
    CHECK(check_duration_seconds(oh::max_duration_seconds).ok());
    CHECK(check_duration_seconds(30.0).error().empty());

    CHECK(check_duration_seconds(-1.5).error() ==
          R"(expected a duration such as 30, "250ms", "30s", "5m" or "1h", got -1.5)"
          " (a duration cannot be negative)");
    const oh::Status nan = check_duration_seconds(std::nan(""));
    CHECK_FALSE(nan.ok());
    CHECK(nan.error().find("not a number") != std::string::npos);
    const oh::Status infinite = check_duration_seconds(std::numeric_limits<double>::infinity());
    CHECK_FALSE(infinite.ok());
    CHECK(infinite.error().find("longer than") != std::string::npos);
    const oh::Status too_long = check_duration_seconds(oh::max_duration_seconds * 2);
    CHECK_FALSE(too_long.ok());
    CHECK(too_long.error().find("expected a duration such as") == 0);
}

TEST_CASE("format_duration shows seconds below a minute", "[duration]") {
    CHECK(format_duration(0) == "0s");
    CHECK(format_duration(0.25) == "0.25s");
    CHECK(format_duration(1.5) == "1.5s");
    CHECK(format_duration(42) == "42s");
    CHECK(format_duration(0.0004) == "0s"); // rounded to milliseconds
    CHECK(format_duration(0.0005) == "0.001s");
    CHECK(format_duration(59.5) == "59.5s");
}

TEST_CASE("format_duration shows minutes and seconds below an hour", "[duration]") {
    CHECK(format_duration(60) == "1m 00s");
    CHECK(format_duration(90) == "1m 30s");
    CHECK(format_duration(20 * 60 + 5) == "20m 05s");
    CHECK(format_duration(3599) == "59m 59s");
}

TEST_CASE("format_duration shows hours and minutes below a day, then days", "[duration]") {
    CHECK(format_duration(3600) == "1h 00m");
    CHECK(format_duration(3900) == "1h 05m");
    CHECK(format_duration(23 * 3600 + 59 * 60) == "23h 59m");
    CHECK(format_duration(86400) == "1d 00h");
    CHECK(format_duration(2 * 86400 + 3 * 3600) == "2d 03h");
    CHECK(format_duration(oh::max_duration_seconds) == "3660d 00h");
}

TEST_CASE("format_duration rounds before choosing the unit", "[duration]") {
    // No "60s", "59m 60s" or "23h 60m".
    CHECK(format_duration(59.9996) == "1m 00s");
    CHECK(format_duration(3599.6) == "1h 00m");
    CHECK(format_duration(86399.0 + 0.9) == "1d 00h");
    CHECK(format_duration(89.4) == "1m 29s");
}

TEST_CASE("format_duration handles negative and non-finite values", "[duration]") {
    CHECK(format_duration(-90) == "-1m 30s");
    CHECK(format_duration(-0.0001) == "0s");
    CHECK(format_duration(std::nan("")) == "?");
    CHECK(format_duration(std::numeric_limits<double>::infinity()) == "?");
    CHECK_FALSE(format_duration(1e300).empty()); // absurd but finite: no crash
}
