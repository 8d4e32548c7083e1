// DllRegisterServer / DllUnregisterServer: the per-user keys, and only those (a per-user
// add-in needs no administrator and must never write HKLM):
//   HKCU\Software\Classes\CLSID\{clsid}                 (default) "OfflineHooks"
//       \InprocServer32                                 (default) DLL path, ThreadingModel
//       Apartment \ProgID                                         (default) OfflineHooks.Connect
//   HKCU\Software\Classes\OfflineHooks.Connect          (default) "OfflineHooks"
//       \CLSID                                          (default) {clsid}
//   HKCU\Software\Microsoft\Office\Outlook\Addins\OfflineHooks.Connect
//       LoadBehavior 3, FriendlyName, Description, RequireShutdownNotification 1
// The installer writes the same keys (installer/); unregistering removes these three trees.
#pragma once

#include <windows.h>

#include <string>

namespace oh::win {

// The three keys (under HKCU) that registration writes, in the order written.
std::wstring clsid_key();
std::wstring progid_key();
std::wstring addin_key();

// Writes every key for the DLL at `dll_path`; on failure removes what it wrote.
HRESULT register_addin(const std::wstring& dll_path);
// Removes every key; keys already gone are fine.
HRESULT unregister_addin();

} // namespace oh::win
