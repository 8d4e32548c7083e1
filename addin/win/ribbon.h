// The add-in's ribbon as Office drives it: the customUI XML (IRibbonExtensibility::GetCustomUI)
// and the callbacks it names, which Office reaches through the Connect object's IDispatch
// (GetIDsOfNames, then Invoke with an IRibbonControl). Connect forwards those calls here.
//
// Every callback runs on Outlook's main thread and returns at once: the status is the copy the
// dispatcher last published (AddinCore::status), a reload is only requested
// (AddinCore::request_reload), and a folder or the log is opened by starting explorer.exe with
// it (CreateProcess returns once the process exists; nothing is waited for and no shell
// extension is loaded into Outlook). When the status changes, the dispatcher thread posts
// invalidate() to the main thread, which asks Office to call the label and the menu again.
#pragma once

#include "com_ptr.h"
#include "main_thread.h"
#include "ribbon_api.h"

#include <oaidl.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>

namespace oh::win {

class AddinRuntime;

class Ribbon {
  public:
    Ribbon() = default;
    Ribbon(const Ribbon&) = delete;
    Ribbon& operator=(const Ribbon&) = delete;

    // Main thread: the runtime whose status and folders the ribbon shows; nullptr once it is
    // shut down (the label then says the add-in is not monitoring).
    // (An invalidation queued on a window that was closed since never ran: forgotten here.)
    void attach(AddinRuntime* runtime) {
        runtime_ = runtime;
        invalidate_pending_ = false;
    }
    // Main thread: asks Office to call the status label and the scripts menu again.
    void invalidate();
    // Any thread, never blocks: invalidate() soon on `main`, once for however many calls come
    // before it runs (a script failing on every event must not flood Outlook's queue).
    void invalidate_soon(MainThread& main);
    // Main thread, at shutdown: lets go of Office's IRibbonUI.
    void release_ui() { ui_.reset(); }

    // IRibbonExtensibility::GetCustomUI
    HRESULT get_custom_ui(BSTR ribbon_id, BSTR* xml);
    // IDispatch, for the callbacks of the XML (DISPIDs 1..n; names compared ignoring case).
    HRESULT ids_of_names(LPOLESTR* names, UINT count, DISPID* ids);
    HRESULT invoke(DISPID id, WORD flags, DISPPARAMS* params, VARIANT* result);

  private:
    HRESULT on_load(IUnknown* arg);
    HRESULT call(DISPID id, const std::string& control, VARIANT* result);
    void open(const std::filesystem::path& path, bool create_folder);

    AddinRuntime* runtime_ = nullptr;
    ComPtr<IRibbonUI> ui_;
    std::atomic<bool> invalidate_pending_{false};
};

// Opens a folder or file for the user: starts explorer.exe with it and returns at once (`warn`
// is told why a start failed). The environment variable OFFLINEHOOKS_OPENER, a command line the
// quoted path is appended to, replaces explorer.exe: the Wine tests record the path instead of
// opening a window.
void open_for_user(const std::filesystem::path& path,
                   const std::function<void(const std::string&)>& warn);

} // namespace oh::win
