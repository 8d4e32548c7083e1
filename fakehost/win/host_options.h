// The Outlook stand-in's command line: who to load and the scenario to play, in order.
//
//   outlook_standin --progid PROGID [options] [steps...]
//
// Options set HostOptions; steps (--wait, --go, --raw, --mode, --expect-*) are played in the order
// given, pumping Windows messages all along. Every option, its argument and its help text is
// one row of the table in host_options.cpp, which host_usage() prints.
#pragma once

#include "extensibility.h"
#include "fake_control.h"
#include "result.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace oh::win {

struct Step {
    enum Kind {
        Wait,
        Go,
        Raw,
        Mode,
        ExpectAdvised,
        ExpectRequests,
        ExpectModeReads,
        ExpectSendAndReceive,
        ExpectIdle,
        ExpectFile,
        Ribbon
    };
    // What a Ribbon step does (ribbon_driver.h).
    enum RibbonAction { All, Refresh, Click, ExpectInvalidated, ExpectLabel };
    Kind kind = Wait;
    std::string text;      // as given, for the transcript
    DWORD ms = 0;          // Wait
    ULONG state = 0;       // Go
    ULONG phases = 0;      // Go
    OhFakeRawNotify raw{}; // Raw
    long mode = 0;         // Mode: an OlExchangeConnectionMode value
    ULONG count = 0;       // ExpectRequests, ExpectModeReads, ExpectSendAndReceive
    std::wstring path;     // ExpectFile

    // Ribbon: what it does, the control it acts on (Click, Expect*), the text awaited.
    RibbonAction ribbon = All;
    std::string control;
    std::string expected;
};

inline Step make_step(Step::Kind kind, std::string text) {
    Step s;
    s.kind = kind;
    s.text = std::move(text);
    return s;
}

enum class ShutdownMode { Auto, Notify, Fast };
enum class Toggle { Auto, On, Off };

struct HostOptions {
    std::wstring progid;
    std::wstring profile = L"OfflineHooks Test";
    std::wstring mapi_path; // empty: beside the program
    bool load_mapi = true;
    ext_ConnectMode connect_mode = ext_cm_Startup;
    ShutdownMode shutdown = ShutdownMode::Auto;
    Toggle classes_merge = Toggle::Auto;
    DWORD timeout_ms = 10000;
    DWORD settle_ms = 300;
    double max_connect_ms = 1000;
    double max_shutdown_ms = 500;
    DWORD mode_delay_ms = 0;  // each Session.ExchangeConnectionMode read takes this long
    bool refuse_mode = false; // ExchangeConnectionMode fails (E_FAIL)
    bool refuse_send_and_receive = false; // SendAndReceive fails (E_FAIL)
    std::vector<Step> steps;
};

// The options, or what is wrong with the command line ("help" for --help or -h).
Result<HostOptions> parse_host_options(int argc, wchar_t** argv);
std::string host_usage();

} // namespace oh::win
