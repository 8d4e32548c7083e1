// The machine scripts folder beside the user's (an administrator's %ProgramData%/OfflineHooks/
// scripts): both load, the machine's script wins a name clash and the log names both files,
// hot reload covers both folders, and a machine script the host's check refuses does not load.
#include "catch.hpp"
#include "support.h"

#include "engine.h"
#include "watched.h"

using namespace oh;
using namespace oh::test;

namespace {

std::string says(const std::string& who) {
    return "hooks.on('start', function() hooks.log.info('start " + who +
           "') end)\nhooks.on('stop', function() hooks.log.info('stop " + who + "') end)\n";
}

std::unique_ptr<FakeHost> start_both(const ScriptDir& user, const ScriptDir& machine,
                                     FakeHostOptions o = {}) {
    o.machine_dir = machine.path();
    return start_host(user, std::move(o));
}

// The host's own lines (not the scripts') at `level` that hold `part`.
std::vector<std::string> host_lines(FakeHost& h, const char* level, const std::string& part) {
    std::vector<std::string> out;
    for (const auto& l : h.record().logs)
        if (l.record.script.empty() && std::string(level) == to_string(l.record.level) &&
            l.record.message.find(part) != std::string::npos)
            out.push_back(l.record.message);
    return out;
}

std::vector<std::string> names(FakeHost& h) {
    std::vector<std::string> out;
    for (const auto& s : h.core().engine().scripts()) out.push_back(s->name());
    return out;
}

} // namespace

TEST_CASE("Scripts of the user's and the machine's folders both load, in name order", "[machine]") {
    ScriptDir user, machine;
    user.write("b.lua", says("user b"));
    machine.write("a.lua", says("machine a"));
    machine.write("c.lua", says("machine c"));
    auto h = start_both(user, machine);
    CHECK(names(*h) == std::vector<std::string>{"a", "b", "c"});
    CHECK(messages(*h, "info") ==
          std::vector<std::string>{"start machine a", "start user b", "start machine c"});
}

TEST_CASE("On a name clash the machine's script loads, and the log names both files once",
          "[machine]") {
    ScriptDir user, machine;
    const auto user_vpn = user.write("vpn.lua", says("user vpn"));
    const auto machine_vpn = machine.write("vpn.lua", says("machine vpn"));
    auto h = start_both(user, machine);
    CHECK(messages(*h, "info") == std::vector<std::string>{"start machine vpn"});
    REQUIRE(h->core().engine().scripts().size() == 1);
    CHECK(h->core().engine().scripts()[0]->path() == machine_vpn);
    const auto told = host_lines(*h, "warn", "script 'vpn': the machine's ");
    REQUIRE(told.size() == 1);
    CHECK_THAT(told[0], Catch::Contains(path_to_utf8(machine_vpn) + " is loaded; the user's " +
                                        path_to_utf8(user_vpn) + " of the same name is not"));
    // Polls that find nothing new say nothing new.
    CHECK_FALSE(h->reload());
    CHECK_FALSE(h->reload());
    CHECK(host_lines(*h, "warn", "script 'vpn': the machine's ").size() == 1);
}

TEST_CASE("A removed machine script lets the user's script of the same name load", "[machine]") {
    ScriptDir user, machine;
    user.write("vpn.lua", says("user vpn"));
    machine.write("vpn.lua", says("machine vpn"));
    auto h = start_both(user, machine);
    std::filesystem::remove(machine.path() / "vpn.lua");
    CHECK(h->reload());
    CHECK(messages(*h, "info") ==
          std::vector<std::string>{"start machine vpn", "stop machine vpn", "start user vpn"});
    // It comes back: the machine's wins again, and the log says so again.
    machine.write("vpn.lua", says("machine vpn 2"));
    CHECK(h->reload());
    CHECK(messages(*h, "info").back() == "start machine vpn 2");
    CHECK(host_lines(*h, "warn", "script 'vpn': the machine's ").size() == 2);
}

TEST_CASE("Hot reload picks up changed, added and removed scripts in both folders", "[machine]") {
    ScriptDir user, machine;
    user.write("u.lua", says("u1"));
    machine.write("m.lua", says("m1"));
    auto h = start_both(user, machine);
    machine.write("m.lua", says("m2"));
    CHECK(h->reload());
    user.write("u.lua", says("u2"));
    CHECK(h->reload());
    machine.write("n.lua", says("n1"));
    user.write("v.lua", says("v1"));
    CHECK(h->reload());
    std::filesystem::remove(machine.path() / "n.lua");
    CHECK(h->reload());
    CHECK(messages(*h, "info") == std::vector<std::string>{"start m1", "start u1", "stop m1",
                                                           "start m2", "stop u1", "start u2",
                                                           "start n1", "start v1", "stop n1"});
    CHECK(names(*h) == std::vector<std::string>{"m", "u", "v"});
}

TEST_CASE("A machine lib/ module changed reloads the machine scripts that require it",
          "[machine]") {
    ScriptDir user, machine;
    machine.write("lib/greet.lua", "return 'hello 1'");
    machine.write("m.lua", "local g = require('greet')\n"
                           "hooks.on('start', function() hooks.log.info(g) end)\n");
    auto h = start_both(user, machine);
    machine.write("lib/greet.lua", "return 'hello 2'");
    CHECK(h->reload());
    CHECK(messages(*h, "info") == std::vector<std::string>{"hello 1", "hello 2"});
}

TEST_CASE("A machine script the host's check refuses does not load; the error is logged once",
          "[machine]") {
    ScriptDir user, machine;
    user.write("vpn.lua", says("user vpn"));
    const auto bad = machine.write("vpn.lua", says("machine vpn"));
    machine.write("ok.lua", says("machine ok"));
    bool refuse = true;
    FakeHostOptions o;
    o.engine.machine_check = [&](const std::filesystem::path& p) -> Status {
        if (refuse && p == bad) return fail("machine script " + path_to_utf8(p) + " refused");
        return {};
    };
    auto h = start_both(user, machine, o);
    // Refused, it is as if it were not there: the user's loads.
    CHECK(messages(*h, "info") == std::vector<std::string>{"start machine ok", "start user vpn"});
    CHECK(host_lines(*h, "error", path_to_utf8(bad) + " refused (not loaded)").size() == 1);
    CHECK_FALSE(h->reload());
    CHECK(host_lines(*h, "error", "refused").size() == 1);
    refuse = false; // an administrator fixed its permissions
    CHECK(h->reload());
    CHECK(messages(*h, "info").back() == "start machine vpn");
}

TEST_CASE("A refused machine scripts folder loads none of its scripts", "[machine]") {
    ScriptDir user, machine;
    machine.write("m.lua", says("machine m"));
    FakeHostOptions o;
    o.engine.machine_check = [&](const std::filesystem::path& p) -> Status {
        if (p == machine.path()) return fail("machine scripts folder refused");
        return {};
    };
    auto h = start_both(user, machine, o);
    CHECK(h->core().engine().scripts().empty());
    CHECK(host_lines(*h, "error", "machine scripts folder refused").size() == 1);
}

TEST_CASE("With no user scripts folder (user scripts off), the machine's scripts still load",
          "[machine]") {
    ScriptDir machine;
    machine.write("m.lua", says("machine m"));
    FakeHostOptions o;
    o.machine_dir = machine.path();
    FakeHost h(o); // o.dir empty: no user folder
    REQUIRE(h.start().ok());
    CHECK(messages(h, "info") == std::vector<std::string>{"start machine m"});
}

TEST_CASE("A missing machine scripts folder is no problem and is said once at debug level",
          "[machine]") {
    ScriptDir user;
    user.write("u.lua", says("user u"));
    FakeHostOptions o;
    o.machine_dir = user.path() / "no such folder";
    auto h = start_host(user, o);
    CHECK(messages(*h, "info") == std::vector<std::string>{"start user u"});
    CHECK_FALSE(h->reload());
    CHECK(host_lines(*h, "debug", "no machine scripts: the machine scripts folder ").size() == 1);
    CHECK(host_lines(*h, "warn", "machine").empty());
}

TEST_CASE("The machine folder is polled while the user's folder is watched", "[machine][watch]") {
    ScriptDir user, machine;
    user.write("u.lua", versioned(1));
    // A watch that arms and never reports: only polling can see the machine's new script.
    struct SilentWatch final : FolderWatch {
        Status arm(const std::filesystem::path&, Changed) override { return {}; }
        void disarm() noexcept override {}
    } watch;
    Watched w(user, &watch, 0.1, machine.path());
    REQUIRE(w.wait_for("start v1"));
    machine.write("m.lua", versioned(2));
    CHECK(w.wait_for("start v2"));
}

TEST_CASE("A machine script's module in a lib/ folder the host's check refuses does not load",
          "[machine][hostile]") {
    // On Windows: lib/ that Users can write (e.g. inherited from a container-inherit,
    // inherit-only entry on the scripts folder, which the folder's own check passes): a user
    // could put there code that runs in every user's Outlook.
    ScriptDir user, machine;
    machine.write("lib/util.lua", "return { who = 'planted' }\n");
    machine.write("lib/net/http.lua", "return { who = 'deep' }\n");
    machine.write("m.lua", "local ok, e = pcall(require, 'util')\n"
                           "hooks.log.info(ok and e.who or e)\n"
                           "ok, e = pcall(require, 'net.http')\n"
                           "hooks.log.info(ok and e.who or e)\n"
                           "ok, e = pcall(dofile, 'lib/util.lua')\n"
                           "hooks.log.info(ok and e.who or e)\n");
    user.write("lib/util.lua", "return { who = 'user' }\n");
    user.write("u.lua", "hooks.log.info(require('util').who)\n");
    const auto lib = machine.path() / "lib";
    FakeHostOptions o;
    o.engine.machine_check = [&](const std::filesystem::path& p) -> Status {
        if (p == lib) return fail("machine scripts folder " + path_to_utf8(p) + " refused");
        return {};
    };
    auto h = start_both(user, machine, o);
    const auto said = messages(*h, "info");
    REQUIRE(said.size() == 4);
    for (int i = 0; i < 3; ++i) {
        INFO(said[i]);
        CHECK(said[i].find("refused") != std::string::npos);
        CHECK(said[i].find("planted") == std::string::npos);
    }
    CHECK(said[3] == "user"); // the user's own lib/ is the user's business
}

TEST_CASE("A machine script hides a user script whose name differs only in case, on Windows",
          "[machine]") {
    // Windows' file names ignore case, so "VPN.lua" and "vpn.lua" are one script there and the
    // machine's wins; elsewhere they are two names. `fakehost check` and doctor agree with it.
    const bool clash = script_clash_key("m/VPN.lua") == script_clash_key("u/vpn.lua");
#ifdef _WIN32
    CHECK(clash);
#else
    CHECK_FALSE(clash);
#endif
    CHECK(script_clash_key("m/vpn.lua") == script_clash_key("u/vpn.lua"));
    CHECK(script_clash_key("m/vpn.lua") != script_clash_key("u/vpn2.lua"));
}
