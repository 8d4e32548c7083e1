// The Outlook stand-in's command line (fakehost/win/host_options.cpp): what each option sets,
// steps kept in order, and the messages of a bad command line. Windows only (under Wine).
#ifdef _WIN32
#include "catch.hpp"

#include "host_options.h"
#include "offline_api.h"

#include <initializer_list>
#include <string>
#include <vector>

using namespace oh::win;

namespace {

struct Parsed {
    std::optional<HostOptions> options;
    std::string error;
};

Parsed parse(std::initializer_list<const wchar_t*> args) {
    std::vector<std::wstring> owned{L"outlook_standin.exe"};
    owned.insert(owned.end(), args.begin(), args.end());
    std::vector<wchar_t*> argv;
    for (auto& a : owned) argv.push_back(a.data());
    auto parsed = parse_host_options(static_cast<int>(argv.size()), argv.data());
    Parsed p;
    if (parsed.ok())
        p.options = std::move(parsed).value();
    else
        p.error = parsed.error();
    return p;
}

} // namespace

TEST_CASE("The stand-in's defaults are Outlook's, and only the ProgID is required",
          "[standin][win]") {
    auto p = parse({L"--progid", L"OfflineHooks.Connect"});
    REQUIRE(p.options);
    const HostOptions& o = *p.options;
    CHECK(o.progid == L"OfflineHooks.Connect");
    CHECK(o.profile == L"OfflineHooks Test");
    CHECK(o.mapi_path.empty());
    CHECK(o.load_mapi);
    CHECK(o.connect_mode == ext_cm_Startup);
    CHECK(o.shutdown == ShutdownMode::Auto);
    CHECK(o.classes_merge == Toggle::Auto);
    CHECK(o.timeout_ms == 10000);
    CHECK(o.settle_ms == 300);
    CHECK(o.max_connect_ms == 1000);
    CHECK(o.max_shutdown_ms == 500);
    CHECK(o.steps.empty());

    auto none = parse({L"--profile", L"x"});
    CHECK_FALSE(none.options);
    CHECK(none.error == "--progid is required");
}

TEST_CASE("Each stand-in option sets what its help says", "[standin][win]") {
    auto p = parse({L"--progid",  L"P",
                    L"--profile", L"Jürgen 山田",
                    L"--mapi",    L"C:\\m.dll",
                    L"--no-mapi", L"--connect-mode",
                    L"after",     L"--shutdown",
                    L"fast",      L"--classes-merge",
                    L"off",       L"--timeout",
                    L"0x10",      L"--settle",
                    L"7",         L"--max-connect-ms",
                    L"2000",      L"--max-shutdown-ms",
                    L"900"});
    REQUIRE(p.options);
    const HostOptions& o = *p.options;
    CHECK(o.profile == L"Jürgen 山田");
    CHECK(o.mapi_path == L"C:\\m.dll");
    CHECK_FALSE(o.load_mapi);
    CHECK(o.connect_mode == ext_cm_AfterStartup);
    CHECK(o.shutdown == ShutdownMode::Fast);
    CHECK(o.classes_merge == Toggle::Off);
    CHECK(o.timeout_ms == 16);
    CHECK(o.settle_ms == 7);
    CHECK(o.max_connect_ms == 2000);
    CHECK(o.max_shutdown_ms == 900);
}

TEST_CASE("Stand-in steps are kept in the order given, with their transcript text",
          "[standin][win]") {
    auto p = parse({L"--expect-advised", L"--go", L"offline:start,done", L"--wait", L"50", L"--raw",
                    L"size=8,type=done,token=7", L"--expect-requests", L"2", L"--expect-idle",
                    L"--expect-file", L"C:\\café.txt", L"--progid", L"P"});
    REQUIRE(p.options);
    const auto& s = p.options->steps;
    REQUIRE(s.size() == 7);
    CHECK(s[0].kind == Step::ExpectAdvised);
    CHECK(s[0].text == "expect-advised");
    CHECK(s[1].kind == Step::Go);
    CHECK(s[1].text == "go offline:start,done");
    CHECK(s[1].state == MAPIOFFLINE_STATE_OFFLINE);
    CHECK(s[1].phases == (OH_FAKE_PHASE_START | OH_FAKE_PHASE_DONE));
    CHECK(s[2].kind == Step::Wait);
    CHECK(s[2].text == "wait 50");
    CHECK(s[2].ms == 50);
    CHECK(s[3].kind == Step::Raw);
    CHECK(s[3].raw.size == 8);
    CHECK(s[3].raw.type == MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_DONE);
    CHECK(s[3].raw.mask == MAPIOFFLINE_STATE_OFFLINE_MASK); // unspecified: well-formed
    CHECK(s[3].raw.override_token);
    CHECK(s[3].raw.token == 7);
    CHECK(s[4].kind == Step::ExpectRequests);
    CHECK(s[4].text == "expect-requests 2");
    CHECK(s[4].count == 2);
    CHECK(s[5].kind == Step::ExpectIdle);
    CHECK(s[6].kind == Step::ExpectFile);
    CHECK(s[6].text == "expect-file C:\\café.txt");
    CHECK(s[6].path == L"C:\\café.txt");
}

TEST_CASE("A bad stand-in command line says which option and what was wrong", "[standin][win]") {
    CHECK(parse({L"--progid"}).error == "--progid needs a value");
    CHECK(parse({L"--progid", L"P", L"--timeout", L"soon"}).error ==
          "--timeout: not a number: soon");
    CHECK(parse({L"--progid", L"P", L"--shutdown", L"maybe"}).error ==
          "--shutdown: cannot read \"maybe\"");
    CHECK(parse({L"--progid", L"P", L"--go", L"sideways"}).error ==
          "--go: cannot read \"sideways\"");
    CHECK(parse({L"--progid", L"P", L"--raw", L"size"}).error == "--raw: cannot read \"size\"");
    CHECK(parse({L"--progid", L"P", L"--bogus"}).error == "unknown option --bogus");
    CHECK(parse({L"--progid", L"P", L"-h"}).error == "help");
    CHECK(parse({L"--help", L"--progid", L"P"}).error == "help");
    CHECK_FALSE(parse({L"--progid", L"P", L"--help"}).options);
}

TEST_CASE("The stand-in's usage lists every option with its argument", "[standin][win]") {
    const std::string usage = host_usage();
    for (const char* line :
         {"--progid PROGID", "--profile NAME", "--mapi PATH", "--no-mapi",
          "--connect-mode startup|after", "--shutdown auto|notify|fast",
          "--classes-merge auto|on|off", "--timeout MS", "--settle MS", "--max-connect-ms MS",
          "--max-shutdown-ms MS", "--wait MS", "--go online|offline[:start,change,done]",
          "--raw K=V,...", "--expect-advised", "--expect-requests N", "--expect-idle",
          "--expect-file PATH", "Exit: 0 ok"})
        CHECK(usage.find(line) != std::string::npos);
}
#endif
