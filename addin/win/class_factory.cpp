#include "class_factory.h"

#include "connect.h"
#include "module.h"

namespace oh::win {

ClassFactory::ClassFactory() {
    object_created();
}
ClassFactory::~ClassFactory() {
    object_destroyed();
}

HRESULT STDMETHODCALLTYPE ClassFactory::CreateInstance(IUnknown* outer, REFIID riid, void** ppv) {
    if (!ppv) return E_POINTER;
    *ppv = nullptr;
    if (outer) return CLASS_E_NOAGGREGATION;
    try {
        return Connect::create(riid, ppv);
    } catch (...) {
        return E_UNEXPECTED;
    }
}

HRESULT STDMETHODCALLTYPE ClassFactory::LockServer(BOOL lock) {
    lock_server(lock != FALSE);
    return S_OK;
}

} // namespace oh::win
