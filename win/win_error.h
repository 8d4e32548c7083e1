// Error text for log lines: Windows' own message for a Win32 error code or an HRESULT (the one
// FormatMessage call). The HRESULT's number and name come from offline_text.h, the one place
// that spells them; transcripts that want only the number use oh::hresult_hex.
#pragma once

#include <windows.h>

#include <string>

namespace oh::win {

// "The system cannot find the file specified. (error 2)"
std::string error_text(DWORD code);
// error_text(GetLastError()), read at once.
std::string last_error_text();
// "0x80004005 (E_FAIL)", with Windows' message when it has one.
std::string hr_message(HRESULT hr);

} // namespace oh::win
