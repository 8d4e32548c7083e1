// Error text for log lines: Windows' own message for an error code, and HRESULTs.
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
