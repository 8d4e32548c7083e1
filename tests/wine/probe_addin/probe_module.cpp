// The COM in-process server around probe::Connect: class factory, the four Dll* entry points,
// and per-user registration (HKCU only, as a per-user Outlook add-in registers).
#include "probe.h"

#include <string>

namespace probe {

std::atomic<long> g_module_refs{0};
HINSTANCE g_module = nullptr;

namespace {

class Factory final : public oh::win::ComObject<Factory, IClassFactory> {
  public:
    Factory() { ++g_module_refs; }
    HRESULT STDMETHODCALLTYPE CreateInstance(IUnknown* outer, REFIID riid, void** ppv) override {
        if (!ppv) return E_POINTER;
        *ppv = nullptr;
        if (outer) return CLASS_E_NOAGGREGATION;
        return Connect::create(riid, ppv);
    }
    HRESULT STDMETHODCALLTYPE LockServer(BOOL lock) override {
        lock ? ++g_module_refs : --g_module_refs;
        return S_OK;
    }

  private:
    ~Factory() override { --g_module_refs; }
};

const std::wstring kClasses = L"Software\\Classes\\";
const std::wstring kAddins = L"Software\\Microsoft\\Office\\Outlook\\Addins\\";

LSTATUS set_string(const std::wstring& key, const wchar_t* name, const std::wstring& value) {
    return RegSetKeyValueW(HKEY_CURRENT_USER, key.c_str(), name, REG_SZ, value.c_str(),
                           static_cast<DWORD>((value.size() + 1) * sizeof(wchar_t)));
}

LSTATUS set_dword(const std::wstring& key, const wchar_t* name, DWORD value) {
    return RegSetKeyValueW(HKEY_CURRENT_USER, key.c_str(), name, REG_DWORD, &value, sizeof value);
}

} // namespace
} // namespace probe

using namespace probe;

extern "C" {

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID) {
    if (reason == DLL_PROCESS_ATTACH) {
        g_module = instance;
        DisableThreadLibraryCalls(instance);
    }
    return TRUE;
}

HRESULT STDAPICALLTYPE DllGetClassObject(REFCLSID clsid, REFIID riid, void** ppv) {
    if (!ppv) return E_POINTER;
    *ppv = nullptr;
    if (!IsEqualGUID(clsid, kClsid)) return CLASS_E_CLASSNOTAVAILABLE;
    return Factory::create(riid, ppv);
}

HRESULT STDAPICALLTYPE DllCanUnloadNow() {
    const bool idle = g_module_refs == 0;
    log(std::string("can-unload-now ") + (idle ? "yes" : "no"));
    return idle ? S_OK : S_FALSE;
}

HRESULT STDAPICALLTYPE DllRegisterServer() {
    wchar_t path[MAX_PATH];
    const DWORD n = GetModuleFileNameW(g_module, path, MAX_PATH);
    if (n == 0 || n == MAX_PATH) return E_FAIL;
    const std::wstring clsid_key = kClasses + L"CLSID\\" + kClsidText;
    const std::wstring addin_key = kAddins + kProgId;
    LSTATUS st = ERROR_SUCCESS;
    auto ok = [&](LSTATUS s) {
        if (st == ERROR_SUCCESS) st = s;
    };
    ok(set_string(kClasses + kProgId, nullptr, L"OfflineHooks Wine probe add-in"));
    ok(set_string(kClasses + kProgId + L"\\CLSID", nullptr, kClsidText));
    ok(set_string(clsid_key, nullptr, L"OfflineHooks Wine probe add-in"));
    ok(set_string(clsid_key + L"\\InprocServer32", nullptr, path));
    ok(set_string(clsid_key + L"\\InprocServer32", L"ThreadingModel", L"Apartment"));
    ok(set_string(clsid_key + L"\\ProgID", nullptr, kProgId));
    ok(set_dword(addin_key, L"LoadBehavior", 3));
    ok(set_string(addin_key, L"FriendlyName", kFriendlyName));
    ok(set_string(addin_key, L"Description", kDescription));
    ok(set_dword(addin_key, L"RequireShutdownNotification", 1));
    return st == ERROR_SUCCESS ? S_OK : HRESULT_FROM_WIN32(st);
}

HRESULT STDAPICALLTYPE DllUnregisterServer() {
    for (const std::wstring& key :
         {kAddins + kProgId, kClasses + kProgId, kClasses + L"CLSID\\" + kClsidText}) {
        RegDeleteTreeW(HKEY_CURRENT_USER, key.c_str());
        RegDeleteKeyW(HKEY_CURRENT_USER, key.c_str()); // in case the tree call left it empty
    }
    return S_OK;
}

} // extern "C"
