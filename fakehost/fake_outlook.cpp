#include "fake_outlook.h"

#include "notify_decode.h"

namespace oh {

ULONG to_mapi_state(State s) {
    return s == State::offline ? MAPIOFFLINE_STATE_OFFLINE : MAPIOFFLINE_STATE_ONLINE;
}

namespace {

MAPIOFFLINE_NOTIFY_TYPE to_notify_type(Phase p) {
    switch (p) {
    case Phase::start:
        return MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_START;
    case Phase::change:
        return MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE;
    case Phase::done:
        return MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_DONE;
    }
    return MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE;
}

} // namespace

FakeOutlook* FakeOutlook::create(State initial) {
    return new FakeOutlook(initial);
}

HRESULT STDMETHODCALLTYPE FakeOutlook::QueryInterface(REFIID riid, void** ppv) {
    if (!ppv) return E_POINTER;
    if (IsEqualGUID(riid, IID_IUnknown) || IsEqualGUID(riid, IID_IMAPIOffline) ||
        IsEqualGUID(riid, IID_IMAPIOfflineMgr)) {
        *ppv = static_cast<IMAPIOfflineMgr*>(this);
        AddRef();
        return S_OK;
    }
    *ppv = nullptr;
    return E_NOINTERFACE;
}

ULONG STDMETHODCALLTYPE FakeOutlook::AddRef() {
    return ++refs_;
}

ULONG STDMETHODCALLTYPE FakeOutlook::Release() {
    const ULONG left = --refs_;
    if (left == 0) delete this;
    return left;
}

HRESULT STDMETHODCALLTYPE FakeOutlook::GetCapabilities(ULONG* pulCapabilities) {
    if (!pulCapabilities) return E_POINTER;
    *pulCapabilities = capabilities;
    return S_OK;
}

HRESULT STDMETHODCALLTYPE FakeOutlook::GetCurrentState(ULONG* pulState) {
    if (!pulState) return E_POINTER;
    *pulState = to_mapi_state(state_);
    return S_OK;
}

HRESULT STDMETHODCALLTYPE FakeOutlook::SetCurrentState(ULONG ulFlags, ULONG ulMask, ULONG ulState,
                                                       void* /*pReserved*/) {
    state_calls_.push_back({ulFlags, ulMask, ulState});
    if (ulMask != MAPIOFFLINE_STATE_OFFLINE_MASK) return E_INVALIDARG;
    State to = State::unknown;
    if (ulState == MAPIOFFLINE_STATE_OFFLINE) to = State::offline;
    if (ulState == MAPIOFFLINE_STATE_ONLINE) to = State::online;
    if (to == State::unknown) return E_INVALIDARG;
    // A script's own request: the fake host plays no mode for it (e.reason says "script").
    if (to != state_) transition(to, {Phase::start, Phase::change, Phase::done});
    return S_OK;
}

HRESULT STDMETHODCALLTYPE FakeOutlook::Advise(ULONG /*ulFlags*/, MAPIOFFLINE_ADVISEINFO* info,
                                              ULONG* pulAdviseToken) {
    ++advise_calls_;
    if (!info || !pulAdviseToken || !info->pCallback) return E_INVALIDARG;
    last_info_ = *info;
    last_info_.pCallback = nullptr;
    if (info->ulSize < sizeof(MAPIOFFLINE_ADVISEINFO) ||
        info->CallbackType != MAPIOFFLINE_CALLBACK_TYPE_NOTIFY ||
        !(info->ulAdviseTypes & MAPIOFFLINE_ADVISE_TYPE_STATECHANGE))
        return E_INVALIDARG;
    if (FAILED(advise_result)) return advise_result;
    ComPtr<IMAPIOfflineNotify> sink;
    HRESULT hr = info->pCallback->QueryInterface(IID_IMAPIOfflineNotify, sink.put_void());
    if (FAILED(hr)) return hr;
    advices_.push_back({next_token_, std::move(sink), info->ulClientToken});
    *pulAdviseToken = next_token_++;
    return S_OK;
}

HRESULT STDMETHODCALLTYPE FakeOutlook::Unadvise(ULONG /*ulFlags*/, ULONG ulAdviseToken) {
    ++unadvise_calls_;
    for (auto it = advices_.begin(); it != advices_.end(); ++it) {
        if (it->token != ulAdviseToken) continue;
        advices_.erase(it);
        return S_OK;
    }
    return E_INVALIDARG;
}

void FakeOutlook::send(const MAPIOFFLINE_NOTIFY& n) {
    if (on_send) on_send(n);
    // A copy: a sink may Unadvise while being notified.
    const auto advices = advices_;
    for (const auto& a : advices) {
        MAPIOFFLINE_NOTIFY copy = n;
        copy.ulClientToken = n.ulClientToken ? n.ulClientToken : a.client_token;
        a.sink->Notify(&copy);
    }
}

void FakeOutlook::transition(State to, const std::vector<Phase>& phases, ConnectionMode mode) {
    const State from = state_;
    mode_ = mode;
    for (Phase p : phases) {
        MAPIOFFLINE_NOTIFY n{};
        n.ulSize = sizeof n;
        n.NotifyType = to_notify_type(p);
        n.Info.StateChange.ulMask = MAPIOFFLINE_STATE_OFFLINE_MASK;
        n.Info.StateChange.ulStateOld = to_mapi_state(from);
        n.Info.StateChange.ulStateNew = to_mapi_state(to);
        if (p != Phase::start) state_ = to;
        send(n);
    }
    if (phases.empty()) state_ = to;
}

void FakeOutlook::send_raw(const RawNotify& raw) {
    MAPIOFFLINE_NOTIFY n{};
    n.ulSize = raw.size;
    n.NotifyType = static_cast<MAPIOFFLINE_NOTIFY_TYPE>(raw.type);
    n.ulClientToken = raw.token_given ? raw.token : 0;
    n.Info.StateChange.ulMask = raw.mask;
    n.Info.StateChange.ulStateOld = raw.old_state;
    n.Info.StateChange.ulStateNew = raw.new_state;
    // A well-formed change moves Outlook too, so GetCurrentState stays truthful.
    const Result<Notification> decoded = decode_notification(&n);
    if (decoded.ok() && decoded.value().phase != Phase::start) state_ = decoded.value().new_state;
    send(n);
}

} // namespace oh
