#include "event_log.h"

#include "ids.h"

namespace oh::win {

namespace {

// No message file is registered (a per-user install cannot write the HKLM key that names one),
// so Event Viewer shows the text as the event's inserted string under this id.
constexpr DWORD kEventError = 1;

} // namespace

void EventLog::report_error(const std::wstring& text) {
    std::lock_guard lock(mutex_);
    if (!tried_) {
        tried_ = true;
        source_.reset(RegisterEventSourceW(nullptr, kProductName));
    }
    if (!source_ || reports_ > kMaxReports) return;
    ++reports_;
    std::wstring message = text;
    if (reports_ > kMaxReports)
        message = L"OfflineHooks: too many errors; further ones are only in "
                  L"%LOCALAPPDATA%\\OfflineHooks\\offlinehooks.log";
    const wchar_t* strings[] = {message.c_str()};
    ReportEventW(source_.get(), EVENTLOG_ERROR_TYPE, 0, kEventError, nullptr, 1, 0, strings,
                 nullptr);
}

} // namespace oh::win
