// fakehost test [FILE|DIR ...] [--tap] [--junit FILE] [--verbose]
#include "cli.h"
#include "folder_scan.h"
#include "result.h"
#include "test_runner.h"
#include "text_file.h"
#include "transcript.h"
#include "xml_text.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace oh::cli {

namespace {

bool is_test_name(const std::string& name) {
    return name.size() > 9 && name.compare(name.size() - 9, 9, "_test.lua") == 0;
}

// Test files named on the command line, or found (recursively) in the folders named. What
// cannot be listed (a link loop, a FIFO named x_test.lua) is skipped with a warning.
Result<std::vector<fs::path>> collect(const std::vector<std::string>& args) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& a : args.empty() ? std::vector<std::string>{"."} : args) {
        const fs::path p = path_from_utf8(a);
        const fs::file_status st = fs::status(p, ec);
        if (fs::is_directory(st)) {
            FolderScan scan = scan_folder_files(p, true, is_test_name);
            for (const auto& w : scan.warnings)
                std::fprintf(stderr, "fakehost test: %s\n", w.c_str());
            files.insert(files.end(), scan.files.begin(), scan.files.end());
        } else if (fs::exists(st)) {
            files.push_back(p); // named on purpose: its reader says why it cannot be run
        } else {
            return fail("no such file or folder: " + a + (ec ? " (" + ec.message() + ")" : ""));
        }
    }
    return files;
}

std::string indent(const std::string& text, const std::string& pad) {
    std::string out = pad;
    for (char c : text) {
        out += c;
        if (c == '\n') out += pad;
    }
    return out;
}

// Script names and test messages are the authors': escaped, and kept well-formed whatever they
// hold.
std::string attr(const std::string& s) {
    return xml_escape(s, XmlPlace::attribute);
}

bool write_junit(const fs::path& path, const std::vector<TestFileResult>& results) {
    std::ofstream out(os_path(path));
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
    for (const auto& f : results) {
        std::size_t failures = f.load_error.empty() ? 0 : 1;
        for (const auto& t : f.tests) failures += !t.passed;
        const std::size_t count = f.tests.size() + (f.load_error.empty() ? 0 : 1);
        out << "  <testsuite name=\"" << attr(path_to_utf8(f.file)) << "\" tests=\"" << count
            << "\" failures=\"" << failures << "\">\n";
        if (!f.load_error.empty())
            out << "    <testcase name=\"(load)\" classname=\"" << attr(path_to_utf8(f.file))
                << "\"><failure message=\"the file did not load\">"
                << xml_escape(f.load_error, XmlPlace::content) << "</failure></testcase>\n";
        for (const auto& t : f.tests) {
            out << "    <testcase name=\"" << attr(t.name) << "\" classname=\""
                << attr(path_to_utf8(f.file)) << "\" time=\"" << t.seconds << "\"";
            if (t.passed)
                out << "/>\n";
            else
                out << "><failure message=\"" << attr(t.message.substr(0, t.message.find('\n')))
                    << "\">" << xml_escape(t.message, XmlPlace::content)
                    << "</failure></testcase>\n";
        }
        out << "  </testsuite>\n";
    }
    out << "</testsuites>\n";
    return static_cast<bool>(out);
}

struct Counts {
    std::size_t passed = 0, failed = 0;
};

} // namespace

int test(Args& args) {
    const bool tap = args.flag("--tap");
    const bool verbose = args.flag("--verbose");
    const auto junit = args.value("--junit");
    const auto rest = args.rest();
    if (!args.ok()) return args.usage_error(args.error());
    const Result<std::vector<fs::path>> collected = collect(rest);
    if (!collected.ok()) return args.usage_error(collected.error());
    const std::vector<fs::path>& files = collected.value();
    if (files.empty()) {
        std::fprintf(stderr, "fakehost test: no test files (*_test.lua) found\n");
        return 1;
    }

    Counts c;
    std::vector<TestFileResult> results;
    std::size_t tap_number = 0;
    if (tap) std::printf("TAP version 13\n");
    for (const auto& file : files) {
        const std::string name = path_to_utf8(file);
        if (!tap) std::printf("%s\n", name.c_str());
        auto result = run_test_file(file, [&](const TestResult& t) {
            t.passed ? ++c.passed : ++c.failed;
            if (tap) {
                std::printf("%s %zu - %s: %s\n", t.passed ? "ok" : "not ok", ++tap_number,
                            name.c_str(), t.name.c_str());
                if (!t.passed)
                    std::printf("  ---\n  message: |\n%s\n  ...\n",
                                indent(t.message, "    ").c_str());
            } else if (t.passed) {
                if (verbose)
                    std::printf("  ok    %s (%.0f ms)\n", terminal_text(t.name, true).c_str(),
                                t.seconds * 1000);
                else
                    std::printf("  ok    %s\n", terminal_text(t.name, true).c_str());
            } else {
                std::printf("  FAIL  %s (%s:%d)\n%s\n", terminal_text(t.name, true).c_str(),
                            name.c_str(), t.line,
                            indent(terminal_text(t.message, false), "        ").c_str());
            }
            std::fflush(stdout);
        });
        if (!result.load_error.empty()) {
            ++c.failed;
            if (tap)
                std::printf(
                    "not ok %zu - %s: the file did not load\n  ---\n  message: |\n%s\n  ...\n",
                    ++tap_number, name.c_str(), indent(result.load_error, "    ").c_str());
            else
                std::printf("  FAIL  the file did not load\n%s\n",
                            indent(result.load_error, "        ").c_str());
        }
        results.push_back(std::move(result));
    }
    // A report the CI cannot find must not look like success.
    const bool junit_failed = junit && !write_junit(path_from_utf8(*junit), results);
    if (tap) std::printf("1..%zu\n# ", tap_number);
    std::printf("%zu passed, %zu failed\n", c.passed, c.failed);
    if (junit_failed) {
        std::fprintf(stderr, "fakehost test: cannot write %s: %s\n", junit->c_str(),
                     std::strerror(errno));
        return 1;
    }
    return c.failed ? 1 : 0;
}

} // namespace oh::cli
