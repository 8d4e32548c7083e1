#include "outlook_profile.h"

#include "utf16.h"
#include "win_error.h"

#include <oleauto.h>

namespace oh::win {

namespace {

// A VARIANT that is always cleared.
class Variant {
  public:
    Variant() { VariantInit(&v_); }
    ~Variant() { VariantClear(&v_); }
    Variant(const Variant&) = delete;
    Variant& operator=(const Variant&) = delete;
    VARIANT* get() { return &v_; }
    const VARIANT& operator*() const { return v_; }

  private:
    VARIANT v_;
};

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

// object.name as a property get, the value in `out`; or why not.
Status get_property(IDispatch* object, const wchar_t* name, Variant& out) {
    DISPID id = DISPID_UNKNOWN;
    LPOLESTR names[] = {const_cast<LPOLESTR>(name)};
    HRESULT hr = object->GetIDsOfNames(IID_NULL, names, 1, LOCALE_USER_DEFAULT, &id);
    if (FAILED(hr)) return fail("no property " + to_utf8(name) + ": " + hr_message(hr));
    DISPPARAMS no_args{};
    EXCEPINFO info{};
    UINT arg_error = 0;
    hr = object->Invoke(id, IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_PROPERTYGET, &no_args,
                        out.get(), &info, &arg_error);
    if (FAILED(hr)) {
        const std::string detail = hr == DISP_E_EXCEPTION ? take_exception(info) : std::string();
        return fail("reading " + to_utf8(name) + " failed: " + hr_message(hr) +
                    (detail.empty() ? std::string() : " (" + detail + ")"));
    }
    return {};
}

} // namespace

Result<std::wstring> read_profile_name(IDispatch* application) {
    if (!application) return fail("Outlook passed no Application object");
    Variant session;
    if (Status got = get_property(application, L"Session", session); !got.ok())
        return fail(got.error());
    if ((*session).vt != VT_DISPATCH || !(*session).pdispVal)
        return fail("Application.Session is not an object");
    Variant name;
    if (Status got = get_property((*session).pdispVal, L"CurrentProfileName", name); !got.ok())
        return fail(got.error());
    if ((*name).vt != VT_BSTR || !(*name).bstrVal || SysStringLen((*name).bstrVal) == 0)
        return fail("Session.CurrentProfileName is empty");
    return std::wstring((*name).bstrVal, SysStringLen((*name).bstrVal));
}

} // namespace oh::win
