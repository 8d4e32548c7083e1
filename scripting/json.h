// Our few helpers around nlohmann-json, which reads and writes the journal and the --json
// transcript, and quotes user input in messages.
//
// Writing: json_dump's text is always valid JSON in valid UTF-8, whatever the strings hold
// (invalid UTF-8 becomes U+FFFD; json_number turns NaN and infinities into null).
// Reading: json_parse accepts what RFC 8259 accepts (nlohmann's strict parser: no comments,
// trailing commas, leading zeros or NaN), and refuses, as the journal always has, an object
// with the same key twice (RFC 8259 leaves its meaning open) and nesting deeper than
// json_max_depth. Its errors say where: line and column, and the byte offset.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace oh {

// Keys stay in the order they were added or read: the journal's and --json's documented order.
using Json = nlohmann::ordered_json;

// Compact JSON text of `v`; invalid UTF-8 in its strings becomes U+FFFD.
std::string json_dump(const Json& v);

// `s` as a quoted JSON string (the same replacement): shows user input in a message
// unambiguously, a NUL or a newline included.
std::string json_quote(std::string_view s);
// The same, cut to its first 40 bytes followed by "..." when longer: a message stays one
// readable line however odd the input (a whole file pasted by mistake).
std::string json_quote_short(std::string_view s);

// A number as the journal and --json write it: whole numbers below 1e15 as integers ("3",
// not "3.0"), other numbers in the shortest form that reads back to the same double, NaN and
// infinities as null (JSON has neither).
Json json_number(double v);

inline constexpr int json_max_depth = 64; // arrays and objects nested in each other

struct JsonError {
    std::string what;          // what is wrong, e.g. "syntax error while parsing ..."
    bool has_position = false; // false for a key given twice, too deep, too large a number
    std::size_t offset = 0;    // byte offset of the error, from 0
    std::size_t line = 0;      // from 1
    std::size_t column = 0;    // from 1, in bytes
    std::string str() const;   // "<what> at line 2, column 5", or just <what>
};

// Parses one JSON text (surrounding whitespace allowed). On failure returns nullopt and sets
// `error`.
std::optional<Json> json_parse(std::string_view text, JsonError& error);

} // namespace oh
