#include "registry.h"

#include <vector>

namespace oh::win {

UniqueKey open_key(HKEY root, const std::wstring& path, REGSAM access) {
    HKEY key = nullptr;
    if (RegOpenKeyExW(root, path.c_str(), 0, access, &key) != ERROR_SUCCESS) return {};
    return UniqueKey(key);
}

std::optional<DWORD> read_dword(HKEY key, const wchar_t* name) {
    DWORD value = 0, size = sizeof value, type = 0;
    if (RegQueryValueExW(key, name, nullptr, &type, reinterpret_cast<BYTE*>(&value), &size) !=
            ERROR_SUCCESS ||
        type != REG_DWORD)
        return std::nullopt;
    return value;
}

std::optional<std::wstring> read_string(HKEY key, const wchar_t* name) {
    DWORD size = 0, type = 0;
    if (RegQueryValueExW(key, name, nullptr, &type, nullptr, &size) != ERROR_SUCCESS ||
        (type != REG_SZ && type != REG_EXPAND_SZ))
        return std::nullopt;
    std::vector<wchar_t> buf(size / sizeof(wchar_t) + 1, L'\0');
    if (RegQueryValueExW(key, name, nullptr, &type, reinterpret_cast<BYTE*>(buf.data()), &size) !=
        ERROR_SUCCESS)
        return std::nullopt;
    return std::wstring(buf.data()); // stops at the terminating NUL, present or not
}

bool key_exists(HKEY root, const std::wstring& path) {
    return static_cast<bool>(open_key(root, path));
}

LSTATUS copy_tree(HKEY root_from, const std::wstring& from_path, HKEY root_to,
                  const std::wstring& to_path) {
    UniqueKey from = open_key(root_from, from_path);
    if (!from) return ERROR_FILE_NOT_FOUND;
    delete_tree(root_to, to_path);
    HKEY to = nullptr;
    LSTATUS st = RegCreateKeyExW(root_to, to_path.c_str(), 0, nullptr, REG_OPTION_NON_VOLATILE,
                                 KEY_ALL_ACCESS, nullptr, &to, nullptr);
    if (st != ERROR_SUCCESS) return st;
    UniqueKey owned(to);
    return RegCopyTreeW(from.get(), nullptr, to);
}

LSTATUS copy_tree(HKEY root_from, HKEY root_to, const std::wstring& path) {
    return copy_tree(root_from, path, root_to, path);
}

LSTATUS delete_tree(HKEY root, const std::wstring& path) {
    LSTATUS st = RegDeleteTreeW(root, path.c_str());
    // Some implementations empty the key but leave it: make sure it is gone.
    if (st == ERROR_SUCCESS && key_exists(root, path)) st = RegDeleteKeyW(root, path.c_str());
    return st;
}

std::string root_name(HKEY root) {
    if (root == HKEY_CURRENT_USER) return "HKCU";
    if (root == HKEY_LOCAL_MACHINE) return "HKLM";
    if (root == HKEY_CLASSES_ROOT) return "HKCR";
    return "HK?";
}

} // namespace oh::win
