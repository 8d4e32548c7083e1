#include "registration.h"

#include "handles.h"
#include "ids.h"

#include <initializer_list>

namespace oh::win {

namespace {

HRESULT from_status(LSTATUS status) {
    return status == ERROR_SUCCESS ? S_OK : HRESULT_FROM_WIN32(static_cast<DWORD>(status));
}

// Creates (or opens) HKCU\path for writing.
LSTATUS create_key(const std::wstring& path, UniqueKey& key) {
    HKEY raw = nullptr;
    const LSTATUS st = RegCreateKeyExW(HKEY_CURRENT_USER, path.c_str(), 0, nullptr,
                                       REG_OPTION_NON_VOLATILE, KEY_WRITE, nullptr, &raw, nullptr);
    key.reset(st == ERROR_SUCCESS ? raw : nullptr);
    return st;
}

// name nullptr: the key's default value.
LSTATUS set_string(HKEY key, const wchar_t* name, const std::wstring& value) {
    return RegSetValueExW(key, name, 0, REG_SZ, reinterpret_cast<const BYTE*>(value.c_str()),
                          static_cast<DWORD>((value.size() + 1) * sizeof(wchar_t)));
}

LSTATUS set_dword(HKEY key, const wchar_t* name, DWORD value) {
    return RegSetValueExW(key, name, 0, REG_DWORD, reinterpret_cast<const BYTE*>(&value),
                          sizeof value);
}

struct Value {
    const wchar_t* name; // nullptr: default value
    std::wstring text;   // REG_SZ, unless is_dword
    DWORD number = 0;
    bool is_dword = false;
};

Value text(const wchar_t* name, std::wstring s) {
    return {name, std::move(s), 0, false};
}
Value number(const wchar_t* name, DWORD n) {
    return {name, {}, n, true};
}

LSTATUS write_key(const std::wstring& path, std::initializer_list<Value> values) {
    UniqueKey key;
    LSTATUS st = create_key(path, key);
    for (auto it = values.begin(); st == ERROR_SUCCESS && it != values.end(); ++it)
        st = it->is_dword ? set_dword(key.get(), it->name, it->number)
                          : set_string(key.get(), it->name, it->text);
    return st;
}

LSTATUS delete_tree(const std::wstring& path) {
    const LSTATUS st = RegDeleteTreeW(HKEY_CURRENT_USER, path.c_str());
    return st == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : st;
}

} // namespace

std::wstring clsid_key() {
    return std::wstring(L"Software\\Classes\\CLSID\\") + kClsidConnectText;
}
std::wstring progid_key() {
    return std::wstring(L"Software\\Classes\\") + kProgId;
}
std::wstring addin_key() {
    return std::wstring(L"Software\\Microsoft\\Office\\Outlook\\Addins\\") + kProgId;
}

HRESULT register_addin(const std::wstring& dll_path) {
    LSTATUS st = write_key(clsid_key(), {text(nullptr, kFriendlyName)});
    if (st == ERROR_SUCCESS)
        st = write_key(clsid_key() + L"\\InprocServer32",
                       {text(nullptr, dll_path), text(L"ThreadingModel", L"Apartment")});
    if (st == ERROR_SUCCESS) st = write_key(clsid_key() + L"\\ProgID", {text(nullptr, kProgId)});
    if (st == ERROR_SUCCESS) st = write_key(progid_key(), {text(nullptr, kFriendlyName)});
    if (st == ERROR_SUCCESS)
        st = write_key(progid_key() + L"\\CLSID", {text(nullptr, kClsidConnectText)});
    if (st == ERROR_SUCCESS)
        st = write_key(addin_key(),
                       {number(L"LoadBehavior", 3), text(L"FriendlyName", kFriendlyName),
                        text(L"Description", kDescription),
                        // Without it Outlook 2010+ skips OnBeginShutdown and
                        // OnDisconnection: no Unadvise, no "stop" handlers.
                        number(L"RequireShutdownNotification", 1)});
    if (st != ERROR_SUCCESS) {
        unregister_addin(); // no half registration left behind
        return from_status(st);
    }
    return S_OK;
}

HRESULT unregister_addin() {
    LSTATUS first_error = ERROR_SUCCESS;
    for (const std::wstring& path : {addin_key(), progid_key(), clsid_key()}) {
        const LSTATUS st = delete_tree(path);
        if (first_error == ERROR_SUCCESS) first_error = st;
    }
    return from_status(first_error);
}

} // namespace oh::win
