// The name of Outlook's current profile, which HrOpenOfflineObj needs: read by late binding
// (IDispatch::GetIDsOfNames + Invoke, no type library, any compiler) from
// Application.Session.CurrentProfileName (Outlook 2007 and later). Object model: call only on
// Outlook's main thread.
#pragma once

#include <oaidl.h>

#include <optional>
#include <string>

namespace oh::win {

std::optional<std::wstring> read_profile_name(IDispatch* application, std::string& error);

} // namespace oh::win
