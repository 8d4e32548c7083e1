// The one way a function says it failed: it returns a Result<T> (a T, or an error message) or
// a Status (nothing, or an error message). Both are [[nodiscard]], so a caller cannot drop a
// failure by accident, and neither converts to bool, so "if (f())" cannot mean "if it
// failed" in one place and "if it worked" in another.
//
//     Result<int> parse_port(std::string_view s) {
//         if (s.empty()) return fail("expected a port number, got nothing");
//         return 8080;
//     }
//     Status save() {
//         if (!disk_ok) return fail("the disk is full");
//         return {}; // success
//     }
//     auto port = parse_port(text);
//     if (!port.ok()) log(port.error());
//     else use(port.value());
//
// value() of a failed Result throws std::bad_variant_access; error() of a successful one
// is an empty string.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace oh {

// What fail() makes: an error message on its way into a Result or a Status.
struct Failure {
    std::string message;
};

// The message says what went wrong in words a user can act on (file, line, what was expected).
inline Failure fail(std::string message) {
    return Failure{std::move(message)};
}

template <class T>
class [[nodiscard]] Result {
  public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    Result(Failure failure) : state_(std::in_place_index<1>, std::move(failure)) {}

    bool ok() const { return state_.index() == 0; }
    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    const std::string& error() const {
        static const std::string none;
        return ok() ? none : std::get<1>(state_).message;
    }

  private:
    std::variant<T, Failure> state_;
};

template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default; // success
    Result(Failure failure) : error_(std::move(failure.message)), failed_(true) {}

    bool ok() const { return !failed_; }
    const std::string& error() const { return error_; }

  private:
    std::string error_;
    bool failed_ = false;
};

// Success or an error message, for functions that return nothing else.
using Status = Result<void>;

} // namespace oh
