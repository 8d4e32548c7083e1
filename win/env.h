// Environment variables, read as UTF-16 (the narrow variants give the ANSI code page, which
// cannot hold every user's profile path).
#pragma once

#include "utf16.h"

#include <windows.h>

#include <string>

namespace oh::win {

// The variable's value; empty when it is not set.
inline std::wstring env_w(const wchar_t* name) {
    const DWORD n = GetEnvironmentVariableW(name, nullptr, 0);
    if (n == 0) return {};
    std::wstring value(n, L'\0');
    const DWORD got = GetEnvironmentVariableW(name, value.data(), n);
    value.resize(got < n ? got : 0); // changed meanwhile and grew: treat as unset
    return value;
}

inline std::string env_utf8(const wchar_t* name) {
    return to_utf8(env_w(name));
}

} // namespace oh::win
