// Our use of nlohmann-json (scripting/json.h): what the journal, --json and messages rely on.
#include "catch.hpp"

#include "json.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <string>

using oh::Json;
using oh::json_dump;
using oh::json_number;
using oh::json_parse;
using oh::json_quote;
using oh::JsonError;

namespace {

Json parse_ok(const std::string& text) {
    JsonError error;
    INFO("text: " << text);
    std::optional<Json> v = json_parse(text, error);
    INFO("error: " << error.str());
    REQUIRE(v.has_value());
    return *v;
}

JsonError parse_error(const std::string& text) {
    JsonError error;
    INFO("text: " << text);
    REQUIRE_FALSE(json_parse(text, error).has_value());
    REQUIRE_FALSE(error.what.empty());
    return error;
}

std::string number_text(double v) {
    return json_dump(json_number(v));
}

// What json_quote produced, read back by the strict parser.
std::string quote_and_read(const std::string& s) {
    const std::string quoted = json_quote(s);
    JsonError error;
    const std::optional<Json> v = json_parse(quoted, error);
    INFO("quoted: " << quoted << " error: " << error.str());
    REQUIRE(v.has_value());
    REQUIRE(v->is_string());
    return v->get<std::string>();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

const std::string fffd = "\xEF\xBF\xBD"; // U+FFFD in UTF-8

} // namespace

// ---- Writer -------------------------------------------------------------------------------

TEST_CASE("Strings are quoted with the escapes JSON requires", "[json]") {
    CHECK(json_quote("plain") == R"("plain")");
    CHECK(json_quote("") == R"("")");
    CHECK(json_quote("say \"hi\"") == R"("say \"hi\"")");
    CHECK(json_quote("C:\\Users") == R"("C:\\Users")");
    CHECK(json_quote("a\nb\rc\td") == R"("a\nb\rc\td")");
    CHECK(json_quote(std::string("\0\x01\x1f\x1b", 4)) == R"("\u0000\u0001\u001f\u001b")");
    CHECK(json_quote("\b\f") == R"("\b\f")");
    CHECK(json_quote("/ and \x7f stay") == "\"/ and \x7f stay\"");
}

TEST_CASE("Valid UTF-8 is written unchanged", "[json]") {
    const std::string text = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"; // café € 😀
    CHECK(json_quote(text) == "\"" + text + "\"");
    CHECK(json_quote("\xEF\xBF\xBF\xF4\x8F\xBF\xBF") == "\"\xEF\xBF\xBF\xF4\x8F\xBF\xBF\"");
}

TEST_CASE("Invalid UTF-8 becomes U+FFFD so the output stays valid JSON", "[json]") {
    // One U+FFFD for each byte that starts no valid sequence, one for a sequence cut short.
    CHECK(json_quote("a\xFF"
                     "b") == "\"a" + fffd + "b\"");
    CHECK(json_quote("\xC0\x80") == "\"" + fffd + fffd + "\"");            // overlong NUL
    CHECK(json_quote("\xED\xA0\x80") == "\"" + fffd + fffd + fffd + "\""); // surrogate
    CHECK(json_quote("\xF4\x90\x80\x80") == "\"" + fffd + fffd + fffd + fffd + "\""); // >10FFFF
    CHECK(json_quote("end\xE2\x82") == "\"end" + fffd + "\"");                        // cut short
    CHECK(json_quote("\x80x") == "\"" + fffd + "x\""); // stray continuation
    // Inside an object too, keys included: a journal or --json line is always valid.
    const Json o = {{"k\xFF", "v\xFE"}};
    CHECK(json_dump(o) == "{\"k" + fffd + "\":\"v" + fffd + "\"}");
}

TEST_CASE("Any byte string quotes to JSON that reads back", "[json]") {
    std::mt19937 rng(1234);
    std::uniform_int_distribution<int> byte(0, 255), length(0, 40);
    for (int i = 0; i < 2000; ++i) {
        std::string s(static_cast<std::size_t>(length(rng)), '\0');
        for (char& c : s) c = static_cast<char>(byte(rng));
        const std::string back = quote_and_read(s); // REQUIREs that it parses
        // Only invalid UTF-8 changes, into U+FFFD (3 bytes for at most 3), and what comes
        // back is valid UTF-8: quoting it again changes nothing.
        CHECK(back.size() >= s.size());
        CHECK(json_quote(back) == json_quote(s));
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
    CHECK(number_text(-0.0) == "0");
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
        const Json back = parse_ok(number_text(v));
        REQUIRE(back.is_number());
        CHECK(back.get<double>() == v);
    }
    const double extremes[] = {std::numeric_limits<double>::max(),
                               std::numeric_limits<double>::lowest(),
                               std::numeric_limits<double>::min(),
                               std::numeric_limits<double>::denorm_min(),
                               1e15,
                               1e300,
                               -1e-300};
    for (double v : extremes) CHECK(parse_ok(number_text(v)).get<double>() == v);
}

TEST_CASE("NaN and infinities are written as null", "[json]") {
    CHECK(number_text(std::nan("")) == "null");
    CHECK(number_text(std::numeric_limits<double>::infinity()) == "null");
    CHECK(number_text(-std::numeric_limits<double>::infinity()) == "null");
}

TEST_CASE("Objects keep their keys in the order added, integers exact", "[json]") {
    Json o = {{"time", 1.5}, {"phase", "start"}, {"ok", true}};
    o["seq"] = std::numeric_limits<std::uint64_t>::max();
    o["min"] = std::numeric_limits<std::int64_t>::min();
    o["none"] = nullptr;
    CHECK(json_dump(o) == R"({"time":1.5,"phase":"start","ok":true,)"
                          R"("seq":18446744073709551615,"min":-9223372036854775808,"none":null})");
}

// ---- Reader -------------------------------------------------------------------------------

TEST_CASE("json_parse keeps object keys in the order of the text", "[json]") {
    const Json v = parse_ok(R"({"z":1,"a":2,"m":3})");
    REQUIRE(v.size() == 3);
    auto it = v.begin();
    CHECK(it.key() == "z");
    CHECK((++it).key() == "a");
    CHECK((++it).key() == "m");
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

TEST_CASE("json_parse errors say what was expected, with the line and column", "[json]") {
    JsonError e = parse_error("{\"a\": 1,\n  \"b\": x}");
    CHECK(e.has_position);
    CHECK(e.line == 2);
    CHECK(e.column == 8);
    CHECK(e.offset == 16);
    CHECK(contains(e.what, "invalid literal"));
    CHECK(contains(e.str(), " at line 2, column 8"));
    CHECK_FALSE(contains(e.str(), "json.exception")); // the library's prefix is not shown

    e = parse_error("");
    CHECK(contains(e.what, "unexpected end of input"));
    CHECK((e.line == 1 && e.column == 1 && e.offset == 0));
    e = parse_error("[1,]");
    CHECK(contains(e.str(), "unexpected ']'"));
    CHECK(e.offset == 3);
    CHECK(contains(parse_error("{\"k\" 1}").what, "expected ':'"));
    CHECK(contains(parse_error("\"a\x01\"").what, "control character U+0001"));
    CHECK(contains(parse_error("\"\xFF\"").what, "ill-formed UTF-8"));
    CHECK(contains(parse_error("[1] 2").what, "expected end of input"));
    CHECK(contains(parse_error(R"("\uD800")").what, "surrogate"));
}

TEST_CASE("A NUL byte is refused where it is, not taken for the end of the text", "[json]") {
    JsonError e = parse_error(std::string("{\"a\":1}\0{\"b\":2}", 15));
    CHECK(contains(e.what, "a NUL byte"));
    CHECK(e.offset == 7);
    CHECK(e.column == 8);
    e = parse_error(std::string("[\"a\0b\"]", 7));
    CHECK(contains(e.what, "a NUL byte"));
    CHECK(e.offset == 3);
    CHECK(parse_ok(R"("a\u0000b")").get<std::string>() == std::string("a\0b", 3));
}

TEST_CASE("A json_parse error shows at most the last 40 bytes read", "[json]") {
    const JsonError e = parse_error("\"" + std::string(70000, 'a'));
    CHECK(e.what.size() < 200);
    CHECK(contains(e.what, "last read: '..." + std::string(40, 'a') + "'"));
    CHECK(e.offset == 70001);
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

    CHECK(parse_error(std::string(65, '[') + std::string(65, ']')).what ==
          "nesting deeper than 64 levels");
    CHECK(parse_error(std::string(1000000, '[')).what == "nesting deeper than 64 levels");
}

TEST_CASE("json_parse refuses an object with the same key twice", "[json]") {
    CHECK(parse_error(R"({"a":1,"b":2,"a":3})").str() == R"(duplicate key "a")");
    CHECK(parse_ok(R"({"a":{"a":1}})")["a"]["a"] == 1);
    CHECK(parse_ok(R"([{"a":1},{"a":2}])").size() == 2); // each object has its own keys
}

TEST_CASE("json_parse reads numbers out of double range sensibly", "[json]") {
    CHECK(contains(parse_error("1e400").what, "number overflow"));
    CHECK(contains(parse_error("-1" + std::string(400, '0')).what, "number overflow"));
    CHECK(parse_ok("1e-400").get<double>() == 0.0);
    CHECK(std::signbit(parse_ok("-1e-400").get<double>()));
    CHECK(parse_ok("0." + std::string(400, '0') + "1").get<double>() == 0.0);
    CHECK(parse_ok("9007199254740993").get<std::uint64_t>() == 9007199254740993ULL); // exact
}
