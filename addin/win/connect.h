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

#include <atomic>
#include <memory>

namespace oh::win {

class Connect final : public IDTExtensibility2 {
  public:
    // A new object, answering for `riid` in *ppv.
    static HRESULT create(REFIID riid, void** ppv);

    // IUnknown
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppv) override;
    ULONG STDMETHODCALLTYPE AddRef() override;
    ULONG STDMETHODCALLTYPE Release() override;
    // IDispatch: no type information, no late-bound calls.
    HRESULT STDMETHODCALLTYPE GetTypeInfoCount(UINT* count) override;
    HRESULT STDMETHODCALLTYPE GetTypeInfo(UINT index, LCID lcid, ITypeInfo** info) override;
    HRESULT STDMETHODCALLTYPE GetIDsOfNames(REFIID riid, LPOLESTR* names, UINT count, LCID lcid,
                                            DISPID* ids) override;
    HRESULT STDMETHODCALLTYPE Invoke(DISPID id, REFIID riid, LCID lcid, WORD flags,
                                     DISPPARAMS* params, VARIANT* result, EXCEPINFO* excep,
                                     UINT* arg_err) override;
    // IDTExtensibility2
    HRESULT STDMETHODCALLTYPE OnConnection(IDispatch* Application, ext_ConnectMode ConnectMode,
                                           IDispatch* AddInInst, SAFEARRAY** custom) override;
    HRESULT STDMETHODCALLTYPE OnDisconnection(ext_DisconnectMode RemoveMode,
                                              SAFEARRAY** custom) override;
    HRESULT STDMETHODCALLTYPE OnAddInsUpdate(SAFEARRAY** custom) override;
    HRESULT STDMETHODCALLTYPE OnStartupComplete(SAFEARRAY** custom) override;
    HRESULT STDMETHODCALLTYPE OnBeginShutdown(SAFEARRAY** custom) override;

  private:
    Connect();
    ~Connect();

    void schedule_start();
    void start();
    void teardown() noexcept;

    std::atomic<ULONG> refs_{1};
    ComPtr<IDispatch> application_;
    std::unique_ptr<MainThread> main_;
    std::unique_ptr<AddinRuntime> runtime_;
    bool scheduled_ = false;
    bool starting_ = false;       // start() is under way (guards against re-entrant shutdown)
    bool stop_requested_ = false; // ... and a shutdown came meanwhile
};

} // namespace oh::win
