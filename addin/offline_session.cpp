#include "offline_session.h"

#include "notify_decode.h"

namespace oh {

Status OfflineSession::open(IMAPIOfflineMgr* mgr, IMAPIOfflineNotify* sink, ULONG client_token) {
    close();
    if (!mgr) return fail("no offline manager (HrOpenOfflineObj gave none)");
    auto m = ComPtr<IMAPIOfflineMgr>::share(mgr);
    ComPtr<IMAPIOffline> offline;
    HRESULT hr = m->QueryInterface(IID_IMAPIOffline, offline.put_void());
    if (FAILED(hr) || !offline)
        return fail("the offline manager has no IMAPIOffline: QueryInterface returned " +
                    hresult_text(hr));
    ULONG caps = 0;
    hr = offline->GetCapabilities(&caps);
    if (FAILED(hr)) return fail("GetCapabilities failed: " + hresult_text(hr));
    if (!(caps & (MAPIOFFLINE_CAPABILITY_OFFLINE | MAPIOFFLINE_CAPABILITY_ONLINE)))
        return fail("this profile can go neither online nor offline (GetCapabilities gave the "
                    "mask " +
                    capability_mask_text(caps) + ")");

    MAPIOFFLINE_ADVISEINFO info{};
    info.ulSize = sizeof info;
    info.ulClientToken = client_token;
    info.CallbackType = MAPIOFFLINE_CALLBACK_TYPE_NOTIFY;
    info.pCallback = sink;
    info.ulAdviseTypes = MAPIOFFLINE_ADVISE_TYPE_STATECHANGE;
    info.ulStateMask = MAPIOFFLINE_STATE_ALL;
    ULONG token = 0;
    hr = m->Advise(MAPIOFFLINE_ADVISE_DEFAULT, &info, &token);
    if (FAILED(hr)) return fail("Advise failed: " + hresult_text(hr));

    mgr_ = std::move(m);
    offline_ = std::move(offline);
    capabilities_ = caps;
    advise_token_ = token;
    advised_ = true;
    return {};
}

State OfflineSession::current_state() {
    if (!offline_) return State::unknown;
    ULONG state = 0;
    if (FAILED(offline_->GetCurrentState(&state))) return State::unknown;
    return decode_state(state);
}

HRESULT OfflineSession::set_state(State s) {
    if (!offline_) return E_FAIL;
    if (s == State::unknown) return E_INVALIDARG;
    const ULONG wanted = s == State::offline ? MAPIOFFLINE_STATE_OFFLINE : MAPIOFFLINE_STATE_ONLINE;
    return offline_->SetCurrentState(MAPIOFFLINE_FLAG_DEFAULT, MAPIOFFLINE_STATE_OFFLINE_MASK,
                                     wanted, nullptr);
}

void OfflineSession::close() {
    // Unadvise before letting go: Outlook keeps calling a sink it still holds.
    if (advised_ && mgr_) mgr_->Unadvise(MAPIOFFLINE_UNADVISE_DEFAULT, advise_token_);
    advised_ = false;
    offline_.reset();
    mgr_.reset();
}

} // namespace oh
