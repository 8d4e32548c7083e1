#include "connect.h"

#include "module.h"
#include "paths.h"

#include <new>

namespace oh::win {

Connect::Connect() {
    object_created();
}

Connect::~Connect() {
    // Outlook skips OnBeginShutdown/OnDisconnection on a fast exit; when it still releases the
    // object (or a host does), nothing may be left running once the DLL can unload.
    teardown();
    object_destroyed();
}

HRESULT Connect::create(REFIID riid, void** ppv) {
    if (!ppv) return E_POINTER;
    *ppv = nullptr;
    auto* object = new (std::nothrow) Connect;
    if (!object) return E_OUTOFMEMORY;
    const HRESULT hr = object->QueryInterface(riid, ppv);
    object->Release();
    return hr;
}

HRESULT STDMETHODCALLTYPE Connect::QueryInterface(REFIID riid, void** ppv) {
    if (!ppv) return E_POINTER;
    if (IsEqualGUID(riid, IID_IUnknown) || IsEqualGUID(riid, IID_IDispatch) ||
        IsEqualGUID(riid, IID_IDTExtensibility2)) {
        *ppv = static_cast<IDTExtensibility2*>(this);
        AddRef();
        return S_OK;
    }
    *ppv = nullptr;
    return E_NOINTERFACE;
}

ULONG STDMETHODCALLTYPE Connect::AddRef() {
    return refs_.fetch_add(1, std::memory_order_relaxed) + 1;
}

ULONG STDMETHODCALLTYPE Connect::Release() {
    const ULONG left = refs_.fetch_sub(1, std::memory_order_acq_rel) - 1;
    if (left == 0) delete this;
    return left;
}

HRESULT STDMETHODCALLTYPE Connect::GetTypeInfoCount(UINT* count) {
    if (!count) return E_POINTER;
    *count = 0;
    return S_OK;
}

HRESULT STDMETHODCALLTYPE Connect::GetTypeInfo(UINT, LCID, ITypeInfo** info) {
    if (info) *info = nullptr;
    return E_NOTIMPL;
}

HRESULT STDMETHODCALLTYPE Connect::GetIDsOfNames(REFIID, LPOLESTR*, UINT, LCID, DISPID*) {
    return E_NOTIMPL;
}

HRESULT STDMETHODCALLTYPE Connect::Invoke(DISPID, REFIID, LCID, WORD, DISPPARAMS*, VARIANT*,
                                          EXCEPINFO*, UINT*) {
    return E_NOTIMPL;
}

HRESULT STDMETHODCALLTYPE Connect::OnConnection(IDispatch* Application, ext_ConnectMode ConnectMode,
                                                IDispatch*, SAFEARRAY**) {
    try {
        application_ = ComPtr<IDispatch>::share(Application);
        stop_requested_ = false;
        // Loaded at start-up: Outlook is not ready yet; OnStartupComplete follows. Connected
        // later (COM Add-ins dialog, by code): no OnStartupComplete comes, so start now.
        if (ConnectMode != ext_cm_Startup) schedule_start();
        return S_OK;
    } catch (...) {
        return E_UNEXPECTED;
    }
}

HRESULT STDMETHODCALLTYPE Connect::OnStartupComplete(SAFEARRAY**) {
    try {
        schedule_start();
        return S_OK;
    } catch (...) {
        return E_UNEXPECTED;
    }
}

HRESULT STDMETHODCALLTYPE Connect::OnAddInsUpdate(SAFEARRAY**) {
    return S_OK;
}

HRESULT STDMETHODCALLTYPE Connect::OnBeginShutdown(SAFEARRAY**) {
    teardown();
    return S_OK;
}

HRESULT STDMETHODCALLTYPE Connect::OnDisconnection(ext_DisconnectMode, SAFEARRAY**) {
    teardown();
    return S_OK;
}

void Connect::schedule_start() {
    if (scheduled_) return;
    scheduled_ = true;
    std::string error;
    main_ = MainThread::create(error);
    if (!main_) {
        // No window, no way back to this thread later: nothing can run. Said in the log.
        LogFile(local_data_dir() / "offlinehooks.log")
            .write(LogLevel::error, "OfflineHooks is not monitoring Outlook: " + error);
        return;
    }
    // The start runs from Outlook's message loop, once this call has returned.
    if (!main_->post([this] { start(); })) start();
}

void Connect::start() {
    starting_ = true;
    try {
        runtime_ = std::make_unique<AddinRuntime>(*main_);
        runtime_->start(application_.get());
    } catch (...) {
        // AddinRuntime::start logs its own failures; this only keeps Outlook safe.
    }
    starting_ = false;
    // The object model is needed only for the profile name.
    application_.reset();
    if (stop_requested_) {
        // Shut down now. The window stays until teardown() or the destructor: this call runs
        // inside its message handler.
        stop_requested_ = false;
        if (runtime_) runtime_->shutdown();
        runtime_.reset();
    }
}

void Connect::teardown() noexcept {
    if (starting_) {
        // Outlook shut the add-in down from inside start() (a call into Outlook pumped its
        // messages): start() finishes the job once it returns.
        stop_requested_ = true;
        return;
    }
    try {
        if (runtime_) runtime_->shutdown();
    } catch (...) {
    }
    runtime_.reset();
    main_.reset(); // after the runtime: its tasks were closed by shutdown()
    application_.reset();
    scheduled_ = false;
    stop_requested_ = false;
}

} // namespace oh::win
