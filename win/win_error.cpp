#include "win_error.h"

#include "offline_text.h"
#include "utf16.h"

namespace oh::win {

namespace {

std::string system_text(DWORD code) {
    wchar_t* buffer = nullptr;
    const DWORD n = FormatMessageW(
        FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
        nullptr, code, 0, reinterpret_cast<wchar_t*>(&buffer), 0, nullptr);
    if (n == 0 || !buffer) return {};
    std::wstring text(buffer, n);
    LocalFree(buffer);
    while (!text.empty() && (text.back() == L'\n' || text.back() == L'\r' || text.back() == L' '))
        text.pop_back();
    return to_utf8(text);
}

} // namespace

std::string error_text(DWORD code) {
    const std::string text = system_text(code);
    const std::string number = "error " + std::to_string(code);
    return text.empty() ? number : text + " (" + number + ")";
}

std::string last_error_text() {
    return error_text(GetLastError());
}

std::string hr_message(HRESULT hr) {
    const std::string text = system_text(static_cast<DWORD>(hr));
    return text.empty() ? hresult_text(hr) : hresult_text(hr) + ": " + text;
}

} // namespace oh::win
