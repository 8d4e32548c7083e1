#include "connect.h"

#include "module.h"
#include "paths.h"

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

HRESULT STDMETHODCALLTYPE Connect::GetCustomUI(BSTR RibbonID, BSTR* RibbonXml) {
    return ribbon_.get_custom_ui(RibbonID, RibbonXml);
}

HRESULT STDMETHODCALLTYPE Connect::GetIDsOfNames(REFIID, LPOLESTR* names, UINT count, LCID,
                                                 DISPID* ids) {
    return ribbon_.ids_of_names(names, count, ids);
}

HRESULT STDMETHODCALLTYPE Connect::Invoke(DISPID id, REFIID, LCID, WORD flags, DISPPARAMS* params,
                                          VARIANT* result, EXCEPINFO*, UINT*) {
    return ribbon_.invoke(id, flags, params, result);
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
    auto created = MainThread::create();
    if (!created.ok()) {
        // No window, no way back to this thread later: nothing can run. Said in the log.
        LogFile(local_data_dir() / "offlinehooks.log")
            .write(LogLevel::error, "OfflineHooks is not monitoring Outlook: " + created.error());
        return;
    }
    main_ = std::move(created).value();
    // The start runs from Outlook's message loop, once this call has returned.
    if (!main_->post([this] { start(); })) start();
}

void Connect::start() {
    starting_ = true;
    try {
        runtime_ = std::make_unique<AddinRuntime>(*main_);
        // Dispatcher thread -> Outlook's: the ribbon asks Office to show the new status.
        runtime_->set_status_changed(
            [this, main = main_.get()] { ribbon_.invalidate_soon(*main); });
        runtime_->start(application_.get());
        ribbon_.attach(runtime_.get());
        ribbon_.invalidate(); // "Starting..." is over, one way or the other
    } catch (...) {
        // AddinRuntime::start logs its own failures; this only keeps Outlook safe.
    }
    starting_ = false;
    // The runtime keeps the Application for as long as it needs it.
    application_.reset();
    if (stop_requested_) {
        // Shut down now. The window stays until teardown() or the destructor: this call runs
        // inside its message handler.
        stop_requested_ = false;
        ribbon_.attach(nullptr);
        ribbon_.release_ui();
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
    ribbon_.attach(nullptr);
    ribbon_.release_ui(); // Office's object: not held past shutdown
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
