// Builds a Windows command line from an argv, so that the program gets exactly that argv back.
// Windows passes a program one string; the C runtime (and CommandLineToArgvW) splits it again:
//  - arguments are separated by spaces or tabs; one in double quotes may contain them;
//  - 2n backslashes before a quote give n backslashes and the quote delimits; 2n+1 give n
//    backslashes and a literal quote; backslashes not before a quote are literal;
//  - argv[0], the program, is split by simpler rules: up to the next quote when it starts with
//    one, else up to the first space or tab, with no backslash processing at all.
// Plain C++ on UTF-8 (every special character is ASCII, and UTF-8 never has an ASCII byte
// inside a multi-byte character), so the unit tests run on Linux too.
#pragma once

#include "result.h"

#include <string>
#include <string_view>
#include <vector>

namespace oh::win {

// One argument (not the program) quoted for the C runtime's parser.
inline std::string quote_arg(std::string_view arg) {
    if (!arg.empty() && arg.find_first_of(" \t\n\v\"") == std::string_view::npos)
        return std::string(arg);
    std::string out;
    out.reserve(arg.size() + 2);
    out += '"';
    std::size_t backslashes = 0;
    for (const char c : arg) {
        if (c == '\\') {
            ++backslashes;
            continue;
        }
        // Backslashes before a quote are doubled and the quote escaped; before anything else
        // they are literal.
        out.append(c == '"' ? backslashes * 2 + 1 : backslashes, '\\');
        backslashes = 0;
        out += c;
    }
    // Before the closing quote: doubled, or the quote would be escaped.
    out.append(backslashes * 2, '\\');
    out += '"';
    return out;
}

// The whole command line, or why not: an empty argv or program name, a program name with a
// quote (no Windows file name has one, and argv[0] cannot carry it), or a NUL character
// anywhere (a command line ends at the first).
inline Result<std::string> quote_argv(const std::vector<std::string>& argv) {
    if (argv.empty() || argv[0].empty()) return fail("the program name (argv[1]) is empty");
    for (std::size_t i = 0; i < argv.size(); ++i) {
        if (argv[i].find('\0') != std::string::npos)
            return fail("argument " + std::to_string(i + 1) + " contains a NUL character");
    }
    const std::string& program = argv[0];
    if (program.find('"') != std::string::npos)
        return fail("the program name contains a double quote");
    std::string line;
    if (program.find_first_of(" \t") != std::string::npos) {
        line += '"';
        line += program;
        line += '"';
    } else {
        line = program;
    }
    for (std::size_t i = 1; i < argv.size(); ++i) {
        line += ' ';
        line += quote_arg(argv[i]);
    }
    return line;
}

} // namespace oh::win
