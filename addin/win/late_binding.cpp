#include "late_binding.h"

#include "utf16.h"
#include "win_error.h"

#include <oleauto.h>

#include <iterator>
#include <vector>

namespace oh::win {

namespace {

// Whatever an EXCEPINFO holds is ours to free; its description is worth logging.
std::string take_exception(EXCEPINFO& info) {
    std::string text;
    if (info.bstrDescription)
        text = to_utf8(std::wstring_view(info.bstrDescription, SysStringLen(info.bstrDescription)));
    SysFreeString(info.bstrSource);
    SysFreeString(info.bstrDescription);
    SysFreeString(info.bstrHelpFile);
    return text;
}

Status find_member(IDispatch* object, const wchar_t* name, const char* what, DISPID& id) {
    LPOLESTR names[] = {const_cast<LPOLESTR>(name)};
    const HRESULT hr = object->GetIDsOfNames(IID_NULL, names, 1, LOCALE_USER_DEFAULT, &id);
    if (FAILED(hr))
        return fail(std::string("no ") + what + " " + to_utf8(name) + ": " + hr_message(hr));
    return {};
}

Status invoke(IDispatch* object, DISPID id, const wchar_t* name, const char* doing, WORD flags,
              DISPPARAMS& params, VARIANT* result) {
    EXCEPINFO info{};
    UINT arg_error = 0;
    const HRESULT hr = object->Invoke(id, IID_NULL, LOCALE_USER_DEFAULT, flags, &params, result,
                                      &info, &arg_error);
    if (SUCCEEDED(hr)) return {};
    const std::string detail = hr == DISP_E_EXCEPTION ? take_exception(info) : std::string();
    return fail(std::string(doing) + " " + to_utf8(name) + " failed: " + hr_message(hr) +
                (detail.empty() ? std::string() : " (" + detail + ")"));
}

} // namespace

Status get_property(IDispatch* object, const wchar_t* name, Variant& out) {
    if (!object) return fail("no object to read " + to_utf8(name) + " from");
    DISPID id = DISPID_UNKNOWN;
    if (Status found = find_member(object, name, "property", id); !found.ok()) return found;
    DISPPARAMS no_args{};
    return invoke(object, id, name, "reading", DISPATCH_PROPERTYGET, no_args, out.get());
}

Status call_method(IDispatch* object, const wchar_t* name, std::initializer_list<VARIANT> args) {
    if (!object) return fail("no object to call " + to_utf8(name) + " on");
    DISPID id = DISPID_UNKNOWN;
    if (Status found = find_member(object, name, "method", id); !found.ok()) return found;
    // IDispatch takes positional arguments last to first. The VARIANTs are the caller's
    // (plain values): nothing here to clear.
    std::vector<VARIANT> reversed(std::rbegin(args), std::rend(args));
    DISPPARAMS params{};
    params.rgvarg = reversed.empty() ? nullptr : reversed.data();
    params.cArgs = static_cast<UINT>(reversed.size());
    Variant ignored;
    return invoke(object, id, name, "calling", DISPATCH_METHOD, params, ignored.get());
}

Status get_session(IDispatch* application, Variant& session) {
    if (!application) return fail("Outlook passed no Application object");
    if (Status got = get_property(application, L"Session", session); !got.ok()) return got;
    if ((*session).vt != VT_DISPATCH || !(*session).pdispVal)
        return fail("Application.Session is not an object");
    return {};
}

} // namespace oh::win
