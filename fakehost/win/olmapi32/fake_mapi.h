// The state of the stand-in "Outlook MAPI": one per process, as Outlook has one offline state.
// Serves both sides: the MAPI calls of the add-in (through OfflineMgr and HrOpenOfflineObj)
// and the control calls of the host (fake_control.h). fake_mapi.cpp holds the control side and
// the delivery of notifications, mapi_calls.cpp the MAPI calls.
//
// Delivery model (documented choice): notifications reach the sinks on the host's main thread
// (the thread that called OhFake_Init), as Outlook's do on its UI thread. A transition the host
// plays is delivered synchronously inside OhFake_EmitTransition. An asynchronous
// SetCurrentState records the request, returns S_OK at once and posts a message to a
// message-only window of this DLL; START, CHANGE and DONE are sent when the host's message loop
// dispatches it (after OH_FAKE_MAPI_DELAY_MS, if set). Until DONE is sent the change is "under
// way" and further SetCurrentState calls return E_PENDING.
#pragma once

#include "com_ptr.h"
#include "fake_control.h"
#include "offline_api.h"

#include <mutex>
#include <string>
#include <vector>

namespace oh::fake {

// MAPI_E_UNKNOWN_FLAGS, from the public MAPI headers.
constexpr HRESULT kMapiUnknownFlags = static_cast<HRESULT>(0x80040106);

// What the OH_FAKE_MAPI_* environment variables ask for.
struct Knobs {
    bool fail_open = false;         // OH_FAKE_MAPI_FAIL=open: HrOpenOfflineObj -> MAPI_E_NOT_FOUND
    bool fail_capabilities = false; // ...=capabilities: GetCapabilities -> E_FAIL
    bool no_capabilities = false;   // ...=nocaps: GetCapabilities -> S_OK with 0
    bool fail_advise = false;       // ...=advise: Advise -> E_FAIL
    bool fail_unadvise = false;     // ...=unadvise: Unadvise -> E_FAIL (the sink is kept)
    bool fail_set_state = false;    // ...=setstate: SetCurrentState -> E_FAIL
    bool fail_get_state = false;    // ...=getstate: GetCurrentState -> E_FAIL
    ULONG initial_state = MAPIOFFLINE_STATE_ONLINE; // OH_FAKE_MAPI_STATE=online|offline
    DWORD delay_ms = 0;       // OH_FAKE_MAPI_DELAY_MS: time an async change takes
    bool late_notify = false; // OH_FAKE_MAPI_LATE_NOTIFY=1: one Notify after each Unadvise
};

class FakeMapi {
  public:
    static FakeMapi& instance();

    // Control side (fake_control.h).
    HRESULT init(OhFakeLogFn log, void* context);
    void shutdown();
    HRESULT emit_transition(ULONG new_state, ULONG phases);
    HRESULT emit_raw(const OhFakeRawNotify& raw);
    void counts(OhFakeCounts* out) const;
    bool advise_record(ULONG index, OhFakeAdviseRecord* out) const;
    bool state_request(ULONG index, OhFakeStateRequest* out) const;
    bool problem_text(ULONG index, char* buffer, ULONG cch) const;
    bool profile_name(wchar_t* buffer, ULONG cch) const;

    // MAPI side.
    HRESULT open(ULONG flags, LPCWSTR profile, const GUID* guid, const GUID* instance,
                 IMAPIOfflineMgr** out);
    HRESULT set_current_state(ULONG flags, ULONG mask, ULONG state, void* reserved);
    HRESULT get_capabilities(ULONG* out);
    HRESULT get_current_state(ULONG* out);
    HRESULT advise(ULONG flags, MAPIOFFLINE_ADVISEINFO* info, ULONG* token);
    HRESULT unadvise(ULONG flags, ULONG token);
    void placeholder_called(const char* which);
    void manager_created();
    void manager_destroyed();

  private:
    struct Sink {
        ULONG token;
        ULONG client_token;
        ComPtr<IMAPIOfflineNotify> notify;
    };
    struct Target {
        ComPtr<IMAPIOfflineNotify> notify;
        ULONG client_token;
    };

    // Messages to this DLL's message-only window on the host's main thread.
    static constexpr UINT kMsgChange = WM_APP + 1; // wParam: the requested state
    static constexpr UINT kMsgLate = WM_APP + 2; // one Notify to each sink unadvised with one owed
    // Depth of Notify calls on this thread: a SetCurrentState made from inside one is noted.
    static thread_local int notify_depth_;

    FakeMapi() = default;
    static LRESULT CALLBACK window_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp);
    void on_change_posted(ULONG new_state);
    void complete_change(ULONG new_state);
    // Sends START/CHANGE/DONE (those in phases) for current -> new_state; takes no lock.
    void play_transition(ULONG new_state, ULONG phases, const char* cause);
    void send(const std::vector<Target>& targets, MAPIOFFLINE_NOTIFY_TYPE type, ULONG old_state,
              ULONG new_state);
    void send_raw(const std::vector<Target>& targets, const MAPIOFFLINE_NOTIFY& n, bool keep_token);
    std::vector<Target> advised_targets() const;
    bool on_main_thread() const { return GetCurrentThreadId() == main_thread_; }
    // Both take mu_ themselves; never call them with it held.
    void log(const std::string& line) const;
    void problem(const std::string& text);

    mutable std::mutex mu_;
    OhFakeLogFn log_fn_ = nullptr;
    void* log_context_ = nullptr;
    bool started_ = false;
    DWORD main_thread_ = 0;
    HWND window_ = nullptr;
    Knobs knobs_;

    ULONG state_ = MAPIOFFLINE_STATE_ONLINE;
    bool pending_ = false;
    ULONG pending_state_ = 0; // the state an asynchronous change is heading to
    ULONG next_token_ = 1;
    std::vector<Sink> sinks_;
    std::vector<ComPtr<IMAPIOfflineNotify>> late_; // unadvised sinks owed one late Notify
    std::wstring profile_;

    OhFakeCounts counts_{};
    std::vector<OhFakeAdviseRecord> advises_;
    std::vector<OhFakeStateRequest> requests_;
    std::vector<std::string> problems_;
};

} // namespace oh::fake
