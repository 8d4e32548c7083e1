// The IMAPIOfflineMgr object HrOpenOfflineObj hands out: a real COM object (reference
// counted, QueryInterface for IUnknown, IMAPIOffline and IMAPIOfflineMgr) whose methods all go
// to the process's one FakeMapi. Live objects are counted so the host can tell whether the
// add-in released what it opened.
#pragma once

#include "offline_interfaces.h"

namespace oh::fake {

class OfflineMgr final : public oh::win::ComObject<OfflineMgr, IMAPIOfflineMgr> {
  public:
    OfflineMgr();

    // IMAPIOffline
    HRESULT STDMETHODCALLTYPE SetCurrentState(ULONG ulFlags, ULONG ulMask, ULONG ulState,
                                              void* pReserved) override;
    HRESULT STDMETHODCALLTYPE GetCapabilities(ULONG* pulCapabilities) override;
    HRESULT STDMETHODCALLTYPE GetCurrentState(ULONG* pulState) override;
    HRESULT STDMETHODCALLTYPE Placeholder1(void*) override;
    // IMAPIOfflineMgr
    HRESULT STDMETHODCALLTYPE Advise(ULONG ulFlags, MAPIOFFLINE_ADVISEINFO* pAdviseInfo,
                                     ULONG* pulAdviseToken) override;
    HRESULT STDMETHODCALLTYPE Unadvise(ULONG ulFlags, ULONG ulAdviseToken) override;
    HRESULT STDMETHODCALLTYPE Placeholder2(void*) override;
    HRESULT STDMETHODCALLTYPE Placeholder3(void*) override;
    HRESULT STDMETHODCALLTYPE Placeholder4(void*) override;
    HRESULT STDMETHODCALLTYPE Placeholder5(void*) override;
    HRESULT STDMETHODCALLTYPE Placeholder6(void*) override;
    HRESULT STDMETHODCALLTYPE Placeholder7(void*) override;
    HRESULT STDMETHODCALLTYPE Placeholder8(void*) override;

  private:
    ~OfflineMgr() override;
};

} // namespace oh::fake
