// Outlook's Offline State API, declared as Microsoft documents it (see
// shared/docs/offline-state-api.md): interfaces in vtable order, structures, constants and
// GUIDs. Portable: with the Windows SDK the interfaces derive from the real IUnknown, on
// other systems from the shim in com_shim.h, so the add-in's sink and session classes are
// the same code for Outlook and for the fake host.
#pragma once

#include "com_shim.h"

// Constants (the public MAPI headers define them as macros; typed constants here).
constexpr ULONG MAPIOFFLINE_ADVISE_DEFAULT = 0;
constexpr ULONG MAPIOFFLINE_UNADVISE_DEFAULT = 0;
constexpr ULONG MAPIOFFLINE_ADVISE_TYPE_STATECHANGE = 1;
constexpr ULONG MAPIOFFLINE_CAPABILITY_OFFLINE = 0x1;
constexpr ULONG MAPIOFFLINE_CAPABILITY_ONLINE = 0x2;
constexpr ULONG MAPIOFFLINE_STATE_ALL = 0x003F037F;
constexpr ULONG MAPIOFFLINE_STATE_OFFLINE_MASK = 0x3;
constexpr ULONG MAPIOFFLINE_STATE_OFFLINE = 0x1;
constexpr ULONG MAPIOFFLINE_STATE_ONLINE = 0x2;
constexpr ULONG MAPIOFFLINE_FLAG_BLOCK = 0x2000;
constexpr ULONG MAPIOFFLINE_FLAG_DEFAULT = 0;

enum MAPIOFFLINE_CALLBACK_TYPE { MAPIOFFLINE_CALLBACK_TYPE_NOTIFY = 0 };

// Fixed underlying type (the same 4-byte int as the C declaration): NotifyType arrives from
// Outlook and may hold any value, and loading a value outside an unfixed enum's range is
// undefined behaviour (UBSan caught it in the decoder under fuzzing).
enum MAPIOFFLINE_NOTIFY_TYPE : int {
    MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_START = 1,
    MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE = 2,
    MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_DONE = 3,
};

// MAPI_E_NOT_FOUND: what HrOpenOfflineObj returns outside outlook.exe.
constexpr HRESULT MAPI_E_NOT_FOUND = static_cast<HRESULT>(0x8004010F);

// {000672B5-0000-0000-C000-000000000046}
constexpr IID IID_IMAPIOffline = {0x000672B5, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
// {42175607-FF3E-4790-BC18-66C8643E6424}
constexpr IID IID_IMAPIOfflineMgr = {
    0x42175607, 0xFF3E, 0x4790, {0xBC, 0x18, 0x66, 0xC8, 0x64, 0x3E, 0x64, 0x24}};
// {0317BDE5-FC29-44CD-8DCD-36125A3BE9EC}
constexpr IID IID_IMAPIOfflineNotify = {
    0x0317BDE5, 0xFC29, 0x44CD, {0x8D, 0xCD, 0x36, 0x12, 0x5A, 0x3B, 0xE9, 0xEC}};
// {FBEFFD93-B11F-4094-842B-96DCD31E63D1}: the pGUID of HrOpenOfflineObj.
constexpr GUID GUID_GlobalState = {
    0xFBEFFD93, 0xB11F, 0x4094, {0x84, 0x2B, 0x96, 0xDC, 0xD3, 0x1E, 0x63, 0xD1}};
// The MAPI component id passed to FGetComponentPath to find Outlook's MAPI DLL.
constexpr const char* OH_MAPI_COMPONENT_ID = "{FF1D0740-D227-11D1-A4B0-006008AF820E}";

struct MAPIOFFLINE_ADVISEINFO {
    ULONG ulSize;
    ULONG ulClientToken;
    MAPIOFFLINE_CALLBACK_TYPE CallbackType;
    IUnknown* pCallback;
    ULONG ulAdviseTypes;
    ULONG ulStateMask;
};

struct MAPIOFFLINE_NOTIFY {
    ULONG ulSize;
    MAPIOFFLINE_NOTIFY_TYPE NotifyType;
    ULONG ulClientToken;
    union {
        struct {
            ULONG ulMask;
            ULONG ulStateOld;
            ULONG ulStateNew;
        } StateChange;
    } Info;
};

// The part of a notification that must be present before Info.StateChange can be read.
constexpr ULONG OH_NOTIFY_MIN_SIZE = sizeof(MAPIOFFLINE_NOTIFY);

struct IMAPIOffline : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE SetCurrentState(ULONG ulFlags, ULONG ulMask, ULONG ulState,
                                                      void* pReserved) = 0;
    virtual HRESULT STDMETHODCALLTYPE GetCapabilities(ULONG* pulCapabilities) = 0;
    virtual HRESULT STDMETHODCALLTYPE GetCurrentState(ULONG* pulState) = 0;
    virtual HRESULT STDMETHODCALLTYPE Placeholder1(void* pReserved) = 0;
};

struct IMAPIOfflineMgr : public IMAPIOffline {
    virtual HRESULT STDMETHODCALLTYPE Advise(ULONG ulFlags, MAPIOFFLINE_ADVISEINFO* pAdviseInfo,
                                             ULONG* pulAdviseToken) = 0;
    virtual HRESULT STDMETHODCALLTYPE Unadvise(ULONG ulFlags, ULONG ulAdviseToken) = 0;
    // The PlaceholderN slots keep the vtable layout of Outlook's object; they are not misspelt
    // overrides of IMAPIOffline::Placeholder1.
    // NOLINTBEGIN(bugprone-virtual-near-miss)
    virtual HRESULT STDMETHODCALLTYPE Placeholder2(void* pReserved) = 0;
    virtual HRESULT STDMETHODCALLTYPE Placeholder3(void* pReserved) = 0;
    virtual HRESULT STDMETHODCALLTYPE Placeholder4(void* pReserved) = 0;
    virtual HRESULT STDMETHODCALLTYPE Placeholder5(void* pReserved) = 0;
    virtual HRESULT STDMETHODCALLTYPE Placeholder6(void* pReserved) = 0;
    virtual HRESULT STDMETHODCALLTYPE Placeholder7(void* pReserved) = 0;
    virtual HRESULT STDMETHODCALLTYPE Placeholder8(void* pReserved) = 0;
    // NOLINTEND(bugprone-virtual-near-miss)
};

struct IMAPIOfflineNotify : public IUnknown {
    virtual void STDMETHODCALLTYPE Notify(const MAPIOFFLINE_NOTIFY* pNotifyInfo) = 0;
};

// HrOpenOfflineObj, exported by Outlook's MAPI DLL as "HrOpenOfflineObj@20" (32-bit) or
// "HrOpenOfflineObj" (64-bit).
using HROPENOFFLINEOBJ = HRESULT(STDMETHODCALLTYPE*)(ULONG ulFlags, LPCWSTR pwszProfileName,
                                                     const GUID* pGUID, const GUID* pInstance,
                                                     IMAPIOfflineMgr** ppOffline);
