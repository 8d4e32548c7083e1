// The Outlook stand-in's command line: who to load and the scenario to play, in order.
//
//   outlook_standin --progid PROGID [options] [steps...]
//
// Options
//   --profile NAME          Session.CurrentProfileName (default "OfflineHooks Test")
//   --mapi PATH             the stand-in olmapi32.dll (default: beside this program)
//   --no-mapi               load no MAPI DLL (the add-in must cope: HrOpenOfflineObj missing)
//   --connect-mode M        startup (default: ext_cm_Startup, then OnStartupComplete) or after
//                           (ext_cm_AfterStartup, no OnStartupComplete)
//   --shutdown M            auto (default; like Outlook 2010+: notify only when the Addins key
//                           has RequireShutdownNotification=1), notify, or fast (no
//                           OnBeginShutdown/OnDisconnection: the process just ends)
//   --classes-merge M       auto (default: under Wine only), on, off: copy the add-in's
//                           HKCU\Software\Classes keys to HKLM before activation (Wine does not
//                           merge them into HKCR as Windows does); removed again at exit
//   --timeout MS            limit for each --expect-* step (default 10000)
//   --settle MS             messages pumped after the last step (default 300)
//   --max-connect-ms MS     OnConnection + OnStartupComplete budget (default 1000, Outlook's)
//   --max-shutdown-ms MS    OnBeginShutdown + OnDisconnection budget (default 500)
//
// Steps (run in the order given, pumping Windows messages all along)
//   --wait MS               pump messages for MS milliseconds
//   --go STATE[:PHASES]     Outlook goes online/offline; PHASES a comma list of start, change,
//                           done (default all three)
//   --raw K=V,...           one notification as given: size, type, mask, old, new, token
//                           (numbers, 0x.. hex, or online/offline, start/change/done)
//   --expect-advised        until a sink is advised
//   --expect-requests N     until N SetCurrentState requests have arrived in total
//   --expect-idle           until no requested state change is under way
//   --expect-file PATH      until the file exists
#pragma once

#include "extensibility.h"
#include "fake_control.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace oh::win {

struct Step {
    enum Kind { Wait, Go, Raw, ExpectAdvised, ExpectRequests, ExpectIdle, ExpectFile };
    Kind kind = Wait;
    std::string text;      // as given, for the transcript
    DWORD ms = 0;          // Wait
    ULONG state = 0;       // Go
    ULONG phases = 0;      // Go
    OhFakeRawNotify raw{}; // Raw
    ULONG count = 0;       // ExpectRequests
    std::wstring path;     // ExpectFile
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
    std::vector<Step> steps;
};

// nullopt and a message in error for a bad command line.
std::optional<HostOptions> parse_host_options(int argc, wchar_t** argv, std::string& error);
const char* host_usage();

} // namespace oh::win
