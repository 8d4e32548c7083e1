// The fake host's command line: one function per command, and the few helpers they share.
#pragma once

#include "fake_host.h"
#include "long_path.h"
#include "text_file.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace oh::cli {

namespace fs = std::filesystem;

// Arguments after the command name, consumed left to right.
class Args {
  public:
    Args(std::string command, std::vector<std::string> args)
        : command_(std::move(command)), args_(std::move(args)) {}
    bool flag(const char* name);                        // --json
    std::optional<std::string> value(const char* name); // --scripts DIR; an error if twice
    std::vector<std::string> rest();                    // what is left: positionals
    // Prints "fakehost <cmd>: <message>" and returns the usage exit status (2).
    int usage_error(const std::string& message) const;
    bool ok() const { return error_.empty(); }
    const std::string& command() const { return command_; }
    const std::string& error() const { return error_; }

  private:
    std::optional<std::string> take_value(const char* name);

    std::string command_;
    std::vector<std::string> args_;
    std::string error_;
};

// The bundled example scripts: next to the program, installed beside it, or in the source.
std::filesystem::path bundled_scripts(const char* argv0);
// The default scenario, built into the program.
extern const char* const default_scenario_text;

// The options run and replay share (--scripts, --live, --profile, --store, --budget).
// Returns an exit status, or -1 to go on.
int read_host_options(Args& args, FakeHostOptions& host, const char* argv0);
// False, after saying why on stderr, when the --journal file could not be opened or written.
bool journal_usable(FakeHost& host, const char* command);

int run(Args& args, const char* argv0);
int check(Args& args);
int replay(Args& args, const char* argv0);
int test(Args& args);
// In the program itself (cmd_doctor.cpp), not the library: see there.
int doctor(Args& args);

} // namespace oh::cli
