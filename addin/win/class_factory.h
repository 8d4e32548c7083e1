// The class object DllGetClassObject hands out: makes OfflineHooks.Connect objects.
#pragma once

#include <unknwn.h>

#include <atomic>

namespace oh::win {

class ClassFactory final : public IClassFactory {
  public:
    // A new factory, answering for `riid` in *ppv.
    static HRESULT create(REFIID riid, void** ppv);

    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppv) override;
    ULONG STDMETHODCALLTYPE AddRef() override;
    ULONG STDMETHODCALLTYPE Release() override;
    HRESULT STDMETHODCALLTYPE CreateInstance(IUnknown* outer, REFIID riid, void** ppv) override;
    HRESULT STDMETHODCALLTYPE LockServer(BOOL lock) override;

  private:
    ClassFactory();
    ~ClassFactory();

    std::atomic<ULONG> refs_{1};
};

} // namespace oh::win
