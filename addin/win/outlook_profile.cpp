#include "outlook_profile.h"

#include "late_binding.h"

namespace oh::win {

Result<std::wstring> read_profile_name(IDispatch* application) {
    Variant session;
    if (Status got = get_session(application, session); !got.ok()) return fail(got.error());
    Variant name;
    if (Status got = get_property((*session).pdispVal, L"CurrentProfileName", name); !got.ok())
        return fail(got.error());
    if ((*name).vt != VT_BSTR || !(*name).bstrVal || SysStringLen((*name).bstrVal) == 0)
        return fail("Session.CurrentProfileName is empty");
    return std::wstring((*name).bstrVal, SysStringLen((*name).bstrVal));
}

} // namespace oh::win
