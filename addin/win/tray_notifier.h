// hooks.notify on Windows: a balloon from a notification-area icon (Windows 10 and later show
// it as a toast). The icon belongs to a hidden window on a thread of the add-in's own, started
// at the first notification, so that neither the dispatcher nor Outlook's thread ever waits for
// the shell. The icon goes away a while after the last balloon, and at shutdown.
#pragma once

#include "log_file.h"

#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

namespace oh::win {

class TrayNotifier {
  public:
    explicit TrayNotifier(LogFile& log) : log_(log) {}
    ~TrayNotifier() { stop(); }
    TrayNotifier(const TrayNotifier&) = delete;
    TrayNotifier& operator=(const TrayNotifier&) = delete;

    // Any thread, never blocks.
    void show(const std::string& title, const std::string& text);
    // Removes the icon, ends the thread and joins it. Idempotent.
    void stop();

  private:
    static LRESULT CALLBACK window_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp);
    void thread_main();
    void show_queued(HWND hwnd);
    void remove_icon(HWND hwnd);

    LogFile& log_;
    std::mutex mutex_;
    std::deque<std::pair<std::wstring, std::wstring>> queue_;
    std::thread thread_;
    HWND window_ = nullptr; // set by the thread once it exists
    bool stopping_ = false;
    bool failed_ = false;     // no window: notifications are only logged
    bool icon_added_ = false; // notifier thread only
    bool warned_ = false;     // notifier thread only
};

} // namespace oh::win
