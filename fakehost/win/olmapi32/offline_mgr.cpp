#include "offline_mgr.h"

#include "fake_mapi.h"

namespace oh::fake {

OfflineMgr::OfflineMgr() {
    FakeMapi::instance().manager_created();
}
OfflineMgr::~OfflineMgr() {
    FakeMapi::instance().manager_destroyed();
}

HRESULT STDMETHODCALLTYPE OfflineMgr::SetCurrentState(ULONG ulFlags, ULONG ulMask, ULONG ulState,
                                                      void* pReserved) {
    return FakeMapi::instance().set_current_state(ulFlags, ulMask, ulState, pReserved);
}

HRESULT STDMETHODCALLTYPE OfflineMgr::GetCapabilities(ULONG* pulCapabilities) {
    return FakeMapi::instance().get_capabilities(pulCapabilities);
}

HRESULT STDMETHODCALLTYPE OfflineMgr::GetCurrentState(ULONG* pulState) {
    return FakeMapi::instance().get_current_state(pulState);
}

HRESULT STDMETHODCALLTYPE OfflineMgr::Advise(ULONG ulFlags, MAPIOFFLINE_ADVISEINFO* pAdviseInfo,
                                             ULONG* pulAdviseToken) {
    return FakeMapi::instance().advise(ulFlags, pAdviseInfo, pulAdviseToken);
}

HRESULT STDMETHODCALLTYPE OfflineMgr::Unadvise(ULONG ulFlags, ULONG ulAdviseToken) {
    return FakeMapi::instance().unadvise(ulFlags, ulAdviseToken);
}

// Nobody may call a placeholder: a call here means the client's vtable is shifted.
#define OH_PLACEHOLDER(n)                                                                          \
    HRESULT STDMETHODCALLTYPE OfflineMgr::Placeholder##n(void*) {                                  \
        FakeMapi::instance().placeholder_called("Placeholder" #n);                                 \
        return E_NOTIMPL;                                                                          \
    }
OH_PLACEHOLDER(1)
OH_PLACEHOLDER(2)
OH_PLACEHOLDER(3)
OH_PLACEHOLDER(4)
OH_PLACEHOLDER(5)
OH_PLACEHOLDER(6)
OH_PLACEHOLDER(7)
OH_PLACEHOLDER(8)
#undef OH_PLACEHOLDER

} // namespace oh::fake
