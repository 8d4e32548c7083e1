#include "notify_sink.h"

#include "notify_decode.h"

#include <new>
#include <optional>

namespace oh {

namespace {

// The notification, or nothing when it is to be ignored. A refusal's message is allocated and
// no exception may reach Outlook's thread: a failed allocation counts as ignored too.
std::optional<Notification> accepted(const MAPIOFFLINE_NOTIFY* p) noexcept {
    try {
        Result<Notification> decoded = decode_notification(p);
        if (decoded.ok()) return std::move(decoded).value();
    } catch (...) {
    }
    return std::nullopt;
}

} // namespace

NotifySink* NotifySink::create(ULONG client_token) {
    return new NotifySink(client_token);
}

HRESULT STDMETHODCALLTYPE NotifySink::QueryInterface(REFIID riid, void** ppv) {
    if (!ppv) return E_POINTER;
    if (IsEqualGUID(riid, IID_IUnknown) || IsEqualGUID(riid, IID_IMAPIOfflineNotify)) {
        *ppv = static_cast<IMAPIOfflineNotify*>(this);
        AddRef();
        return S_OK;
    }
    *ppv = nullptr;
    return E_NOINTERFACE;
}

ULONG STDMETHODCALLTYPE NotifySink::AddRef() {
    return refs_.fetch_add(1, std::memory_order_relaxed) + 1;
}

ULONG STDMETHODCALLTYPE NotifySink::Release() {
    const ULONG left = refs_.fetch_sub(1, std::memory_order_acq_rel) - 1;
    if (left == 0) delete this;
    return left;
}

void STDMETHODCALLTYPE NotifySink::Notify(const MAPIOFFLINE_NOTIFY* pNotifyInfo) {
    if (!attached_.load(std::memory_order_acquire)) return;
    std::optional<Notification> n = accepted(pNotifyInfo);
    if (!n) {
        queue_.note_ignored();
        return;
    }
    n->seq = queue_.next_seq();
    queue_.push(*n);
    if (wake_) wake_();
}

} // namespace oh
