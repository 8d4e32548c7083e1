// How the transcript writes a virtual time: the column every line of `fakehost run` starts with.
#include "catch.hpp"
#include "transcript.h"

using namespace oh;

TEST_CASE("A virtual time reads as hours, minutes, seconds and milliseconds",
          "[fakehost][transcript]") {
    CHECK(format_virtual_time(0) == "00:00:00.000");
    CHECK(format_virtual_time(90) == "00:01:30.000");
    CHECK(format_virtual_time(3723.042) == "01:02:03.042");
    CHECK(format_virtual_time(86399.999) == "23:59:59.999");
}

TEST_CASE("A virtual time is rounded to the millisecond, carrying into the seconds and hours",
          "[fakehost][transcript]") {
    CHECK(format_virtual_time(1.0004) == "00:00:01.000");
    CHECK(format_virtual_time(1.0006) == "00:00:01.001");
    CHECK(format_virtual_time(3599.9996) == "01:00:00.000");
}

TEST_CASE("A scenario past 99 hours shows every digit of the hours", "[fakehost][transcript]") {
    CHECK(format_virtual_time(100 * 3600.0) == "100:00:00.000");
    CHECK(format_virtual_time(123456 * 3600.0 + 7.5) == "123456:00:07.500");
}
