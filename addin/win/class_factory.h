// The class object DllGetClassObject hands out: makes OfflineHooks.Connect objects.
#pragma once

#include "com_object.h"

namespace oh::win {

class ClassFactory final : public ComObject<ClassFactory, IClassFactory> {
  public:
    // create(riid, ppv) (from ComObject): a new factory, answering for `riid` in *ppv.
    HRESULT STDMETHODCALLTYPE CreateInstance(IUnknown* outer, REFIID riid, void** ppv) override;
    HRESULT STDMETHODCALLTYPE LockServer(BOOL lock) override;

  private:
    friend ComObject;
    ClassFactory();
    ~ClassFactory() override;
};

} // namespace oh::win
