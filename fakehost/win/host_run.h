// One run of the Outlook stand-in, step by step as Outlook goes (OutlookHost::run calls them in
// this order). A step that returns false has ended the run: exit_status() says how. Members are
// declared in the order the steps create them and so destroyed in reverse: the object-model
// counters last, as an add-in that leaks an Outlook object may release it as late as when the
// MAPI DLL drops the sinks it still holds.
#pragma once

#include "com_ptr.h"
#include "host_options.h"
#include "host_util.h"
#include "mapi_standin.h"
#include "outlook_host.h"
#include "outlook_objects.h"
#include "ribbon_driver.h"

#include <functional>
#include <optional>
#include <string>

namespace oh::win {

constexpr int kExitOk = 0;
constexpr int kExitMisbehavior = 1;
constexpr int kExitSetup = 2;

class HostRun {
  public:
    HostRun(const HostOptions& options, Transcript& out);
    HostRun(const HostRun&) = delete;
    HostRun& operator=(const HostRun&) = delete;

    bool start_com();      // Outlook's main thread: a single-threaded apartment
    bool load_mapi();      // 1. the MAPI DLL is in the process before any add-in
    bool read_addin_key(); // 2. HKCU (else HKLM) ...\Outlook\Addins\<ProgID>
    void merge_classes();  // 3. Wine only: HKCU\Software\Classes -> HKLM
    bool activate();       // 4. ProgID -> CLSID -> CoCreateInstance
    void connect();        // 5. OnConnection (+ OnStartupComplete), timed
    void play_steps();     // 6. the scenario, on this thread's message loop
    void shut_down();      // 7. OnBeginShutdown + OnDisconnection, or a fast exit
    void release_addin();  // 8. the final Release; COM may unload the DLL
    void report_mapi();    // 9. what the MAPI side saw, and its verdicts
    int verdict();         // "result: ..." and the exit status
    int exit_status() const { return exit_; }

  private:
    // Calls one IDTExtensibility2 method with a fresh "custom" array, as Outlook does; writes
    // "<label> hr=... ms=..." and `failure` as a misbehavior when it fails. Returns its time.
    double call_addin(const std::string& label, const char* failure,
                      const std::function<HRESULT(SAFEARRAY**)>& call);
    bool play(const Step& step);
    bool play_ribbon(const Step& step);
    void report_advises();
    void report_requests();

    const HostOptions& opt_;
    Transcript& out_;
    int exit_ = kExitOk;
    bool wine_ = false;

    ObjectModelStats stats_;
    std::optional<ComApartment> com_;
    std::optional<MapiStandin> mapi_;
    bool notify_shutdown_ = false;
    std::wstring description_; // the Addins key's, for the COMAddIn object
    ClassesMerge merge_;
    long threads_before_ = 0;
    std::wstring dll_path_;
    ComPtr<IDTExtensibility2> addin_;
    HMODULE addin_module_ = nullptr;
    ComPtr<IDispatch> application_;
    ComPtr<IDispatch> comaddin_;
    std::optional<RibbonDriver> ribbon_; // from the first --ribbon* step
};

} // namespace oh::win
