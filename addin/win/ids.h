// The add-in's fixed identities: its COM class, ProgID and the names Outlook shows. One place,
// so that registration, the class factory and the installer's keys cannot disagree.
#pragma once

#include <windows.h>

namespace oh::win {

// {D01E9B12-FD27-4921-B914-FC6AA87E6CBC}: OfflineHooks.Connect. Never change it: installed
// copies, the MSI and admins' policy lists (Resiliency\AddinList) refer to it.
inline constexpr CLSID kClsidConnect = {
    0xD01E9B12, 0xFD27, 0x4921, {0xB9, 0x14, 0xFC, 0x6A, 0xA8, 0x7E, 0x6C, 0xBC}};
inline constexpr wchar_t kClsidConnectText[] = L"{D01E9B12-FD27-4921-B914-FC6AA87E6CBC}";
inline constexpr wchar_t kProgId[] = L"OfflineHooks.Connect";
inline constexpr wchar_t kFriendlyName[] = L"OfflineHooks";
inline constexpr wchar_t kDescription[] =
    L"Runs your Lua scripts when Outlook goes online or offline";
// The Windows Event Log source and the folder name under %APPDATA% / %LOCALAPPDATA%.
inline constexpr wchar_t kProductName[] = L"OfflineHooks";

} // namespace oh::win
