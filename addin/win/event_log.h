// Errors to the Windows Event Log (Application log, source "OfflineHooks"), where fleet tooling
// collects them. Best effort: when the source cannot be registered (a locked-down machine) or
// a report fails, the add-in goes on quietly; the log file has everything anyway.
#pragma once

#include "handles.h"

#include <mutex>
#include <string>

namespace oh::win {

class EventLog {
  public:
    // Thread-safe; registers the source at the first report.
    void report_error(const std::wstring& text);

  private:
    // A script failing in a loop must not flood the machine's log.
    static constexpr int kMaxReports = 200;

    std::mutex mutex_;
    UniqueEventSource source_;
    bool tried_ = false;
    int reports_ = 0;
};

} // namespace oh::win
