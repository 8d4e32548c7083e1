#include "event_log.h"

#include "event_messages.h" // generated from event_messages.mc
#include "ids.h"

namespace oh::win {

namespace {

// Message "%1": the text is the event's one inserted string. The per-machine MSI registers
// this DLL as the source's message file, so Event Viewer shows the text as it is; after a
// per-user install (which cannot write that HKLM key) Event Viewer shows it below a "cannot
// find the description" note.
constexpr DWORD kEventError = OH_EVENT_ERROR;

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
