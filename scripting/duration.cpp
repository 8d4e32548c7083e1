#include "duration.h"

#include "json.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <system_error>
#include <utility>

namespace oh {

namespace {

constexpr const char* expected_text =
    R"(expected a duration such as 30, "250ms", "30s", "5m" or "1h", got )";

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool has_space(std::string_view text) {
    return text.find_first_of(" \t\r\n\v\f") != std::string_view::npos;
}

// `shown` is the given value as the message shows it: quoted text, or a bare number.
Failure rejected(const std::string& shown, std::string_view why = {}) {
    std::string error = expected_text + shown;
    if (!why.empty()) error.append(" (").append(why).append(")");
    return fail(std::move(error));
}

// Length of the leading `digits[.digits]`, or 0 when the text does not start with one.
std::size_t number_length(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && is_digit(text[i])) ++i;
    if (i == 0) return 0;
    if (i < text.size() && text[i] == '.') {
        std::size_t j = i + 1;
        while (j < text.size() && is_digit(text[j])) ++j;
        if (j == i + 1) return 0; // "5." has no fraction digits
        i = j;
    }
    return i;
}

// For a number too far out of range for a double: true when it is tiny (its whole part is 0).
bool is_below_one(std::string_view number) {
    const std::string_view whole = number.substr(0, number.find('.'));
    return whole.find_first_not_of('0') == std::string_view::npos;
}

// Seconds per unit, or 0 for an unknown unit.
double unit_seconds(std::string_view unit) {
    if (unit == "ms") return 0.001;
    if (unit == "s") return 1.0;
    if (unit == "m") return 60.0;
    if (unit == "h") return 3600.0;
    return 0.0;
}

std::string too_long_reason() {
    return "longer than " + format_duration(max_duration_seconds) + ", the longest accepted";
}

} // namespace

Result<double> parse_duration(std::string_view text) {
    const auto reject = [&](std::string_view why = {}) {
        return rejected(json_quote_short(text), why);
    };
    if (text.empty()) return reject();
    if (text.front() == '-') return reject("a duration cannot be negative");
    if (has_space(text)) return reject("no spaces are allowed");
    const std::size_t n = number_length(text);
    if (n == 0) return reject();
    const std::string_view unit = text.substr(n);
    if (unit.empty()) return reject("a unit is required: ms, s, m or h");
    const double scale = unit_seconds(unit);
    if (scale == 0.0) return reject("the unit must be ms, s, m or h");

    double value = 0.0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + n, value);
    // Only digits and a dot reach from_chars: the one possible failure is a number out of a
    // double's range, too small ("0.000...1s", read as 0) or too large.
    if (ec == std::errc::result_out_of_range && is_below_one(text.substr(0, n)))
        value = 0.0;
    else if (ec != std::errc() || end != text.data() + n)
        return reject(too_long_reason());
    const double result = value * scale;
    if (!(result <= max_duration_seconds)) return reject(too_long_reason());
    return result;
}

Status check_duration_seconds(double seconds) {
    char shown[32];
    std::snprintf(shown, sizeof shown, "%g", seconds);
    if (std::isnan(seconds)) return rejected(shown, "not a number");
    if (seconds < 0) return rejected(shown, "a duration cannot be negative");
    if (!(seconds <= max_duration_seconds)) return rejected(shown, too_long_reason());
    return {};
}

namespace {

std::string format_seconds(double s) {
    // Round to milliseconds, then drop trailing zeros: 0.25 -> "0.25s", 42 -> "42s".
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", s);
    std::string text = buf;
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    return text + "s";
}

// Whole numbers kept as doubles, so that even a huge value cannot overflow an integer.
std::string two_units(double big, const char* big_unit, double small, const char* small_unit) {
    char buf[400]; // %.0f of the largest double has 309 digits
    std::snprintf(buf, sizeof buf, "%.0f%s %02.0f%s", big, big_unit, small, small_unit);
    return buf;
}

} // namespace

std::string format_duration(double seconds) {
    if (!std::isfinite(seconds)) return "?";
    if (seconds < 0) {
        const std::string positive = format_duration(-seconds);
        return positive == "0s" ? positive : "-" + positive; // no "-0s"
    }
    // Round to the last unit shown before choosing the format, so that 59.9996 s reads
    // "1m 00s" rather than "60s", and 3599.6 s reads "1h 00m" rather than "59m 60s".
    const double ms = std::round(seconds * 1000.0) / 1000.0;
    if (ms < 60.0) return format_seconds(ms);
    const double whole_s = std::round(seconds);
    if (whole_s < 3600)
        return two_units(std::floor(whole_s / 60), "m", std::fmod(whole_s, 60), "s");
    const double whole_m = std::round(seconds / 60);
    if (whole_m < 24 * 60)
        return two_units(std::floor(whole_m / 60), "h", std::fmod(whole_m, 60), "m");
    const double whole_h = std::round(seconds / 3600);
    return two_units(std::floor(whole_h / 24), "d", std::fmod(whole_h, 24), "h");
}

} // namespace oh
