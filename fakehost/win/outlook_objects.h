// The slice of Outlook's object model an add-in reaches by late binding: Application, its
// Session (the NameSpace) with CurrentProfileName, ExchangeConnectionMode and SendAndReceive,
// and the COMAddIn object passed as AddInInst.
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

// Counters shared by all the objects of one host, and the Session's state the scenario plays.
struct ObjectModelStats {
    DWORD main_thread = 0;
    std::atomic<long> calls{0};
    std::atomic<long> wrong_thread_calls{0};
    std::atomic<long> alive{0}; // objects not yet released by anyone
    // Session.ExchangeConnectionMode (olCachedConnectedFull until a --mode step); each read
    // first sleeps mode_delay_ms on the calling (main) thread, as a busy Outlook would.
    std::atomic<long> exchange_mode{700};
    DWORD mode_delay_ms = 0;
    std::atomic<long> mode_reads{0}; // refused ones included
    // Session.SendAndReceive calls (main thread only: others are refused; refused ones by
    // refuse_send_and_receive included) and how many of them asked for the progress dialog.
    std::atomic<long> send_and_receive{0};
    std::atomic<long> send_and_receive_shown{0};
    // --refuse: the member fails with E_FAIL (an Outlook that will not), after counting.
    bool refuse_mode = false;
    bool refuse_send_and_receive = false;
};

// "outlook: calls=N wrong-thread=N mode-reads=N send-and-receive=N ..." for the transcript.
std::string object_model_report(const ObjectModelStats& stats);

// An IDispatch with named, read-only properties and methods.
class DispatchObject final : public ComObject<DispatchObject, IDispatch> {
  public:
    using Getter = std::function<HRESULT(VARIANT* result)>;
    // Positional arguments as Invoke has them (last first); `result` may be null.
    using Method = std::function<HRESULT(const DISPPARAMS& params, VARIANT* result)>;

    explicit DispatchObject(ObjectModelStats& stats);

    // Adds a property / a method; DISPIDs are 1, 2, ... in the order added.
    void add_property(std::wstring name, Getter get);
    void add_method(std::wstring name, Method call);

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

    struct Member {
        std::wstring name;
        Getter get;  // a property ...
        Method call; // ... or a method
    };

    ObjectModelStats& stats_;
    std::vector<Member> members_;
};

// Application (with Name, Version, Session) whose Session has CurrentProfileName.
ComPtr<IDispatch> make_application(ObjectModelStats& stats, const std::wstring& profile_name);
// The COMAddIn object for AddInInst (ProgId, Description, Connect).
ComPtr<IDispatch> make_comaddin(ObjectModelStats& stats, const std::wstring& progid,
                                const std::wstring& description);

} // namespace oh::win
