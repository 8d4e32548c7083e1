// hooks.notify and hooks.run as a hostile script calls them: huge notices, NUL bytes.
#include "catch.hpp"
#include "support.h"

using namespace oh;
using namespace oh::test;

TEST_CASE("A 20 MB notice is cut before it reaches the platform, saying how much was cut",
          "[actions][notify]") {
    ScriptDir dir;
    dir.write("big.lua",
              "hooks.on('offline', function()\n"
              "  hooks.notify(string.rep('T', 1000), string.rep('x', 20 * 1024 * 1024))\n"
              "end)\n");
    auto host = start_host(dir);
    host->go(State::offline);
    REQUIRE(host->record().notices.size() == 1);
    const auto& n = host->record().notices[0];
    CHECK(n.title.size() < 400);
    CHECK(n.title.find(" ... [744 more bytes cut]") != std::string::npos);
    CHECK(n.text.size() < 8 * 1024);
    CHECK(n.text.find(" ... [" + std::to_string(20 * 1024 * 1024 - 4096) + " more bytes cut]") !=
          std::string::npos);
}

TEST_CASE("A notice is cut between UTF-8 characters, never inside one", "[actions][notify]") {
    ScriptDir dir;
    // 'é' is two bytes: 255 of them leave the limit of 256 in the middle of the 129th.
    dir.write("u.lua", "hooks.on('offline', function()\n"
                       "  hooks.notify('a' .. string.rep('\\u{E9}', 200), 'ok')\n"
                       "end)\n");
    auto host = start_host(dir);
    host->go(State::offline);
    REQUIRE(host->record().notices.size() == 1);
    const auto& title = host->record().notices[0].title;
    CHECK(title.substr(0, title.find(" ... [")).size() == 255);
    CHECK(title.find(" ... [146 more bytes cut]") != std::string::npos);
}

TEST_CASE("A NUL byte in a hooks.run argument is an error naming the argument", "[actions][run]") {
    ScriptDir dir;
    dir.write("nularg.lua", "hooks.on('offline', function()\n"
                            "  hooks.run({'echo', 'a', 'safe\\0; rm -rf /'})\n"
                            "end)\n");
    auto host = start_host(dir);
    host->go(State::offline);
    CHECK(host->record().runs.empty());
    REQUIRE_FALSE(host->record().errors.empty());
    const std::string& message = host->record().errors[0].error.message;
    CHECK(message.find("nularg.lua:2:") != std::string::npos);
    CHECK(message.find("hooks.run: argument #3 contains a NUL byte") != std::string::npos);
}
