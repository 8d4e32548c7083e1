// libFuzzer target: parse_duration, check_duration_seconds and format_duration on any bytes.
#include "duration.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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
    const oh::Result<double> parsed = oh::parse_duration(text);
    if (parsed.ok()) {
        const double seconds = parsed.value();
        require(seconds >= 0.0 && seconds <= oh::max_duration_seconds, "accepted value in range");
        require(oh::check_duration_seconds(seconds).ok(), "accepted again as seconds");
        require(!oh::format_duration(seconds).empty(), "formats");
    } else {
        const std::string& error = parsed.error();
        require(error.rfind("expected a duration such as", 0) == 0, "error says what is expected");
        require(error.find('\n') == std::string::npos, "error is one line");
    }
    // The same bytes as a double: any bit pattern, NaN and infinities included.
    if (size >= sizeof(double)) {
        double v = 0.0;
        std::memcpy(&v, data, sizeof v);
        static_cast<void>(oh::check_duration_seconds(v));
        require(!oh::format_duration(v).empty(), "any double formats");
    }
    return 0;
}
