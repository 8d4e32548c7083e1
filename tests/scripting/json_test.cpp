#include "catch.hpp"

#include "json.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <string>

using oh::json_parse;
using oh::json_quote;
using oh::JsonObject;
using oh::JsonValue;

namespace {

JsonValue parse_ok(const std::string& text) {
    std::string error;
    INFO("text: " << text);
    std::optional<JsonValue> v = json_parse(text, error);
    INFO("error: " << error);
    REQUIRE(v.has_value());
    return *v;
}

std::string parse_error(const std::string& text) {
    std::string error;
    INFO("text: " << text);
    REQUIRE_FALSE(json_parse(text, error).has_value());
    REQUIRE_FALSE(error.empty());
    return error;
}

std::string number_text(double v) {
    std::string out;
    oh::json_append_number(out, v);
    return out;
}

// What json_quote produced, read back by our own strict parser.
std::string quote_and_read(const std::string& s) {
    const std::string quoted = json_quote(s);
    std::string error;
    const std::optional<JsonValue> v = json_parse(quoted, error);
    INFO("quoted: " << quoted << " error: " << error);
    REQUIRE(v.has_value());
    REQUIRE(v->is_string());
    return v->as_string();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

// ---- Writer -------------------------------------------------------------------------------

TEST_CASE("Strings are quoted with the escapes JSON requires", "[json]") {
    CHECK(json_quote("plain") == R"("plain")");
    CHECK(json_quote("") == R"("")");
    CHECK(json_quote("say \"hi\"") == R"("say \"hi\"")");
    CHECK(json_quote("C:\\Users") == R"("C:\\Users")");
    CHECK(json_quote("a\nb\rc\td") == R"("a\nb\rc\td")");
    CHECK(json_quote(std::string("\0\x01\x1f", 3)) == R"("\u0000\u0001\u001F")");
    CHECK(json_quote("\b\f") == R"("\u0008\u000C")");
    CHECK(json_quote("/ and \x7f stay") == "\"/ and \x7f stay\"");
}

TEST_CASE("Valid UTF-8 is written unchanged", "[json]") {
    const std::string text = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"; // café € 😀
    CHECK(json_quote(text) == "\"" + text + "\"");
    CHECK(json_quote("\xEF\xBF\xBF\xF4\x8F\xBF\xBF") == "\"\xEF\xBF\xBF\xF4\x8F\xBF\xBF\"");
}

TEST_CASE("Invalid UTF-8 bytes become U+FFFD so the output stays valid JSON", "[json]") {
    const std::string fffd = "\xEF\xBF\xBD";
    CHECK(json_quote("a\xFF"
                     "b") == "\"a" + fffd + "b\"");
    CHECK(json_quote("\xC0\x80") == "\"" + fffd + fffd + "\"");            // overlong NUL
    CHECK(json_quote("\xED\xA0\x80") == "\"" + fffd + fffd + fffd + "\""); // surrogate
    CHECK(json_quote("\xF4\x90\x80\x80") == "\"" + fffd + fffd + fffd + fffd + "\""); // >10FFFF
    CHECK(json_quote("end\xE2\x82") == "\"end" + fffd + fffd + "\"");                 // cut short
    CHECK(json_quote("\x80x") == "\"" + fffd + "x\""); // stray continuation
}

TEST_CASE("Any byte string quotes to JSON that reads back", "[json]") {
    std::mt19937 rng(1234);
    std::uniform_int_distribution<int> byte(0, 255), length(0, 40);
    for (int i = 0; i < 2000; ++i) {
        std::string s(static_cast<std::size_t>(length(rng)), '\0');
        for (char& c : s) c = static_cast<char>(byte(rng));
        const std::string back = quote_and_read(s); // REQUIREs that it parses
        // Only invalid bytes change; each becomes the 3-byte U+FFFD.
        CHECK(back.size() >= s.size());
    }
}

TEST_CASE("Valid UTF-8 text survives a quote and read unchanged", "[json]") {
    const std::string samples[] = {"",
                                   "hello",
                                   "\"quoted\"\n\ttabbed\\",
                                   std::string("nul\0in", 6),
                                   "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80",
                                   "\x7f\x1f"};
    for (const std::string& s : samples) CHECK(quote_and_read(s) == s);
}

TEST_CASE("Whole numbers are written without a fraction", "[json]") {
    CHECK(number_text(0) == "0");
    CHECK(number_text(3) == "3");
    CHECK(number_text(-12) == "-12");
    CHECK(number_text(1767603690) == "1767603690");
    CHECK(number_text(999999999999999) == "999999999999999");
}

TEST_CASE("Other numbers are written so they read back exactly", "[json]") {
    CHECK(number_text(1.5) == "1.5");
    CHECK(number_text(0.1) == "0.1");
    CHECK(number_text(1767603690.25) == "1767603690.25");

    std::mt19937_64 rng(42);
    for (int i = 0; i < 5000; ++i) {
        const std::uint64_t bits = rng();
        double v = 0;
        std::memcpy(&v, &bits, sizeof v);
        if (!std::isfinite(v)) continue;
        const JsonValue back = parse_ok(number_text(v));
        REQUIRE(back.is_number());
        CHECK(back.as_number() == v);
    }
    const double extremes[] = {std::numeric_limits<double>::max(),
                               std::numeric_limits<double>::lowest(),
                               std::numeric_limits<double>::min(),
                               std::numeric_limits<double>::denorm_min(),
                               1e15,
                               1e300,
                               -1e-300};
    for (double v : extremes) CHECK(parse_ok(number_text(v)).as_number() == v);
}

TEST_CASE("NaN and infinities are written as null", "[json]") {
    CHECK(number_text(std::nan("")) == "null");
    CHECK(number_text(std::numeric_limits<double>::infinity()) == "null");
    CHECK(number_text(-std::numeric_limits<double>::infinity()) == "null");
}

TEST_CASE("JsonObject builds an object in the order the keys were added", "[json]") {
    JsonObject o;
    CHECK(o.empty());
    CHECK(o.str() == "{}");
    o.add("time", 1.5).add("phase", "start").add("ok", true).add("none", false);
    CHECK(o.str() == R"({"time":1.5,"phase":"start","ok":true,"none":false})");
    CHECK_FALSE(o.empty());
}

TEST_CASE("JsonObject writes integers exactly, strings escaped, nested objects", "[json]") {
    JsonObject inner;
    inner.add("size", std::uint32_t{24});
    JsonObject o;
    o.add("seq", std::numeric_limits<std::uint64_t>::max())
        .add("min", std::numeric_limits<std::int64_t>::min())
        .add("int", -7)
        .add("text", std::string("a\"b"))
        .add("view", std::string_view("v"))
        .add("raw", inner)
        .add_null("nothing")
        .add_raw("list", "[1,2]")
        .add("key \"quoted\"", 1);
    CHECK(o.str() == R"({"seq":18446744073709551615,"min":-9223372036854775808,"int":-7,)"
                     R"("text":"a\"b","view":"v","raw":{"size":24},"nothing":null,)"
                     R"("list":[1,2],"key \"quoted\"":1})");
    CHECK(parse_ok(o.str()).is_object());
}

// ---- Reader -------------------------------------------------------------------------------

TEST_CASE("json_parse reads every kind of value", "[json]") {
    CHECK(parse_ok("null").is_null());
    CHECK(parse_ok("true").as_bool());
    CHECK_FALSE(parse_ok("false").as_bool());
    CHECK(parse_ok("false").is_bool());
    CHECK(parse_ok("-12.5e1").as_number() == -125.0);
    CHECK(parse_ok("0").as_number() == 0.0);
    CHECK(parse_ok("1E+2").as_number() == 100.0);
    CHECK(parse_ok(R"("text")").as_string() == "text");
    CHECK(parse_ok(" \t\r\n[1, \"two\", [], {}] \n").size() == 4);

    const JsonValue v = parse_ok(R"({"a": 1, "b": [true, null], "c": {"d": "e"}})");
    REQUIRE(v.is_object());
    CHECK(v.get("a")->as_number() == 1.0);
    CHECK(v.get("b")->at(0)->as_bool());
    CHECK(v.get("b")->at(1)->is_null());
    CHECK(v.get("b")->at(2) == nullptr);
    CHECK(v.get("c")->get("d")->as_string() == "e");
    CHECK(v.get("missing") == nullptr);
}

TEST_CASE("json_parse keeps object keys in the order of the text", "[json]") {
    const JsonValue v = parse_ok(R"({"z":1,"a":2,"m":3})");
    REQUIRE(v.as_object().size() == 3);
    CHECK(v.as_object()[0].first == "z");
    CHECK(v.as_object()[1].first == "a");
    CHECK(v.as_object()[2].first == "m");
}

TEST_CASE("Accessors of the wrong type give empty values, never crash", "[json]") {
    const JsonValue n = parse_ok("5");
    CHECK(n.get("x") == nullptr);
    CHECK(n.at(0) == nullptr);
    CHECK(n.size() == 0);
    CHECK(n.as_string().empty());
    CHECK_FALSE(n.as_bool());
    CHECK(parse_ok(R"("s")").as_number() == 0.0);
    CHECK(parse_ok("[1]").get("0") == nullptr);
    CHECK(std::string(to_string(n.type())) == "number");
}

TEST_CASE("json_parse decodes escapes, surrogate pairs included, into UTF-8", "[json]") {
    CHECK(parse_ok(R"("\"\\\/\b\f\n\r\t")").as_string() == "\"\\/\b\f\n\r\t");
    CHECK(parse_ok(R"("\u0041\u00e9\u20AC")").as_string() == "A\xC3\xA9\xE2\x82\xAC");
    CHECK(parse_ok(R"("\uD83D\uDE00")").as_string() == "\xF0\x9F\x98\x80");
    CHECK(parse_ok(R"("\uDBFF\uDFFF")").as_string() == "\xF4\x8F\xBF\xBF");
    CHECK(parse_ok(R"("\u0000")").as_string() == std::string(1, '\0'));
    CHECK(parse_ok("\"caf\xC3\xA9\"").as_string() == "caf\xC3\xA9");
}

TEST_CASE("json_parse rejects what RFC 8259 rejects", "[json]") {
    const char* bad[] = {"",
                         " ",
                         "nul",
                         "True",
                         "NaN",
                         "Infinity",
                         "-Infinity",
                         "+1",
                         ".5",
                         "1.",
                         "01",
                         "-01",
                         "-",
                         "1e",
                         "1e+",
                         "0x10",
                         "'single'",
                         "[1,]",
                         "[1 2]",
                         "{\"a\":1,}",
                         "{a:1}",
                         "{\"a\" 1}",
                         "{\"a\":}",
                         "{,}",
                         "[,]",
                         "[",
                         "]",
                         "{",
                         "\"open",
                         "\"bad \\x\"",
                         "\"\\u12\"",
                         "\"\\uZZZZ\"",
                         "\"\\uD800\"",
                         "\"\\uDC00\"",
                         "\"\\uD800\\u0041\"",
                         "\"\\uD800x\"",
                         "1 2",
                         "[] []",
                         "// c\n1",
                         "/* c */ 1",
                         "\xEF\xBB\xBF{}",
                         "\"\xFF\"",
                         "\"\xC0\x80\"",
                         "\"\xED\xA0\x80\"",
                         "\"a\tb\"",
                         "\"a\nb\"",
                         "\f1", // form feed is not JSON whitespace
                         "[1]x",
                         "{\"a\":1}}"};
    for (const char* text : bad) parse_error(text);
    parse_error(std::string("1\0", 2)); // a NUL after the value
}

TEST_CASE("json_parse errors say what was expected and give the byte offset", "[json]") {
    CHECK(parse_error(R"({"a":1 x})") ==
          "expected ',' or '}' after an object member, got 'x' at byte offset 7");
    CHECK(parse_error("[1,]") == "trailing comma before ']' at byte offset 3");
    CHECK(parse_error("") == "expected a JSON value (object, array, string, number, true, "
                             "false or null), got end of input at byte offset 0");
    CHECK(parse_error("01") == "leading zeros are not allowed in a number at byte offset 0");
    CHECK(parse_error(R"(  "abc)") == "unterminated string starting at byte offset 2");
    CHECK(parse_error("{\"k\" 1}") ==
          R"(expected ':' after the key "k", got '1' at byte offset 5)");
    CHECK(contains(parse_error("\"a\x01\""), "control character byte 0x01"));
    CHECK(contains(parse_error("\"\xFF\""), "invalid UTF-8 (byte 0xFF)"));
    CHECK(contains(parse_error("[1] 2"), "unexpected '2' after the JSON value at byte offset 4"));
    CHECK(contains(parse_error(R"("\uD800")"), "unpaired high surrogate"));
}

TEST_CASE("json_parse limits nesting to 64 levels", "[json]") {
    const std::string ok = std::string(64, '[') + std::string(64, ']');
    CHECK(parse_ok(ok).is_array());
    const std::string objects = [] {
        std::string s;
        for (int i = 0; i < 64; ++i) s += R"({"a":)";
        s += "1";
        s += std::string(64, '}');
        return s;
    }();
    CHECK(parse_ok(objects).is_object());

    CHECK(contains(parse_error(std::string(65, '[') + std::string(65, ']')),
                   "nesting deeper than 64 levels"));
    // Far deeper input is refused without running out of stack.
    CHECK(contains(parse_error(std::string(1000000, '[')), "nesting deeper than 64 levels"));
}

TEST_CASE("json_parse refuses an object with the same key twice", "[json]") {
    CHECK(parse_error(R"({"a":1,"b":2,"a":3})") == R"(duplicate key "a" at byte offset 13)");
    CHECK(parse_ok(R"({"a":{"a":1}})").get("a")->get("a")->as_number() == 1.0);
}

TEST_CASE("json_parse reads numbers out of double range sensibly", "[json]") {
    CHECK(contains(parse_error("1e400"), "number too large"));
    CHECK(contains(parse_error("-1" + std::string(400, '0')), "number too large"));
    CHECK(parse_ok("1e-400").as_number() == 0.0);
    CHECK(std::signbit(parse_ok("-1e-400").as_number()));
    CHECK(parse_ok("0." + std::string(400, '0') + "1").as_number() == 0.0);
    CHECK(parse_ok("9007199254740993").as_number() == 9007199254740992.0); // nearest double
    // Exponents too long for any integer type.
    CHECK(contains(parse_error("1e99999999999999999999"), "number too large"));
    CHECK(parse_ok("1e-99999999999999999999").as_number() == 0.0);
}

TEST_CASE("json_serialize gives text that parses back to the same value", "[json]") {
    const std::string text =
        R"({"time":1767603690.25,"list":[1,-2.5,"x\n",true,false,null,{}],"e":"\u00e9"})";
    const JsonValue v = parse_ok(text);
    const std::string again = oh::json_serialize(v);
    CHECK(again == "{\"time\":1767603690.25,\"list\":[1,-2.5,\"x\\n\",true,false,null,{}],"
                   "\"e\":\"\xC3\xA9\"}");
    CHECK(oh::json_serialize(parse_ok(again)) == again);
}
