// fakehost run and check with --machine-scripts: the add-in's machine scripts folder played
// beside the user's, the machine's script winning a name clash.
#include "catch.hpp"
#include "cli_support.h"
#include "support.h"

#ifndef _WIN32
using namespace oh;
using namespace oh::test;

namespace {

std::string logs(const std::string& what) {
    return "hooks.on('start', function() hooks.log.info('" + what + "') end)\n";
}

} // namespace

TEST_CASE("fakehost run --machine-scripts runs the machine's script of a clashing name and says so",
          "[cli][machine]") {
    ScriptDir user, machine;
    user.write("vpn.lua", logs("user vpn"));
    user.write("other.lua", logs("user other"));
    machine.write("vpn.lua", logs("machine vpn"));
    const auto r = fakehost("run --scripts " + sh(user.path()) + " --machine-scripts " +
                            sh(machine.path()) + " --events '1m end'");
    INFO(r.out);
    CHECK(r.status == 0);
    CHECK(has(r.out, "vpn: machine vpn"));
    CHECK(has(r.out, "other: user other"));
    CHECK_FALSE(has(r.out, "user vpn"));
    CHECK(has(r.out, "script 'vpn': the machine's " + path_to_utf8(machine.path()) +
                         "/vpn.lua is loaded; the user's " + path_to_utf8(user.path()) +
                         "/vpn.lua of the same name is not"));
    const auto missing = fakehost("run --scripts " + sh(user.path()) + " --machine-scripts " +
                                  sh(machine.path() / "nope") + " --events '1m end'");
    CHECK(missing.status == 2);
    CHECK(has(missing.out,
              "--machine-scripts " + path_to_utf8(machine.path() / "nope") + ": no such folder"));
}

TEST_CASE("fakehost check --machine-scripts checks both folders and lists the hidden script",
          "[cli][machine]") {
    ScriptDir user, machine;
    user.write("vpn.lua", logs("user vpn"));
    machine.write("vpn.lua", "hooks.on('start', function()\n"); // broken
    const auto r =
        fakehost("check " + sh(user.path()) + " --machine-scripts " + sh(machine.path()));
    INFO(r.out);
    CHECK(r.status == 1);
    CHECK(has(r.out, "FAIL  " + path_to_utf8(machine.path()) + "/vpn.lua"));
    CHECK(has(r.out, "skip  " + path_to_utf8(user.path()) +
                         "/vpn.lua: a machine script of the same name loads instead"));
}
TEST_CASE("A machine folder that is the user's folder, or a link to it, runs each script once "
          "and tells of no clash",
          "[cli][machine][hostile]") {
    ScriptDir user, links;
    user.write("vpn.lua", logs("vpn ran"));
    const auto link = links.path() / "machine";
    std::filesystem::create_directory_symlink(user.path(), link);
    for (const auto& machine : {user.path(), link}) {
        const auto r = fakehost("run --scripts " + sh(user.path()) + " --machine-scripts " +
                                sh(machine) + " --events '1m end'");
        INFO(r.out);
        CHECK(r.status == 0);
        CHECK(has(r.out, "vpn: vpn ran"));
        CHECK(has(r.out, "1 script(s) running"));
        CHECK_FALSE(has(r.out, "of the same name is not"));
        const auto c = fakehost("check " + sh(user.path()) + " --machine-scripts " + sh(machine));
        INFO(c.out);
        CHECK(c.status == 0);
        CHECK_FALSE(has(c.out, "a machine script of the same name loads instead"));
    }
}
#endif
