// Registry reads and the HKCU -> HKLM class copy the stand-in needs, with RAII keys.
#pragma once

#include "handles.h"

#include <optional>
#include <string>

namespace oh::win {

UniqueKey open_key(HKEY root, const std::wstring& path, REGSAM access = KEY_READ);
std::optional<DWORD> read_dword(HKEY key, const wchar_t* name);
// name nullptr: the key's default value.
std::optional<std::wstring> read_string(HKEY key, const wchar_t* name);
bool key_exists(HKEY root, const std::wstring& path);
// Copies root_from\path (values and subkeys) to root_to\path, replacing what was there.
// The key tree at from_path under root_from, replacing the one at to_path under root_to.
LSTATUS copy_tree(HKEY root_from, const std::wstring& from_path, HKEY root_to,
                  const std::wstring& to_path);
LSTATUS copy_tree(HKEY root_from, HKEY root_to, const std::wstring& path);
LSTATUS delete_tree(HKEY root, const std::wstring& path);
std::string root_name(HKEY root);

} // namespace oh::win
