// The Outlook stand-in's options for Session.ExchangeConnectionMode and Session.SendAndReceive
// (fakehost/win/host_options.cpp, issue 15). Windows only (under Wine).
#ifdef _WIN32
#include "catch.hpp"

#include "host_options.h"

#include <initializer_list>
#include <string>
#include <vector>

using namespace oh::win;

namespace {

oh::Result<HostOptions> parse(std::initializer_list<const wchar_t*> args) {
    std::vector<std::wstring> owned{L"outlook_standin.exe", L"--progid", L"P"};
    owned.insert(owned.end(), args.begin(), args.end());
    std::vector<wchar_t*> argv;
    for (auto& a : owned) argv.push_back(a.data());
    return parse_host_options(static_cast<int>(argv.size()), argv.data());
}

} // namespace

TEST_CASE("A --mode step takes e.mode's names and Outlook's numbers", "[standin][win]") {
    auto p = parse({L"--mode", L"cached-disconnected", L"--mode", L"online", L"--mode", L"0",
                    L"--mode", L"no-exchange", L"--mode", L"cached-offline"});
    REQUIRE(p.ok());
    const auto& s = p.value().steps;
    REQUIRE(s.size() == 5);
    CHECK(s[0].kind == Step::Mode);
    CHECK(s[0].text == "mode cached-disconnected");
    CHECK(s[0].mode == 400);
    CHECK(s[1].mode == 800);
    CHECK(s[2].mode == 0);
    CHECK(s[3].mode == 0);
    CHECK(s[4].mode == 200);
}

TEST_CASE("The stand-in's object-model options set what their help says", "[standin][win]") {
    auto defaults = parse({});
    REQUIRE(defaults.ok());
    CHECK(defaults.value().mode_delay_ms == 0);
    CHECK_FALSE(defaults.value().refuse_mode);
    CHECK_FALSE(defaults.value().refuse_send_and_receive);

    auto p = parse({L"--mode-delay-ms", L"800", L"--refuse", L"send-and-receive",
                    L"--expect-mode-reads", L"3", L"--expect-send-and-receive", L"1"});
    REQUIRE(p.ok());
    const HostOptions& o = p.value();
    CHECK(o.mode_delay_ms == 800);
    CHECK_FALSE(o.refuse_mode);
    CHECK(o.refuse_send_and_receive);
    REQUIRE(o.steps.size() == 2);
    CHECK(o.steps[0].kind == Step::ExpectModeReads);
    CHECK(o.steps[0].text == "expect-mode-reads 3");
    CHECK(o.steps[0].count == 3);
    CHECK(o.steps[1].kind == Step::ExpectSendAndReceive);
    CHECK(o.steps[1].count == 1);

    auto both = parse({L"--refuse", L"mode", L"--refuse", L"send-and-receive"});
    REQUIRE(both.ok());
    CHECK(both.value().refuse_mode);
    CHECK(both.value().refuse_send_and_receive);
}

TEST_CASE("A bad object-model option says which and what was wrong", "[standin][win]") {
    CHECK(parse({L"--mode", L"sideways"}).error() == "--mode: cannot read \"sideways\"");
    CHECK(parse({L"--mode", L"Online"}).error() == "--mode: cannot read \"Online\"");
    CHECK(parse({L"--refuse", L"everything"}).error() == "--refuse: cannot read \"everything\"");
    CHECK(parse({L"--mode-delay-ms", L"slow"}).error() == "--mode-delay-ms: not a number: slow");
}

TEST_CASE("The stand-in's usage lists the object-model options", "[standin][win]") {
    const std::string usage = host_usage();
    for (const char* line :
         {"--mode NAME|NUMBER", "--mode-delay-ms MS", "--refuse mode|send-and-receive",
          "--expect-mode-reads N", "--expect-send-and-receive N"})
        CHECK(usage.find(line) != std::string::npos);
}
#endif
