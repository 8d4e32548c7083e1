// Outlook's side of the Offline State API, played by the fake host: an IMAPIOfflineMgr that
// accepts Advise, answers GetCapabilities/GetCurrentState, and on a transition sends the
// MAPIOFFLINE_NOTIFY sequence Outlook sends (START, STATECHANGE, DONE) to every advised sink.
// SetCurrentState is answered as Outlook does by default: it returns at once and the
// notifications follow (here: at the same virtual instant, queued by the add-in's sink).
#pragma once

#include "com_ptr.h"
#include "event.h"
#include "offline_api.h"
#include "scenario.h"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace oh {

class FakeOutlook final : public IMAPIOfflineMgr {
  public:
    static FakeOutlook* create(State initial); // one reference, owned by the caller

    // What the add-in did, for the transcript and for tests.
    struct Advice {
        ULONG token = 0;
        ComPtr<IMAPIOfflineNotify> sink;
        ULONG client_token = 0;
    };

    // Knobs for failure tests.
    ULONG capabilities = MAPIOFFLINE_CAPABILITY_OFFLINE | MAPIOFFLINE_CAPABILITY_ONLINE;
    HRESULT advise_result = S_OK;

    // Moves Outlook to `to`, sending the given phases (START, CHANGE, DONE by default), its
    // ExchangeConnectionMode `mode` from the first of them on.
    void transition(State to, const std::vector<Phase>& phases,
                    ConnectionMode mode = ConnectionMode::unknown);
    // Sends one notification with any field values, malformed ones included.
    void send_raw(const RawNotify& raw);
    // Called with every structure sent, before the sinks see it.
    std::function<void(const MAPIOFFLINE_NOTIFY&)> on_send;

    State state() const { return state_; }
    // Application.Session.ExchangeConnectionMode, as the object model would answer now.
    ConnectionMode mode() const { return mode_; }
    // For notifications sent with send_raw (a replayed journal); transition() sets its own.
    void set_mode(ConnectionMode m) { mode_ = m; }
    int advise_calls() const { return advise_calls_; }
    // The ADVISEINFO of the last Advise call, as received (pCallback not kept).
    const MAPIOFFLINE_ADVISEINFO& last_advise_info() const { return last_info_; }
    // Every SetCurrentState call: (ulFlags, ulMask, ulState).
    struct StateCall {
        ULONG flags, mask, state;
    };
    const std::vector<StateCall>& state_calls() const { return state_calls_; }
    int unadvise_calls() const { return unadvise_calls_; }
    std::size_t advised() const { return advices_.size(); }

    // IUnknown
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppv) override;
    ULONG STDMETHODCALLTYPE AddRef() override;
    ULONG STDMETHODCALLTYPE Release() override;
    // IMAPIOffline
    HRESULT STDMETHODCALLTYPE SetCurrentState(ULONG ulFlags, ULONG ulMask, ULONG ulState,
                                              void* pReserved) override;
    HRESULT STDMETHODCALLTYPE GetCapabilities(ULONG* pulCapabilities) override;
    HRESULT STDMETHODCALLTYPE GetCurrentState(ULONG* pulState) override;
    HRESULT STDMETHODCALLTYPE Placeholder1(void*) override { return E_NOTIMPL; }
    // IMAPIOfflineMgr
    HRESULT STDMETHODCALLTYPE Advise(ULONG ulFlags, MAPIOFFLINE_ADVISEINFO* pAdviseInfo,
                                     ULONG* pulAdviseToken) override;
    HRESULT STDMETHODCALLTYPE Unadvise(ULONG ulFlags, ULONG ulAdviseToken) override;
    HRESULT STDMETHODCALLTYPE Placeholder2(void*) override { return E_NOTIMPL; }
    HRESULT STDMETHODCALLTYPE Placeholder3(void*) override { return E_NOTIMPL; }
    HRESULT STDMETHODCALLTYPE Placeholder4(void*) override { return E_NOTIMPL; }
    HRESULT STDMETHODCALLTYPE Placeholder5(void*) override { return E_NOTIMPL; }
    HRESULT STDMETHODCALLTYPE Placeholder6(void*) override { return E_NOTIMPL; }
    HRESULT STDMETHODCALLTYPE Placeholder7(void*) override { return E_NOTIMPL; }
    HRESULT STDMETHODCALLTYPE Placeholder8(void*) override { return E_NOTIMPL; }

  private:
    explicit FakeOutlook(State initial) : state_(initial) {}
    ~FakeOutlook() = default;
    void send(const MAPIOFFLINE_NOTIFY& n);

    std::atomic<ULONG> refs_{1};
    State state_;
    ConnectionMode mode_ = ConnectionMode::unknown;
    std::vector<Advice> advices_;
    ULONG next_token_ = 1;
    int advise_calls_ = 0;
    MAPIOFFLINE_ADVISEINFO last_info_{};
    std::vector<StateCall> state_calls_;
    int unadvise_calls_ = 0;
};

ULONG to_mapi_state(State s);

} // namespace oh
