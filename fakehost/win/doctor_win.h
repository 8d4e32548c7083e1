// The Windows checks of `fakehost doctor` (fakehost/doctor.h), one file per concern:
//   doctor_outlook.cpp       Outlook's bitness; a PE file's machine
//   doctor_registration.cpp  the Addins keys, the ProgID and the COM class, the DLL
//   doctor_resiliency.cpp    Outlook's Resiliency DisabledItems / CrashingAddinList
//   doctor_windows.cpp       the policies, the log, the scripts folders; windows_checks()
// They read what Outlook reads, where Outlook reads it, and change nothing.
#pragma once

#include "doctor.h"

#include <windows.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace oh::doctor {

struct OutlookInfo {
    std::string bitness;  // "x64", "x86", or empty when Outlook was not found
    std::string found_by; // where the bitness came from, for the line
};

// Registry views: KEY_WOW64_64KEY or KEY_WOW64_32KEY.
inline REGSAM outlook_view(const OutlookInfo& o) {
    return o.bitness == "x86" ? KEY_WOW64_32KEY : KEY_WOW64_64KEY;
}
inline const char* view_name(REGSAM view) {
    return view == KEY_WOW64_32KEY ? "32-bit view" : "64-bit view";
}

OutlookInfo check_outlook(Report& report);
// The machine of a PE file ("x64", "x86", ...); nothing when it cannot be read or is not one.
std::optional<std::string> file_machine(const std::filesystem::path& file);

// Adds the lines for the Addins keys and the COM class; returns every DLL path registered for
// the class, in either view (for the Resiliency check).
std::vector<std::wstring> check_registration(Report& report, const OutlookInfo& outlook);

void check_resiliency(Report& report, const std::vector<std::wstring>& dlls);

// A REG_SZ / REG_EXPAND_SZ value with environment variables expanded.
std::wstring expand_env(const std::wstring& s);

} // namespace oh::doctor
