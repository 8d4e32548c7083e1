#include "probe.h"

#include "env.h"
#include "handles.h"
#include "offline_text.h"
#include "utf16.h"

#include <cstdio>
#include <thread>

namespace probe {
namespace {

constexpr wchar_t kWindowClass[] = L"OfflineHooksWineProbe";
constexpr ULONG kClientToken = 0x000FF1CE;

// Reads object.name (a property) by late binding.
HRESULT get_property(IDispatch* object, const wchar_t* name, VARIANT* out) {
    LPOLESTR names[] = {const_cast<LPOLESTR>(name)};
    DISPID id = DISPID_UNKNOWN;
    HRESULT hr = object->GetIDsOfNames(IID_NULL, names, 1, LOCALE_USER_DEFAULT, &id);
    if (FAILED(hr)) return hr;
    DISPPARAMS none{};
    VariantInit(out);
    return object->Invoke(id, IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_PROPERTYGET, &none, out,
                          nullptr, nullptr);
}

// Application.Session.CurrentProfileName.
HRESULT profile_name(IDispatch* app, std::wstring& name) {
    VARIANT session;
    HRESULT hr = get_property(app, L"Session", &session);
    if (FAILED(hr)) return hr;
    if (V_VT(&session) != VT_DISPATCH || !V_DISPATCH(&session)) {
        VariantClear(&session);
        return DISP_E_TYPEMISMATCH;
    }
    VARIANT value;
    hr = get_property(V_DISPATCH(&session), L"CurrentProfileName", &value);
    VariantClear(&session);
    if (FAILED(hr)) return hr;
    if (V_VT(&value) == VT_BSTR && V_BSTR(&value))
        name = V_BSTR(&value);
    else
        hr = DISP_E_TYPEMISMATCH;
    VariantClear(&value);
    return hr;
}

} // namespace

Connect::Connect() {
    ++g_module_refs;
}

Connect::~Connect() {
    stop();
    --g_module_refs;
}

HRESULT STDMETHODCALLTYPE Connect::OnConnection(IDispatch* app, ext_ConnectMode mode,
                                                IDispatch* addin_inst, SAFEARRAY** custom) {
    log("on-connection mode=" + std::to_string(static_cast<int>(mode)) +
        " app=" + (app ? "yes" : "no") + " addin-inst=" + (addin_inst ? "yes" : "no") +
        " custom=" + (custom && *custom ? "yes" : "no"));
    app_ = oh::ComPtr<IDispatch>::share(app);
    bounce_ = oh::win::env_utf8(L"OH_PROBE_BOUNCE");
    misbehave_ = oh::win::env_utf8(L"OH_PROBE_MISBEHAVE");
    // Outlook sends OnStartupComplete only to add-ins loaded at its start-up.
    if (mode == ext_cm_AfterStartup) start();
    return S_OK;
}

HRESULT STDMETHODCALLTYPE Connect::OnStartupComplete(SAFEARRAY**) {
    log("on-startup-complete");
    start();
    return S_OK;
}

HRESULT STDMETHODCALLTYPE Connect::OnAddInsUpdate(SAFEARRAY**) {
    return S_OK;
}

HRESULT STDMETHODCALLTYPE Connect::OnBeginShutdown(SAFEARRAY**) {
    log("on-begin-shutdown");
    stop();
    return S_OK;
}

HRESULT STDMETHODCALLTYPE Connect::OnDisconnection(ext_DisconnectMode mode, SAFEARRAY**) {
    log("on-disconnection mode=" + std::to_string(static_cast<int>(mode)));
    stop();
    app_.reset();
    return S_OK;
}

void Connect::start() {
    if (started_ || !app_) return;
    started_ = true;

    std::wstring profile;
    HRESULT hr;
    if (misbehave_ == "wrong-thread") {
        // Breaks the rule on purpose: the object model from another thread.
        std::thread t([&] { hr = profile_name(app_.get(), profile); });
        t.join();
    } else {
        hr = profile_name(app_.get(), profile);
    }
    log("profile=\"" + oh::win::to_utf8(profile) + "\" hr=" + oh::hresult_hex(hr));
    if (FAILED(hr)) return;

    // Inside Outlook its MAPI DLL is already loaded: no need for mapistub's FGetComponentPath.
    HMODULE mapi = GetModuleHandleW(L"olmapi32.dll");
    if (!mapi) mapi = GetModuleHandleW(L"msmapi32.dll");
    if (!mapi) {
        log("mapi-dll=none");
        return;
    }
    const char* name = "HrOpenOfflineObj"; // 64-bit Outlook's name first, then 32-bit's
    auto open = oh::win::proc_address<HROPENOFFLINEOBJ>(mapi, name);
    if (!open) open = oh::win::proc_address<HROPENOFFLINEOBJ>(mapi, name = "HrOpenOfflineObj@20");
    log(std::string("mapi-export=") + (open ? name : "none"));
    if (!open) return;

    hr = open(0, profile.c_str(), &GUID_GlobalState, nullptr, mgr_.put());
    log("open hr=" + oh::hresult_hex(hr));
    if (FAILED(hr)) return;

    hr = mgr_->QueryInterface(IID_IMAPIOffline, offline_.put_void());
    ULONG caps = 0;
    if (SUCCEEDED(hr)) hr = offline_->GetCapabilities(&caps);
    char buf[64];
    std::snprintf(buf, sizeof buf, "capabilities=0x%lX hr=", static_cast<unsigned long>(caps));
    log(buf + oh::hresult_hex(hr));
    if (FAILED(hr) || !(caps & (MAPIOFFLINE_CAPABILITY_OFFLINE | MAPIOFFLINE_CAPABILITY_ONLINE))) {
        offline_.reset();
        mgr_.reset();
        return;
    }

    // Requests from notifications go through this window, on Outlook's main thread.
    WNDCLASSEXW wc{};
    wc.cbSize = sizeof wc;
    wc.lpfnWndProc = &Connect::window_proc;
    wc.hInstance = g_module;
    wc.lpszClassName = kWindowClass;
    RegisterClassExW(&wc);
    window_ = CreateWindowExW(0, kWindowClass, L"", 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr, g_module,
                              nullptr);
    SetWindowLongPtrW(window_, GWLP_USERDATA, reinterpret_cast<LONG_PTR>(this));

    sink_ = oh::ComPtr<Sink>::attach(new Sink(bounce_.empty() ? nullptr : window_));
    MAPIOFFLINE_ADVISEINFO info{};
    info.ulSize = sizeof info;
    if (misbehave_ == "bad-advise") info.ulSize -= 8;
    info.ulClientToken = kClientToken;
    info.CallbackType = MAPIOFFLINE_CALLBACK_TYPE_NOTIFY;
    info.pCallback = sink_.get();
    info.ulAdviseTypes = MAPIOFFLINE_ADVISE_TYPE_STATECHANGE;
    info.ulStateMask = MAPIOFFLINE_STATE_ALL;
    hr = mgr_->Advise(MAPIOFFLINE_ADVISE_DEFAULT, &info, &token_);
    advised_ = SUCCEEDED(hr);
    log("advise token=" + std::to_string(token_) + " hr=" + oh::hresult_hex(hr));

    ULONG state = 0;
    hr = offline_->GetCurrentState(&state);
    log("state=" + std::to_string(state) + " hr=" + oh::hresult_hex(hr));
}

void Connect::stop() {
    if (!started_) return;
    started_ = false;
    if (advised_ && misbehave_ != "keep-advise") {
        const HRESULT hr = mgr_->Unadvise(MAPIOFFLINE_UNADVISE_DEFAULT, token_);
        log("unadvise hr=" + oh::hresult_hex(hr));
        advised_ = false;
    }
    if (sink_) sink_->detach();
    sink_.reset();
    offline_.reset();
    mgr_.reset();
    if (window_) {
        DestroyWindow(window_);
        window_ = nullptr;
        UnregisterClassW(kWindowClass, g_module);
    }
    log("stopped");
}

LRESULT CALLBACK Connect::window_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp) {
    if (msg == kMsgRequestOnline) {
        // The pointer stored at creation: Win32 keeps it as an integer.
        // NOLINTNEXTLINE(performance-no-int-to-ptr)
        if (auto* self = reinterpret_cast<Connect*>(GetWindowLongPtrW(hwnd, GWLP_USERDATA)))
            self->request_online();
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

void Connect::request_online() {
    if (!offline_) return;
    HRESULT hr = offline_->SetCurrentState(MAPIOFFLINE_FLAG_DEFAULT, MAPIOFFLINE_STATE_OFFLINE_MASK,
                                           MAPIOFFLINE_STATE_ONLINE, nullptr);
    log("set-state online hr=" + oh::hresult_hex(hr));
    if (bounce_ == "twice") {
        // The first change is under way until its DONE: this one must meet E_PENDING.
        hr = offline_->SetCurrentState(MAPIOFFLINE_FLAG_DEFAULT, MAPIOFFLINE_STATE_OFFLINE_MASK,
                                       MAPIOFFLINE_STATE_ONLINE, nullptr);
        log("set-state online again hr=" + oh::hresult_hex(hr));
    }
}

} // namespace probe
