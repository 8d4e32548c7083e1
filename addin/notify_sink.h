// Our IMAPIOfflineNotify: what Outlook (or the fake host) calls on every notification.
// Notify validates, copies the fields into the queue and returns: it never blocks on the
// dispatcher, never allocates, never throws. A real COM object: Outlook holds a reference
// until Unadvise, and may still call Notify after it, which is then ignored.
#pragma once

#include "event_queue.h"
#include "offline_api.h"

#include <atomic>
#include <functional>

namespace oh {

class NotifySink final : public IMAPIOfflineNotify {
  public:
    // Created with one reference, owned by the caller (hold it in a ComPtr).
    static NotifySink* create(ULONG client_token);

    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppv) override;
    ULONG STDMETHODCALLTYPE AddRef() override;
    ULONG STDMETHODCALLTYPE Release() override;
    void STDMETHODCALLTYPE Notify(const MAPIOFFLINE_NOTIFY* pNotifyInfo) override;

    EventQueue& queue() { return queue_; }
    ULONG client_token() const { return token_; }
    // Called after each queued notification (the dispatcher's wake); must not block.
    void set_wake(std::function<void()> wake) { wake_ = std::move(wake); }
    // From now on every notification is ignored (after Unadvise).
    void detach() noexcept { attached_.store(false, std::memory_order_release); }

  private:
    explicit NotifySink(ULONG client_token) : token_(client_token) { queue_.set_token(token_); }
    ~NotifySink() = default;

    std::atomic<ULONG> refs_{1};
    std::atomic<bool> attached_{true};
    ULONG token_;
    EventQueue queue_;
    std::function<void()> wake_;
};

} // namespace oh
