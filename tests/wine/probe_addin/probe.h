// A minimal Outlook COM add-in used to prove the Outlook stand-in end to end, independently of
// OfflineHooks.dll: it does what the documented sequence asks (offline-state-api.md) and writes
// each step to a log file that tests read. Environment knobs:
//   OH_PROBE_LOG=PATH          the log (default %LOCALAPPDATA%\OfflineHooksProbe\probe.log)
//   OH_PROBE_BOUNCE=1          after each DONE into offline, ask for online (posted to the
//                              main thread, SetCurrentState async); =twice also asks a second
//                              time at once, which must meet E_PENDING
//   OH_PROBE_MISBEHAVE=keep-advise | wrong-thread | bad-advise   break a rule on purpose
//
// Its COM objects use the Windows support library's ComObject (win/com_object.h), as the
// product's and the stand-in's do: that library is shared infrastructure, not the product, and
// ComObject has unit tests of its own (tests/addin/com_object_test.cpp). What the probe stays
// independent of is OfflineHooks.dll's behaviour: it links none of addin/ or addin/win.
#pragma once

#include "com_ptr.h"
#include "extensibility.h"
#include "offline_interfaces.h"

#include <atomic>
#include <string>

namespace probe {

// {5FB7B434-C8AD-46A4-ABB9-10A87D1945E5}
inline constexpr CLSID kClsid = {
    0x5FB7B434, 0xC8AD, 0x46A4, {0xAB, 0xB9, 0x10, 0xA8, 0x7D, 0x19, 0x45, 0xE5}};
inline constexpr wchar_t kClsidText[] = L"{5FB7B434-C8AD-46A4-ABB9-10A87D1945E5}";
inline constexpr wchar_t kProgId[] = L"OfflineHooks.WineProbe";
// What Outlook's COM Add-ins dialog would show (the installer reads these lines too).
inline constexpr wchar_t kFriendlyName[] = L"OfflineHooks Wine probe";
inline constexpr wchar_t kDescription[] = L"Proves the Outlook stand-in";

// Objects and locks alive, for DllCanUnloadNow.
extern std::atomic<long> g_module_refs;
extern HINSTANCE g_module;

// Appends one line to the probe's log ("probe: " + text).
void log(const std::string& text);

// Posted to the add-in's message-only window to ask Outlook for "online".
inline constexpr UINT kMsgRequestOnline = WM_APP + 7;

// IMAPIOfflineNotify: copies what it gets into the log, checks it as the docs say.
class Sink final : public oh::win::ComObject<Sink, IMAPIOfflineNotify> {
  public:
    // bounce_to: the window that gets kMsgRequestOnline after a DONE into offline (nullptr:
    // none). A window handle, not a pointer to the add-in: a late Notify may come after the
    // add-in object is gone, and posting to a destroyed window is harmless.
    explicit Sink(HWND bounce_to);
    void STDMETHODCALLTYPE Notify(const MAPIOFFLINE_NOTIFY* n) override;
    // After Unadvise: notifications still arriving are counted and ignored.
    void detach() {
        detached_ = true;
        bounce_to_ = nullptr;
    }

  private:
    ~Sink() override;
    std::atomic<bool> detached_{false};
    std::atomic<HWND> bounce_to_;
};

// The add-in object Outlook creates.
class Connect final : public oh::win::AddinObject<Connect> {
  public:
    Connect();
    // IDispatch: not scriptable (AddinObject's), as a minimal add-in may be.
    // IDTExtensibility2
    HRESULT STDMETHODCALLTYPE OnConnection(IDispatch* app, ext_ConnectMode mode,
                                           IDispatch* addin_inst, SAFEARRAY** custom) override;
    HRESULT STDMETHODCALLTYPE OnDisconnection(ext_DisconnectMode mode, SAFEARRAY**) override;
    HRESULT STDMETHODCALLTYPE OnAddInsUpdate(SAFEARRAY**) override;
    HRESULT STDMETHODCALLTYPE OnStartupComplete(SAFEARRAY**) override;
    HRESULT STDMETHODCALLTYPE OnBeginShutdown(SAFEARRAY**) override;

  private:
    ~Connect() override;
    void start();
    void stop();
    static LRESULT CALLBACK window_proc(HWND, UINT, WPARAM, LPARAM);
    void request_online();

    oh::ComPtr<IDispatch> app_;
    oh::ComPtr<IMAPIOfflineMgr> mgr_;
    oh::ComPtr<IMAPIOffline> offline_;
    oh::ComPtr<Sink> sink_;
    ULONG token_ = 0;
    bool advised_ = false;
    bool started_ = false;
    std::string bounce_;    // OH_PROBE_BOUNCE
    std::string misbehave_; // OH_PROBE_MISBEHAVE
    HWND window_ = nullptr; // message-only, on Outlook's main thread: where requests go
};

} // namespace probe
