// The control side of the stand-in olmapi32.dll: what the Outlook stand-in host calls to play
// Outlook's part (emit notifications) and to read back what the add-in did. Not MAPI: the
// MAPI side is HrOpenOfflineObj and the interfaces of addin/offline_api.h.
//
// The host resolves these by name with GetProcAddress (kOhFake* below), after loading the DLL
// into its own process the way Outlook has its MAPI DLL loaded.
#pragma once

#include <windows.h>

extern "C" {

// Phases for OhFake_EmitTransition (bit mask). Outlook sends all three, in this order.
enum : ULONG {
    OH_FAKE_PHASE_START = 0x1,
    OH_FAKE_PHASE_CHANGE = 0x2,
    OH_FAKE_PHASE_DONE = 0x4,
    OH_FAKE_PHASE_ALL = 0x7,
};

// Called once per line of the DLL's own transcript ("mapi: ..."); may be called on any thread
// that calls into MAPI. It must not call back into the DLL.
using OhFakeLogFn = void(WINAPI*)(const char* line, void* context);

struct OhFakeCounts {
    ULONG opens;          // HrOpenOfflineObj calls
    ULONG opens_ok;       // ... that returned S_OK
    ULONG managers_alive; // IMAPIOfflineMgr objects not yet released (0 after a clean exit)
    ULONG advise_calls;
    ULONG advises_ok;
    ULONG unadvise_calls;
    ULONG unadvises_ok;
    ULONG advised_now;      // sinks Outlook still holds
    ULONG notify_calls;     // IMAPIOfflineNotify::Notify calls made
    ULONG transitions;      // state transitions played (host's and requested ones)
    ULONG state_requests;   // SetCurrentState calls
    ULONG capability_calls; // GetCapabilities calls
    ULONG get_state_calls;  // GetCurrentState calls
    ULONG problems;         // protocol violations by the client (see OhFake_GetProblem)
    ULONG late_notifies;    // notifications sent after Unadvise (OH_FAKE_MAPI_LATE_NOTIFY)
    ULONG current_state;    // MAPIOFFLINE_STATE_ONLINE / _OFFLINE
    BOOL change_pending;    // an asynchronous SetCurrentState is under way
};

// One Advise call, as received (fields read only when ulSize covers them).
struct OhFakeAdviseRecord {
    ULONG flags;
    ULONG ulSize;
    ULONG ulClientToken;
    ULONG CallbackType;
    ULONG ulAdviseTypes;
    ULONG ulStateMask;
    BOOL callback_is_notify; // pCallback answered QueryInterface(IID_IMAPIOfflineNotify)
    ULONG token;             // the advise token handed out (0 when refused)
    HRESULT hr;
};

// One SetCurrentState call.
struct OhFakeStateRequest {
    ULONG flags;
    ULONG mask;
    ULONG state;
    BOOL reserved_null;
    BOOL on_main_thread; // made on the thread that called OhFake_Init (Outlook's main thread)
    BOOL inside_notify;  // made from inside a Notify callback
    HRESULT hr;
};

// A notification sent exactly as given, malformed ones included.
struct OhFakeRawNotify {
    ULONG size; // ulSize written into the structure
    ULONG type; // NotifyType
    ULONG mask;
    ULONG old_state;
    ULONG new_state;
    BOOL override_token; // FALSE: each sink gets its own ulClientToken
    ULONG token;
};

// Starts "Outlook's MAPI" on the calling thread, which becomes the main thread: asynchronous
// state changes are delivered there, through its message loop. Reads the OH_FAKE_MAPI_*
// environment knobs; E_INVALIDARG for a knob it does not understand. Until it is called,
// HrOpenOfflineObj answers MAPI_E_NOT_FOUND, as Outlook's does outside outlook.exe.
using PFN_OhFake_Init = HRESULT(WINAPI*)(OhFakeLogFn log, void* context);
// Ends it: sinks still advised are released (and counted as a problem by the host).
using PFN_OhFake_Shutdown = void(WINAPI*)();
// Plays a transition to newState (MAPIOFFLINE_STATE_ONLINE/_OFFLINE), sending the given phases
// to every advised sink now, on the calling thread.
using PFN_OhFake_EmitTransition = HRESULT(WINAPI*)(ULONG newState, ULONG phases);
using PFN_OhFake_EmitRaw = HRESULT(WINAPI*)(const OhFakeRawNotify* raw);
using PFN_OhFake_GetCounts = void(WINAPI*)(OhFakeCounts* out);
using PFN_OhFake_GetAdvise = BOOL(WINAPI*)(ULONG index, OhFakeAdviseRecord* out);
using PFN_OhFake_GetStateRequest = BOOL(WINAPI*)(ULONG index, OhFakeStateRequest* out);
// Copies problem number index (UTF-8, NUL-terminated, truncated to cch).
using PFN_OhFake_GetProblem = BOOL(WINAPI*)(ULONG index, char* buffer, ULONG cch);
// The profile name of the last successful HrOpenOfflineObj.
using PFN_OhFake_GetProfileName = BOOL(WINAPI*)(wchar_t* buffer, ULONG cch);

} // extern "C"

// Names as exported (olmapi32.def).
inline constexpr const char* kOhFakeInit = "OhFake_Init";
inline constexpr const char* kOhFakeShutdown = "OhFake_Shutdown";
inline constexpr const char* kOhFakeEmitTransition = "OhFake_EmitTransition";
inline constexpr const char* kOhFakeEmitRaw = "OhFake_EmitRaw";
inline constexpr const char* kOhFakeGetCounts = "OhFake_GetCounts";
inline constexpr const char* kOhFakeGetAdvise = "OhFake_GetAdvise";
inline constexpr const char* kOhFakeGetStateRequest = "OhFake_GetStateRequest";
inline constexpr const char* kOhFakeGetProblem = "OhFake_GetProblem";
inline constexpr const char* kOhFakeGetProfileName = "OhFake_GetProfileName";
