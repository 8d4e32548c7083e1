// The DLL's entry points: DllMain (trivial: Windows holds the loader lock there) and the four
// COM exports (exports.def).
#include "class_factory.h"
#include "ids.h"
#include "module.h"
#include "registration.h"

#include <windows.h>

#include <string>

using namespace oh::win;

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID) {
    if (reason == DLL_PROCESS_ATTACH) set_this_module(instance);
    return TRUE;
}

STDAPI DllGetClassObject(REFCLSID rclsid, REFIID riid, LPVOID* ppv) {
    if (!ppv) return E_POINTER;
    *ppv = nullptr;
    if (!IsEqualCLSID(rclsid, kClsidConnect)) return CLASS_E_CLASSNOTAVAILABLE;
    try {
        return ClassFactory::create(riid, ppv);
    } catch (...) {
        return E_UNEXPECTED;
    }
}

STDAPI DllCanUnloadNow() {
    try {
        return can_unload() ? S_OK : S_FALSE;
    } catch (...) {
        return S_FALSE;
    }
}

STDAPI DllRegisterServer() {
    try {
        const std::wstring path = module_path(this_module());
        if (path.empty()) return HRESULT_FROM_WIN32(GetLastError());
        return register_addin(path);
    } catch (...) {
        return E_UNEXPECTED;
    }
}

STDAPI DllUnregisterServer() {
    try {
        return unregister_addin();
    } catch (...) {
        return E_UNEXPECTED;
    }
}
