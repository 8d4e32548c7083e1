// Running the real fakehost binary from a test, as a user runs it (POSIX only).
#pragma once

#ifndef _WIN32
#include "catch.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/wait.h>

namespace oh::test {

struct Ran {
    int status = -1; // exit status; -1 when it was killed by a signal
    std::string out; // stdout and stderr together
};

// Runs `fakehost ARGS` through the shell (ARGS may quote and redirect) and waits for it.
inline Ran fakehost(const std::string& args) {
    const std::string cmd = std::string(OH_FAKEHOST_EXE) + " " + args + " 2>&1";
    Ran r;
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p);
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) r.out.append(buf, n);
    const int raw = ::pclose(p);
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return r;
}

// A path quoted for the shell.
inline std::string sh(const std::filesystem::path& p) {
    std::string out = "'";
    for (char c : p.string()) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

inline bool has(const std::string& text, const std::string& needle) {
    return text.find(needle) != std::string::npos;
}

inline std::string file_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

} // namespace oh::test
#endif
