// The slice of Outlook's object model an add-in reaches by late binding: Application, its
// Session (the NameSpace) with CurrentProfileName, and the COMAddIn object passed as AddInInst.
// Plain IDispatch objects (GetIDsOfNames + Invoke, no type library), which is all that a
// late-bound client such as OfflineHooks uses.
//
// Like Outlook 2013 and later, every call from a thread other than the main one is refused
// with RPC_E_WRONG_THREAD, and counted, so a test sees an add-in that breaks the rule.
#pragma once

#include "com_object.h"
#include "com_ptr.h"

#include <ole2.h>
#include <windows.h>

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace oh::win {

// Counters shared by all the objects of one host.
struct ObjectModelStats {
    DWORD main_thread = 0;
    std::atomic<long> calls{0};
    std::atomic<long> wrong_thread_calls{0};
    std::atomic<long> alive{0}; // objects not yet released by anyone
};

// An IDispatch with named, read-only properties.
class DispatchObject final : public ComObject<DispatchObject, IDispatch> {
  public:
    using Getter = std::function<HRESULT(VARIANT* result)>;

    explicit DispatchObject(ObjectModelStats& stats);

    // Adds a property; DISPIDs are 1, 2, ... in the order added.
    void add_property(std::wstring name, Getter get);

    // IDispatch
    HRESULT STDMETHODCALLTYPE GetTypeInfoCount(UINT* count) override;
    HRESULT STDMETHODCALLTYPE GetTypeInfo(UINT index, LCID lcid, ITypeInfo** info) override;
    HRESULT STDMETHODCALLTYPE GetIDsOfNames(REFIID riid, LPOLESTR* names, UINT count, LCID lcid,
                                            DISPID* ids) override;
    HRESULT STDMETHODCALLTYPE Invoke(DISPID id, REFIID riid, LCID lcid, WORD flags,
                                     DISPPARAMS* params, VARIANT* result, EXCEPINFO* excep,
                                     UINT* arg_err) override;

  private:
    ~DispatchObject() override;
    bool allowed_thread();

    ObjectModelStats& stats_;
    std::vector<std::pair<std::wstring, Getter>> properties_;
};

// Application (with Name, Version, Session) whose Session has CurrentProfileName.
ComPtr<IDispatch> make_application(ObjectModelStats& stats, const std::wstring& profile_name);
// The COMAddIn object for AddInInst (ProgId, Description, Connect).
ComPtr<IDispatch> make_comaddin(ObjectModelStats& stats, const std::wstring& progid,
                                const std::wstring& description);

} // namespace oh::win
