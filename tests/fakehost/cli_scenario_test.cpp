// fakehost run on scenario files as they come: long, odd line ends, a BOM, not files at all.
#include "catch.hpp"
#include "cli_support.h"
#include "support.h"

#ifndef _WIN32
#include <fcntl.h>
#include <iostream>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace oh;
using namespace oh::test;

namespace {

// Runs fakehost with `args` (no shell), output thrown away; its peak RSS in KiB.
long peak_rss_kib(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    std::string exe = OH_FAKEHOST_EXE;
    argv.push_back(exe.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::cout.flush(); // else the child holds a copy of what is buffered
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        // dup2, not freopen: that would flush the test's own buffered output twice.
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, 1);
        ::dup2(null, 2);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    int status = 0;
    rusage ru{};
    REQUIRE(::wait4(pid, &status, 0, &ru) == pid);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    return ru.ru_maxrss;
}

fs::path flapping_scenario(const ScriptDir& dir, int lines) {
    std::string text;
    for (int i = 0; i < lines; ++i) text += i % 2 ? "+1s online\n" : "+1s offline\n";
    return dir.write(std::to_string(lines) + ".scn", text);
}

} // namespace

TEST_CASE("fakehost run plays a long scenario in constant memory", "[cli][scenario][memory]") {
#if defined(__SANITIZE_ADDRESS__)
    // ASan keeps freed memory in quarantine: RSS grows with every allocation made.
    WARN("built with AddressSanitizer: peak RSS says nothing here, the check is skipped");
    return;
#endif
    ScriptDir dir;
    dir.write("s.lua", "hooks.on('offline', function(e) hooks.log.info('seq %d', e.seq) end)\n");
    const std::string scripts = dir.path().string();
    const long small = peak_rss_kib(
        {"run", "--scripts", scripts, "--scenario", flapping_scenario(dir, 10000).string()});
    const long large = peak_rss_kib(
        {"run", "--scripts", scripts, "--scenario", flapping_scenario(dir, 300000).string()});
    INFO("peak RSS: " << small << " KiB for 10k lines, " << large << " KiB for 300k lines");
    // Whole in memory, 300k lines took 40 MB more; streamed, the difference is noise.
    CHECK(large < small + 4 * 1024);
}

TEST_CASE("A scenario with CRLF line ends, a BOM and no newline at the end plays",
          "[cli][scenario][encoding]") {
    ScriptDir dir;
    dir.write("s.lua", "hooks.on('online', function() hooks.log.info('back online') end)\n");
    const auto scn = dir.write("crlf.scn", "\xEF\xBB\xBF# day\r\n0s offline\r\n+30s online");
    const auto r = fakehost("run --scripts " + sh(dir.path()) + " --scenario " + sh(scn));
    INFO(r.out);
    CHECK(r.status == 0);
    CHECK(has(r.out, "00:00:30.000  info      s: back online"));
}

TEST_CASE("A scenario saved as UTF-16 is refused naming the encoding and the fix",
          "[cli][scenario][encoding]") {
    ScriptDir dir;
    dir.write("s.lua", "\n");
    std::string wide = "\xFF\xFE";
    for (char c : std::string("0s offline\n")) wide += std::string{c, '\0'};
    const auto scn = dir.write("wide.scn", wide);
    const auto r = fakehost("run --scripts " + sh(dir.path()) + " --scenario " + sh(scn));
    CHECK(r.status == 2);
    CHECK(has(r.out, "wide.scn: the file is saved as UTF-16 LE"));
    CHECK(has(r.out, "save it as UTF-8"));
    CHECK(has(r.out, "nothing was run"));
}

TEST_CASE("A scenario that is a FIFO, a folder or a link loop is refused, naming it",
          "[cli][scenario]") {
    ScriptDir dir;
    dir.write("s.lua", "\n");
    const auto fifo = dir.path() / "pipe.scn";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    auto r = fakehost("run --scripts " + sh(dir.path()) + " --scenario " + sh(fifo));
    CHECK(r.status == 2);
    CHECK(has(r.out, "pipe.scn: is not a regular file"));
    r = fakehost("run --scripts " + sh(dir.path()) + " --scenario " + sh(dir.path()));
    CHECK(r.status == 2);
    CHECK(has(r.out, "is a folder, not a scenario file"));
    fs::create_symlink("loop.scn", dir.path() / "loop.scn");
    r = fakehost("run --scripts " + sh(dir.path()) + " --scenario " + sh(dir.path() / "loop.scn"));
    CHECK(r.status == 2);
    CHECK(has(r.out, "loop.scn: cannot read the scenario file: Too many levels of symbolic links"));
}

TEST_CASE("A scenario with a 100 MB line is refused without reading it into memory",
          "[cli][scenario]") {
    ScriptDir dir;
    dir.write("s.lua", "\n");
    const auto scn = dir.write("big.scn", "0s offline\n");
    {
        std::ofstream out(scn, std::ios::binary | std::ios::app);
        const std::string chunk(1 << 20, 'x');
        for (int i = 0; i < 100; ++i) out << chunk;
        out << "\n";
    }
    const auto r = fakehost("run --scripts " + sh(dir.path()) + " --scenario " + sh(scn));
    CHECK(r.status == 2);
    CHECK(has(r.out, "big.scn:2: the line is longer than 64 KiB"));
    CHECK(has(r.out, "nothing was run"));
}
#endif
