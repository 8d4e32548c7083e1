// Small JSON support of our own: writer helpers for the journal, transcripts (--json) and
// messages, and a strict RFC 8259 reader for the journal and test fixtures.
//
// Writer guarantees: the output is always valid JSON in valid UTF-8, whatever the input
// (invalid UTF-8 bytes become U+FFFD, one per byte; non-finite numbers become null).
// Reader guarantees: only text that RFC 8259 accepts is accepted (UTF-8 without a byte order
// mark, no comments, no trailing commas, no leading zeros, no NaN), with two documented
// limits: nesting deeper than json_max_depth is refused, and so is an object with the same
// key twice (RFC 8259 leaves its meaning open; refusing it keeps get() unambiguous).
// Numbers are doubles: integers are exact up to 2^53; a number too large for a double is an
// error, one too small becomes 0.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace oh {

// ---- Writer -------------------------------------------------------------------------------

// Appends `s` as a quoted JSON string: escapes \" \\ \n \r \t, other control characters as
// \u00XX; invalid UTF-8 bytes become U+FFFD.
void json_append_string(std::string& out, std::string_view s);
// The same, as a new string: also handy to show user input in a message unambiguously.
std::string json_quote(std::string_view s);

// Integers with no fraction ("3", "-12"); other numbers in the shortest form that reads back
// to the same double ("0.1", "1767603690.25", "1e+300"); NaN and infinities as null.
void json_append_number(std::string& out, double v);
void json_append_integer(std::string& out, std::int64_t v);
void json_append_integer(std::string& out, std::uint64_t v);

// Builds one object, keys in the order added. Keys are not checked for duplicates.
//   JsonObject o; o.add("time", 1.5).add("phase", "start").add("ok", true); o.str()
//   -> {"time":1.5,"phase":"start","ok":true}
class JsonObject {
  public:
    JsonObject& add(std::string_view key, std::string_view value);
    JsonObject& add(std::string_view key, const char* value); // else "x" would pick bool
    JsonObject& add(std::string_view key, bool value);
    JsonObject& add(std::string_view key, double value);
    // Integers are written exactly, without passing through a double.
    template <std::integral T>
    requires(!std::same_as<T, bool>) JsonObject& add(std::string_view key, T value) {
        append_key(key);
        if constexpr (std::is_signed_v<T>)
            json_append_integer(body_, static_cast<std::int64_t>(value));
        else
            json_append_integer(body_, static_cast<std::uint64_t>(value));
        return *this;
    }
    JsonObject& add(std::string_view key, const JsonObject& value);
    JsonObject& add_null(std::string_view key);
    // `json` must already be valid JSON (for example the str() of another builder).
    JsonObject& add_raw(std::string_view key, std::string_view json);

    bool empty() const { return body_.empty(); }
    std::string str() const { return "{" + body_ + "}"; }

  private:
    void append_key(std::string_view key);
    std::string body_;
};

// ---- Reader -------------------------------------------------------------------------------

inline constexpr int json_max_depth = 64; // arrays and objects nested in each other

class JsonValue {
  public:
    enum class Type : std::uint8_t { null, boolean, number, string, array, object };
    using Array = std::vector<JsonValue>;
    using Member = std::pair<std::string, JsonValue>;
    using Object = std::vector<Member>; // in the order of the text

    JsonValue() = default; // null
    explicit JsonValue(bool b) : type_(Type::boolean), bool_(b) {}
    explicit JsonValue(double n) : type_(Type::number), number_(n) {}
    explicit JsonValue(std::string s) : type_(Type::string), string_(std::move(s)) {}
    explicit JsonValue(Array a) : type_(Type::array), array_(std::move(a)) {}
    explicit JsonValue(Object o) : type_(Type::object), object_(std::move(o)) {}

    Type type() const { return type_; }
    bool is_null() const { return type_ == Type::null; }
    bool is_bool() const { return type_ == Type::boolean; }
    bool is_number() const { return type_ == Type::number; }
    bool is_string() const { return type_ == Type::string; }
    bool is_array() const { return type_ == Type::array; }
    bool is_object() const { return type_ == Type::object; }

    // Each returns its type's empty value (false, 0, "", {}) when the value is another type,
    // so check is_...() first where the difference matters.
    bool as_bool() const { return bool_; }
    double as_number() const { return number_; }
    const std::string& as_string() const { return string_; }
    const Array& as_array() const { return array_; }
    const Object& as_object() const { return object_; }

    // The member named `key` of an object; nullptr when absent or not an object.
    const JsonValue* get(std::string_view key) const;
    // Element i of an array; nullptr when out of range or not an array.
    const JsonValue* at(std::size_t i) const;
    // Elements of an array or members of an object; 0 otherwise.
    std::size_t size() const;

  private:
    Type type_ = Type::null;
    bool bool_ = false;
    double number_ = 0.0;
    std::string string_;
    Array array_;
    Object object_;
};

const char* to_string(JsonValue::Type t); // "null", "boolean", "number", ...

// Parses one JSON text (surrounding whitespace allowed). On failure returns nullopt and sets
// `error`, e.g.: expected ',' or '}' after an object member, got 'x' at byte offset 12
// (offsets count bytes from 0).
std::optional<JsonValue> json_parse(std::string_view text, std::string& error);

// Compact JSON text of a value; json_parse(json_serialize(v)) gives v back.
std::string json_serialize(const JsonValue& v);

} // namespace oh
