// libFuzzer target: json_parse on any bytes. What it accepts must serialize to text that reads
// back to the same value; any bytes must quote to a JSON string that reads back.
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

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string error;
    if (const auto v = oh::json_parse(text, error)) {
        const std::string once = oh::json_serialize(*v);
        const auto again = oh::json_parse(once, error);
        require(again.has_value(), "serialized value parses");
        require(oh::json_serialize(*again) == once, "serialize is stable");
    } else {
        require(error.find(" at byte offset ") != std::string::npos, "error gives the offset");
    }
    const auto quoted = oh::json_parse(oh::json_quote(text), error);
    require(quoted.has_value() && quoted->is_string(), "any bytes quote to a JSON string");
    return 0;
}
