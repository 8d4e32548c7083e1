// The add-in's side of Outlook's Offline State API, given an IMAPIOfflineMgr: capabilities,
// Advise with the documented ADVISEINFO, the current state, state requests, Unadvise.
// Knows the COM interfaces but no Win32 call, so the fake host drives this very code.
#pragma once

#include "com_ptr.h"
#include "event.h"
#include "offline_api.h"
#include "offline_text.h"
#include "result.h"

#include <string>

namespace oh {

class OfflineSession {
  public:
    OfflineSession() = default;
    ~OfflineSession() { close(); }
    OfflineSession(const OfflineSession&) = delete;
    OfflineSession& operator=(const OfflineSession&) = delete;

    // GetCapabilities (through IMAPIOffline), then Advise `sink` for online/offline changes.
    // On failure says why, and holds nothing.
    Status open(IMAPIOfflineMgr* mgr, IMAPIOfflineNotify* sink, ULONG client_token);
    // GetCurrentState; unknown when it fails or no session is open.
    State current_state();
    // SetCurrentState, asynchronous (Outlook's default): returns at once. E_PENDING means
    // a change is already under way.
    HRESULT set_state(State s);
    // Unadvise and release. Safe to call twice.
    void close();

    bool advised() const { return advised_; }
    ULONG capabilities() const { return capabilities_; }
    ULONG advise_token() const { return advise_token_; }

  private:
    ComPtr<IMAPIOfflineMgr> mgr_;
    ComPtr<IMAPIOffline> offline_;
    ULONG capabilities_ = 0;
    ULONG advise_token_ = 0;
    bool advised_ = false;
};

} // namespace oh
