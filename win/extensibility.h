// IDTExtensibility2: the interface every COM add-in of an Office application implements, and
// its two enumerations, declared from Microsoft's documentation (namespace "Extensibility",
// Extensibility.dll / MSADDNDR.DLL). The Windows SDK ships it only as a type library, so it is
// declared here once, for the add-in DLL, the Outlook stand-in that drives it and the probe.
//
// Dual interface: IDispatch's seven slots first, then the five methods in this order. Each
// SAFEARRAY** is the "ByRef custom As Array" of the documentation (an array of VARIANTs the
// host may fill; Outlook passes an empty one).
#pragma once

#include "dispatch_base.h"

#include <oaidl.h>
#include <windows.h>

// How the host loaded the add-in. Outlook uses ext_cm_Startup for an add-in loaded at start-up
// (LoadBehavior 3; OnStartupComplete follows) and ext_cm_AfterStartup for one connected later
// (through the COM Add-ins dialog or by code; no OnStartupComplete then).
enum ext_ConnectMode {
    ext_cm_AfterStartup = 0,
    ext_cm_Startup = 1,
    ext_cm_External = 2,
    ext_cm_CommandLine = 3,
    ext_cm_Solution = 4,
    ext_cm_UISetup = 5,
};

// Why the host is unloading it.
enum ext_DisconnectMode {
    ext_dm_HostShutdown = 0,
    ext_dm_UserClosed = 1,
    ext_dm_UISetupComplete = 2,
    ext_dm_SolutionClosed = 3,
};

// {B65AD801-ABAF-11D0-BB8B-00A0C90F2744}
inline constexpr IID IID_IDTExtensibility2 = {
    0xB65AD801, 0xABAF, 0x11D0, {0xBB, 0x8B, 0x00, 0xA0, 0xC9, 0x0F, 0x27, 0x44}};

#ifdef _MSC_VER
// MSVC: lets __uuidof(IDTExtensibility2) work.
struct __declspec(uuid("B65AD801-ABAF-11D0-BB8B-00A0C90F2744")) IDTExtensibility2;
#endif

struct IDTExtensibility2 : public IDispatch {
    virtual HRESULT STDMETHODCALLTYPE OnConnection(IDispatch* Application,
                                                   ext_ConnectMode ConnectMode,
                                                   IDispatch* AddInInst, SAFEARRAY** custom) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnDisconnection(ext_DisconnectMode RemoveMode,
                                                      SAFEARRAY** custom) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnAddInsUpdate(SAFEARRAY** custom) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnStartupComplete(SAFEARRAY** custom) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnBeginShutdown(SAFEARRAY** custom) = 0;

  protected:
    ~IDTExtensibility2() = default;
};

#ifdef __CRT_UUID_DECL
// MinGW: lets __uuidof(IDTExtensibility2) work as with MSVC's __declspec(uuid).
__CRT_UUID_DECL(IDTExtensibility2, 0xB65AD801, 0xABAF, 0x11D0, 0xBB, 0x8B, 0x00, 0xA0, 0xC9, 0x0F,
                0x27, 0x44)
#endif

namespace oh::win {

// For ComObject: a dual interface, so QueryInterface answers IDispatch too.
template <>
struct ComInterface<IDTExtensibility2> {
    static const IID& iid() { return IID_IDTExtensibility2; }
    using Base = IDispatch;
};

// The base of an add-in object: IUnknown from ComObject and DispatchBase's minimal IDispatch
// half (no type information, no late-bound calls), as Outlook calls an add-in through the vtable.
// Derived writes only the five IDTExtensibility2 methods, and those of the More interfaces it also
// implements (IRibbonExtensibility: Office then calls the ribbon's callbacks through IDispatch,
// so Derived overrides GetIDsOfNames and Invoke as well).
template <class Derived, class... More>
class AddinObject : public DispatchBase<Derived, IDTExtensibility2, More...> {};

} // namespace oh::win
