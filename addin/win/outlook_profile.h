// The name of Outlook's current profile, which HrOpenOfflineObj needs: read by late binding
// (IDispatch::GetIDsOfNames + Invoke, no type library, any compiler) from
// Application.Session.CurrentProfileName (Outlook 2007 and later). Object model: call only on
// Outlook's main thread.
#pragma once

#include "result.h"

#include <oaidl.h>

#include <string>

namespace oh::win {

// The name, or why it cannot be read.
Result<std::wstring> read_profile_name(IDispatch* application);

} // namespace oh::win
