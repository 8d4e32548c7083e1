#include "catch.hpp"

#include "result.h"

#include <memory>
#include <string>
#include <variant>

using namespace oh;

namespace {

Result<int> parse_digit(char c) {
    if (c < '0' || c > '9') return fail(std::string("expected a digit, got '") + c + "'");
    return c - '0';
}

Status check_even(int n) {
    if (n % 2 != 0) return fail(std::to_string(n) + " is odd");
    return {};
}

} // namespace

TEST_CASE("A result holds the value a function returned", "[result]") {
    const Result<int> r = parse_digit('7');
    REQUIRE(r.ok());
    CHECK(r.value() == 7);
    CHECK(r.error().empty());
}

TEST_CASE("A failed result holds the message given to fail and no value", "[result]") {
    const Result<int> r = parse_digit('x');
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == "expected a digit, got 'x'");
    CHECK_THROWS_AS(r.value(), std::bad_variant_access);
}

TEST_CASE("A result of a string keeps the value and the error apart", "[result]") {
    const Result<std::string> value = std::string("error");
    REQUIRE(value.ok());
    CHECK(value.value() == "error");
    CHECK(value.error().empty());

    const Result<std::string> failed = fail("error");
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error() == "error");
}

TEST_CASE("A result's value can be moved out, even one that cannot be copied", "[result]") {
    Result<std::unique_ptr<int>> r = std::make_unique<int>(42);
    REQUIRE(r.ok());
    std::unique_ptr<int> p = std::move(r).value();
    REQUIRE(p);
    CHECK(*p == 42);
}

TEST_CASE("A status is a success by default and a failure only through fail", "[result]") {
    const Status fine = check_even(4);
    CHECK(fine.ok());
    CHECK(fine.error().empty());

    const Status odd = check_even(3);
    REQUIRE_FALSE(odd.ok());
    CHECK(odd.error() == "3 is odd");
}

TEST_CASE("A failure passes up through a caller unchanged", "[result]") {
    auto both_even = [](int a, int b) -> Status {
        if (Status s = check_even(a); !s.ok()) return s;
        return check_even(b);
    };
    CHECK(both_even(2, 4).ok());
    CHECK(both_even(1, 4).error() == "1 is odd");
    CHECK(both_even(2, 5).error() == "5 is odd");
}
