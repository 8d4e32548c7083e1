#include "notify_sink.h"

#include "notify_decode.h"

#include <new>

namespace oh {

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
    Notification n;
    if (decode_notification(pNotifyInfo, n)) {
        queue_.note_ignored();
        return;
    }
    n.seq = queue_.next_seq();
    queue_.push(n);
    if (wake_) wake_();
}

} // namespace oh
