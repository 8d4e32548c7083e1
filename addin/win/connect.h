// OfflineHooks.Connect: the COM add-in object Outlook creates (IDTExtensibility2, a dual
// interface; the IDispatch half is minimal, as Outlook calls the add-in through the vtable).
//
// Outlook's start-up path stays short: OnConnection keeps the Application and returns;
// OnStartupComplete (or OnConnection itself for ext_cm_AfterStartup and the other late modes)
// only creates a message-only window and posts the start to it, so the real work runs on
// Outlook's main thread right after, from its message loop. OnBeginShutdown/OnDisconnection
// (and the final Release, when Outlook skips them) shut everything down. No exception crosses
// a COM method: each body returns an HRESULT.
#pragma once

#include "addin_runtime.h"
#include "com_ptr.h"
#include "extensibility.h"
#include "main_thread.h"
#include "ribbon.h"
#include "ribbon_api.h"

#include <memory>

namespace oh::win {

class Connect final : public AddinObject<Connect, IRibbonExtensibility> {
  public:
    // create(riid, ppv) (from ComObject): a new object, answering for `riid` in *ppv. The
    // IDispatch half reaches the ribbon's callbacks (ribbon.h).

    // IDTExtensibility2
    HRESULT STDMETHODCALLTYPE OnConnection(IDispatch* Application, ext_ConnectMode ConnectMode,
                                           IDispatch* AddInInst, SAFEARRAY** custom) override;
    HRESULT STDMETHODCALLTYPE OnDisconnection(ext_DisconnectMode RemoveMode,
                                              SAFEARRAY** custom) override;
    HRESULT STDMETHODCALLTYPE OnAddInsUpdate(SAFEARRAY** custom) override;
    HRESULT STDMETHODCALLTYPE OnStartupComplete(SAFEARRAY** custom) override;
    HRESULT STDMETHODCALLTYPE OnBeginShutdown(SAFEARRAY** custom) override;

    // IRibbonExtensibility, and IDispatch for its callbacks (ribbon.h)
    HRESULT STDMETHODCALLTYPE GetCustomUI(BSTR RibbonID, BSTR* RibbonXml) override;
    HRESULT STDMETHODCALLTYPE GetIDsOfNames(REFIID riid, LPOLESTR* names, UINT count, LCID lcid,
                                            DISPID* ids) override;
    HRESULT STDMETHODCALLTYPE Invoke(DISPID id, REFIID riid, LCID lcid, WORD flags,
                                     DISPPARAMS* params, VARIANT* result, EXCEPINFO* excep,
                                     UINT* arg_err) override;

  private:
    friend ComObject;
    Connect();
    ~Connect() override;

    void schedule_start();
    void start();
    void teardown() noexcept;

    ComPtr<IDispatch> application_;
    std::unique_ptr<MainThread> main_;
    std::unique_ptr<AddinRuntime> runtime_;
    Ribbon ribbon_; // main thread; tasks posted to main_ refer to it (teardown() ends main_)
    bool scheduled_ = false;
    bool starting_ = false;       // start() is under way (guards against re-entrant shutdown)
    bool stop_requested_ = false; // ... and a shutdown came meanwhile
};

} // namespace oh::win
