// quote_argv (addin/win/quote_argv.h): the command line hooks.run gives CreateProcessW must
// split back into exactly the script's argv under the C runtime's rules (CommandLineToArgvW
// agrees for everything quote_argv writes). Plain C++, so it runs on Linux and under Wine.
#include "catch.hpp"

#include "../../addin/win/quote_argv.h"

#include <random>
#include <string>
#include <vector>

using oh::win::quote_arg;
using oh::win::quote_argv;

namespace {

// The C runtime's split (Microsoft's "Parsing C command-line arguments"): argv[0] up to the
// next quote or the first blank, with no escapes; then blank-separated arguments with quotes,
// 2n backslashes + quote -> n backslashes (quote delimits), 2n+1 -> n backslashes + a quote,
// and "" inside quotes -> a literal quote.
std::vector<std::string> crt_split(const std::string& line) {
    std::vector<std::string> argv;
    std::size_t i = 0;
    const std::size_t n = line.size();
    std::string program;
    if (i < n && line[i] == '"') {
        ++i;
        while (i < n && line[i] != '"') program += line[i++];
        if (i < n) ++i;
    } else {
        while (i < n && line[i] != ' ' && line[i] != '\t') program += line[i++];
    }
    argv.push_back(program);
    for (;;) {
        while (i < n && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i >= n) break;
        std::string arg;
        bool quoted = false;
        while (i < n) {
            const char c = line[i];
            if (!quoted && (c == ' ' || c == '\t')) break;
            if (c == '\\') {
                std::size_t k = 0;
                while (i < n && line[i] == '\\') ++k, ++i;
                if (i < n && line[i] == '"') {
                    arg.append(k / 2, '\\');
                    if (k % 2 == 1) {
                        arg += '"';
                        ++i;
                    }
                } else {
                    arg.append(k, '\\');
                }
            } else if (c == '"') {
                if (quoted && i + 1 < n && line[i + 1] == '"') {
                    arg += '"';
                    i += 2;
                } else {
                    quoted = !quoted;
                    ++i;
                }
            } else {
                arg += c;
                ++i;
            }
        }
        argv.push_back(arg);
    }
    return argv;
}

std::string line_for(const std::vector<std::string>& argv) {
    auto line = quote_argv(argv);
    INFO(line.error());
    REQUIRE(line.ok());
    return line.value();
}

} // namespace

TEST_CASE("quote_arg leaves plain arguments alone", "[addin][win][quote_argv]") {
    CHECK(quote_arg("plain") == "plain");
    CHECK(quote_arg(R"(C:\dir\)") == R"(C:\dir\)"); // backslashes are literal when unquoted
    CHECK(quote_arg("/v") == "/v");
    CHECK(quote_arg("\xC3\xA9t\xC3\xA9") == "\xC3\xA9t\xC3\xA9"); // UTF-8 passes through
}

TEST_CASE("quote_arg quotes blanks, quotes and the empty argument", "[addin][win][quote_argv]") {
    CHECK(quote_arg("") == R"("")");
    CHECK(quote_arg("a b") == R"("a b")");
    CHECK(quote_arg("a\tb") == "\"a\tb\"");
    CHECK(quote_arg(R"(say "hi")") == R"("say \"hi\"")");
    CHECK(quote_arg(R"(C:\my dir\)") == R"("C:\my dir\\")"); // else \" would escape the quote
    CHECK(quote_arg(R"(a\"b)") == R"("a\\\"b")");            // 1 backslash + quote -> 3 + quote
    CHECK(quote_arg(R"(a\\b c)") == R"("a\\b c")");          // not before a quote: as is
}

TEST_CASE("quote_argv: the program name has its own rules", "[addin][win][quote_argv]") {
    CHECK(line_for({"reg.exe", "add", "HKCU\\X"}) == R"(reg.exe add HKCU\X)");
    CHECK(line_for({R"(C:\Program Files\Tool\tool.exe)", "1"}) ==
          R"("C:\Program Files\Tool\tool.exe" 1)");
    // A trailing backslash in argv[0] is not doubled: argv[0] has no escapes.
    CHECK(crt_split(line_for({R"(C:\odd dir\)", "x"})) ==
          std::vector<std::string>{R"(C:\odd dir\)", "x"});
}

TEST_CASE("quote_argv refuses what no command line can carry", "[addin][win][quote_argv]") {
    CHECK(quote_argv({}).error() == "the program name (argv[1]) is empty");
    CHECK(quote_argv({""}).error() == "the program name (argv[1]) is empty");
    CHECK(quote_argv({R"(a"b.exe)"}).error() == "the program name contains a double quote");
    CHECK(quote_argv({"x.exe", std::string("a\0b", 3)}).error() ==
          "argument 2 contains a NUL character");
}

TEST_CASE("quote_argv round-trips through the C runtime's split", "[addin][win][quote_argv]") {
    const std::vector<std::vector<std::string>> cases = {
        {"p", ""},
        {"p", "", ""},
        {"p", "\\"},
        {"p", "\\\\"},
        {"p", "\""},
        {"p", "\\\""},
        {"p", "a b\\"},
        {"p", "a b\\\\"},
        {"p", "\"\""},
        {"p", " "},
        {"p", "\t\"\\ \\\"\\\\"},
        {"my prog.exe", "x y", "z"},
    };
    for (const auto& argv : cases) {
        INFO(line_for(argv));
        CHECK(crt_split(line_for(argv)) == argv);
    }

    // Random arguments over the characters that matter, fixed seed (repeatable).
    std::mt19937 rng(20260105);
    const std::string alphabet = std::string("ab \t\"\\\\\\") + "\xC3\xA9";
    std::uniform_int_distribution<int> length(0, 8), count(0, 4);
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    for (int round = 0; round < 2000; ++round) {
        std::vector<std::string> argv = {round % 2 ? "prog.exe" : "C:\\a dir\\prog.exe"};
        for (int k = count(rng); k > 0; --k) {
            std::string arg;
            for (int len = length(rng); len > 0; --len) arg += alphabet[pick(rng)];
            argv.push_back(arg);
        }
        const std::string line = line_for(argv);
        INFO(line);
        REQUIRE(crt_split(line) == argv);
    }
}
