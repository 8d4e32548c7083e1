#include "utf16.h"

#include <windows.h>

namespace oh::win {

namespace {

// The Win32 conversion functions take int lengths; anything longer is cut (never reached by
// log lines, paths or command lines, which are far shorter).
int int_size(std::size_t n) {
    constexpr std::size_t max = 0x7FFFFFFF;
    return static_cast<int>(n < max ? n : max);
}

std::wstring multibyte_to_utf16(UINT code_page, DWORD flags, std::string_view s) {
    if (s.empty()) return {};
    const int n = MultiByteToWideChar(code_page, flags, s.data(), int_size(s.size()), nullptr, 0);
    if (n <= 0) return {};
    std::wstring w(static_cast<std::size_t>(n), L'\0');
    MultiByteToWideChar(code_page, flags, s.data(), int_size(s.size()), w.data(), n);
    return w;
}

} // namespace

std::wstring to_utf16(std::string_view utf8) {
    return multibyte_to_utf16(CP_UTF8, 0, utf8);
}

std::string to_utf8(std::wstring_view w) {
    if (w.empty()) return {};
    const int n =
        WideCharToMultiByte(CP_UTF8, 0, w.data(), int_size(w.size()), nullptr, 0, nullptr, nullptr);
    if (n <= 0) return {};
    std::string s(static_cast<std::size_t>(n), '\0');
    WideCharToMultiByte(CP_UTF8, 0, w.data(), int_size(w.size()), s.data(), n, nullptr, nullptr);
    return s;
}

std::string console_to_utf8(std::string_view bytes) {
    if (bytes.empty()) return {};
    // MB_ERR_INVALID_CHARS: the conversion fails unless every byte is valid UTF-8.
    if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, bytes.data(), int_size(bytes.size()),
                            nullptr, 0) > 0)
        return std::string(bytes);
    return to_utf8(multibyte_to_utf16(CP_OEMCP, 0, bytes));
}

} // namespace oh::win
