#include "ribbon.h"

#include "addin_runtime.h"
#include "env.h"
#include "quote_argv.h"
#include "ribbon_xml.h"
#include "text_file.h"
#include "utf16.h"
#include "win_error.h"

#include <iterator>
#include <system_error>

namespace oh::win {

namespace {

// The callbacks the XML names, by DISPID (index + 1).
constexpr const char* kCallbacks[] = {
    ribbon::kOnLoad,   ribbon::kGetStatusLabel, ribbon::kGetScriptsMenu,
    ribbon::kOnReload, ribbon::kOnOpenFolder,   ribbon::kOnOpenLog,
};
enum : DISPID { kLoad = 1, kStatusLabel, kScriptsMenu, kReload, kOpenFolder, kOpenLog };

// The interface a callback's argument carries: Office passes it as VT_DISPATCH; VT_UNKNOWN
// and by-reference forms are taken too.
IUnknown* object_arg(const VARIANT& v) {
    switch (v.vt) {
    case VT_DISPATCH:
        return v.pdispVal;
    case VT_UNKNOWN:
        return v.punkVal;
    case VT_DISPATCH | VT_BYREF:
        return v.ppdispVal ? *v.ppdispVal : nullptr;
    case VT_UNKNOWN | VT_BYREF:
        return v.ppunkVal ? *v.ppunkVal : nullptr;
    case VT_VARIANT | VT_BYREF:
        return v.pvarVal ? object_arg(*v.pvarVal) : nullptr;
    default:
        return nullptr;
    }
}

// The control's id (IRibbonControl::Id), or false when the argument is no IRibbonControl.
bool control_id(IUnknown* arg, std::string& id) {
    ComPtr<IRibbonControl> control;
    if (!arg || FAILED(arg->QueryInterface(IID_IRibbonControl, control.put_void())) || !control)
        return false;
    BSTR text = nullptr;
    if (FAILED(control->get_Id(&text))) return false;
    id = text ? to_utf8(std::wstring(text, SysStringLen(text))) : std::string();
    SysFreeString(text);
    return true;
}

HRESULT return_text(const std::string& text, VARIANT* result) {
    if (!result) return S_OK; // Office did not ask for the value
    VariantInit(result);
    const std::wstring wide = to_utf16(text);
    result->bstrVal = SysAllocStringLen(wide.data(), static_cast<UINT>(wide.size()));
    if (!result->bstrVal) return E_OUTOFMEMORY;
    result->vt = VT_BSTR;
    return S_OK;
}

} // namespace

HRESULT Ribbon::get_custom_ui(BSTR ribbon_id, BSTR* xml) {
    if (!xml) return E_POINTER;
    const std::string id =
        ribbon_id ? to_utf8(std::wstring(ribbon_id, SysStringLen(ribbon_id))) : std::string();
    const std::wstring text = to_utf16(ribbon::custom_ui(id));
    *xml = SysAllocStringLen(text.data(), static_cast<UINT>(text.size()));
    return *xml ? S_OK : E_OUTOFMEMORY;
}

HRESULT Ribbon::ids_of_names(LPOLESTR* names, UINT count, DISPID* ids) {
    if (!names || !ids) return E_POINTER;
    HRESULT hr = S_OK;
    for (UINT i = 0; i < count; ++i) {
        ids[i] = DISPID_UNKNOWN;
        // Only the member's name: the callbacks have no named parameters.
        for (std::size_t k = 0; i == 0 && names[i] && k < std::size(kCallbacks); ++k)
            if (lstrcmpiW(names[i], to_utf16(kCallbacks[k]).c_str()) == 0)
                ids[i] = static_cast<DISPID>(k + 1);
        if (ids[i] == DISPID_UNKNOWN) hr = DISP_E_UNKNOWNNAME;
    }
    return hr;
}

HRESULT Ribbon::invoke(DISPID id, WORD flags, DISPPARAMS* params, VARIANT* result) {
    if (id < kLoad || id > kOpenLog) return DISP_E_MEMBERNOTFOUND;
    if (!(flags & DISPATCH_METHOD)) return DISP_E_MEMBERNOTFOUND;
    if (!params || params->cArgs < 1 || !params->rgvarg) return DISP_E_BADPARAMCOUNT;
    // Arguments come last first: the control (or the IRibbonUI) is the first one.
    IUnknown* arg = object_arg(params->rgvarg[params->cArgs - 1]);
    if (id == kLoad) return on_load(arg);
    std::string control;
    if (!control_id(arg, control)) return DISP_E_TYPEMISMATCH;
    try {
        return call(id, control, result);
    } catch (...) {
        return E_UNEXPECTED; // nothing may escape to Office
    }
}

HRESULT Ribbon::on_load(IUnknown* arg) {
    ComPtr<IRibbonUI> ui;
    if (!arg || FAILED(arg->QueryInterface(IID_IRibbonUI, ui.put_void())) || !ui)
        return DISP_E_TYPEMISMATCH;
    ui_ = ui;
    return S_OK;
}

HRESULT Ribbon::call(DISPID id, const std::string& control, VARIANT* result) {
    AddinCore* core = runtime_ ? runtime_->core() : nullptr;
    switch (id) {
    case kStatusLabel:
        // Other ids (none today) get an empty label.
        if (control != ribbon::kStatusId) return return_text({}, result);
        return return_text(ribbon::status_label(core ? core->status() : EngineStatus{},
                                                !runtime_ ? ribbon::Monitoring::starting
                                                : core    ? ribbon::Monitoring::on
                                                          : ribbon::Monitoring::off),
                           result);
    case kScriptsMenu:
        if (control != ribbon::kMenuId) return return_text({}, result);
        return return_text(ribbon::scripts_menu(core ? core->status() : EngineStatus{}), result);
    case kReload:
        if (!core) return S_OK;
        runtime_->log().write(LogLevel::info, "reloading every script (ribbon: Reload scripts)");
        core->request_reload();
        return S_OK;
    case kOpenFolder:
        if (runtime_) open(runtime_->scripts_dir(), true);
        return S_OK;
    case kOpenLog:
        if (runtime_) open(runtime_->log().path(), false);
        return S_OK;
    default:
        return DISP_E_MEMBERNOTFOUND;
    }
}

void Ribbon::invalidate() {
    if (!ui_) return; // Office has not loaded the ribbon (yet)
    for (const char* id : {ribbon::kStatusId, ribbon::kMenuId}) {
        BSTR name = SysAllocString(to_utf16(id).c_str());
        if (!name) return;
        ui_->InvalidateControl(name);
        SysFreeString(name);
    }
}

void Ribbon::invalidate_soon(MainThread& main) {
    if (invalidate_pending_.exchange(true)) return; // one is queued already
    if (!main.post([this] {
            invalidate_pending_ = false; // a change from now on needs another round
            invalidate();
        }))
        invalidate_pending_ = false;
}

void Ribbon::open(const std::filesystem::path& path, bool create_folder) {
    LogFile& log = runtime_->log();
    if (create_folder) {
        // A new user's folder may not exist yet: made, so that they can drop a script in.
        std::error_code ec;
        std::filesystem::create_directories(path, ec);
    }
    open_for_user(path, [&](const std::string& why) { log.write(LogLevel::warn, why); });
}

void open_for_user(const std::filesystem::path& path,
                   const std::function<void(const std::string&)>& warn) {
    std::wstring command;
    if (std::wstring opener = env_w(L"OFFLINEHOOKS_OPENER"); !opener.empty()) {
        command = opener;
    } else {
        // explorer.exe from the Windows folder, never one found on the search path.
        wchar_t windows[MAX_PATH] = {};
        const UINT n = GetWindowsDirectoryW(windows, MAX_PATH);
        command = to_utf16(quote_arg(to_utf8(std::wstring(windows, n) + L"\\explorer.exe")));
    }
    // Backslashes for explorer.exe: the native UTF-16 form, not path_to_utf8's '/'.
    const std::wstring native = path.lexically_normal().make_preferred().wstring();
    command += L" " + to_utf16(quote_arg(to_utf8(native)));
    STARTUPINFOW si{};
    si.cb = sizeof si;
    PROCESS_INFORMATION pi{};
    if (!CreateProcessW(nullptr, command.data(), nullptr, nullptr, FALSE,
                        CREATE_NO_WINDOW | CREATE_UNICODE_ENVIRONMENT, nullptr, nullptr, &si,
                        &pi)) {
        warn("cannot open " + path_to_utf8(path) + ": " + error_text(GetLastError()));
        return;
    }
    // Not waited for: the user's window lives on its own.
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}

} // namespace oh::win
