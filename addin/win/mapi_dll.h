// Finds Outlook's MAPI DLL and its HrOpenOfflineObj, the way offline-state-api.md describes:
//  1. inside Outlook it is already loaded: olmapi32.dll (Outlook 2013+), else msmapi32.dll;
//  2. else the MAPI stub (mapistub.dll, else mapi32.dll, from the system folder) names it:
//     FGetComponentPath with the LCID qualifiers of HKLM\Software\Clients\Mail\Microsoft
//     Outlook (MSIApplicationLCID, then MSIOfficeLCID, then none).
// The export is looked up under this build's architecture's name first ("HrOpenOfflineObj" on
// x64, "HrOpenOfflineObj@20" on x86), then under the other.
#pragma once

#include "handles.h"
#include "offline_api.h"
#include "result.h"

#include <optional>
#include <string>

namespace oh::win {

struct MapiDll {
    UniqueModule module; // a reference of our own, also when Outlook had it loaded already
    std::wstring path;
    std::string found_by;    // for the log
    std::string export_name; // the name HrOpenOfflineObj was found under
    HROPENOFFLINEOBJ open = nullptr;
};

// The DLL, or why not: there is no MAPI DLL or it has no HrOpenOfflineObj.
Result<MapiDll> find_mapi_dll();

} // namespace oh::win
