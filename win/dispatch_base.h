// The IDispatch half of a dual COM object that needs no type information: callers reach it
// through its vtable (Outlook calling an add-in, the add-in calling the stand-in's ribbon
// objects), or through GetIDsOfNames and Invoke that Derived overrides (the ribbon's
// callbacks). One place for it: the add-in and the stand-in both use it.
#pragma once

#include "com_object.h"

#include <oaidl.h>
#include <windows.h>

namespace oh::win {

template <class Derived, class... Interfaces>
class DispatchBase : public ComObject<Derived, Interfaces...> {
  public:
    HRESULT STDMETHODCALLTYPE GetTypeInfoCount(UINT* count) override {
        if (!count) return E_POINTER;
        *count = 0;
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE GetTypeInfo(UINT, LCID, ITypeInfo** info) override {
        if (info) *info = nullptr;
        return E_NOTIMPL;
    }
    HRESULT STDMETHODCALLTYPE GetIDsOfNames(REFIID, LPOLESTR*, UINT, LCID, DISPID*) override {
        return E_NOTIMPL;
    }
    HRESULT STDMETHODCALLTYPE Invoke(DISPID, REFIID, LCID, WORD, DISPPARAMS*, VARIANT*, EXCEPINFO*,
                                     UINT*) override {
        return E_NOTIMPL;
    }
};

} // namespace oh::win
