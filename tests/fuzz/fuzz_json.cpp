// libFuzzer target: our use of nlohmann-json (scripting/json.h) on any bytes.
//  - json_parse never crashes; what it accepts dumps to text that reads back to the same
//    value and dumps the same again; what it refuses says why, and where unless the refusal
//    is one of ours (a key twice, nesting too deep) or a number too large for a double.
//  - The bytes as a string, as an object key and as a journal-like record (the shape the
//    journal and --json write) always dump to valid JSON that parses back, only invalid
//    UTF-8 changed (into U+FFFD).
#include "json.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

// Stops the run with a message, so that a broken property (not only a crash) is a finding.
void require(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "check failed: %s\n", what);
    std::abort();
}

bool unpositioned(const oh::JsonError& e) {
    return e.what == "nesting deeper than 64 levels" || e.what.rfind("duplicate key ", 0) == 0 ||
           e.what.rfind("number overflow", 0) == 0;
}

void check_parse(std::string_view text) {
    oh::JsonError error;
    if (const auto v = oh::json_parse(text, error)) {
        const std::string once = oh::json_dump(*v);
        const auto again = oh::json_parse(once, error);
        require(again.has_value(), "dumped value parses");
        require(*again == *v, "dumped value reads back the same");
        require(oh::json_dump(*again) == once, "dump is stable");
        return;
    }
    require(!error.what.empty(), "an error says why");
    if (!error.has_position) {
        require(unpositioned(error), "a syntax error says where");
        return;
    }
    require(error.line >= 1 && error.column >= 1 && error.offset <= text.size(),
            "the position is in the text");
    require(error.str().find(" at line ") != std::string::npos, "the message gives the line");
}

// Dumps `v`, parses it back, and returns the value read (the check aborts if it fails).
oh::Json round_trip(const oh::Json& v) {
    oh::JsonError error;
    const auto back = oh::json_parse(oh::json_dump(v), error);
    require(back.has_value(), "dumped bytes parse");
    return *back;
}

void check_write(std::string_view text) {
    const std::string s(text);
    const std::string quoted = oh::json_quote(s);
    const oh::Json back = round_trip(oh::Json(s));
    require(back.is_string(), "any bytes quote to a JSON string");
    const auto& read = back.get_ref<const std::string&>();
    require(read.size() >= s.size(), "only invalid UTF-8 is replaced, by as many bytes or more");
    require(oh::json_quote(read) == quoted, "what reads back is valid UTF-8");

    // A record as the journal and --json write it: ordered keys, numbers, a nested object.
    const double t = static_cast<double>(s.size()) * 0.25;
    const oh::Json record = {{"t", oh::json_number(t)},
                             {"type", "log"},
                             {"message", s},
                             {"raw", {{"size", s.size()}, {"key", s}}}};
    const oh::Json r = round_trip(record);
    require(r.begin().key() == "t", "key order is kept");
    require(r["t"].get<double>() == t, "numbers read back exactly");
    require(r["message"] == back && r["raw"]["key"] == back, "strings read back the same");
    require(r["raw"]["size"].get<std::size_t>() == s.size(), "integers read back exactly");
    const oh::Json keyed = round_trip(oh::Json{{s, 1}});
    require(keyed.begin().key() == read, "keys are replaced like values");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check_parse(text);
    check_write(text);
    return 0;
}
