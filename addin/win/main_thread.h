// A way back onto Outlook's main thread: a message-only window created there. Work posted from
// any thread (the dispatcher's state requests) runs from Outlook's message loop, where the
// Offline State API and the object model may be called. Asynchronous by design: Outlook's thread
// never waits for the add-in, and the add-in never waits for Outlook's thread.
#pragma once

#include "handles.h"
#include "result.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace oh::win {

class MainThread {
  public:
    using Task = std::function<void()>;

    // Creates the window on the calling thread, which must be Outlook's main thread; or says
    // why it cannot. Never a null pointer when it works.
    static Result<std::unique_ptr<MainThread>> create();
    // On the main thread: destroys the window; queued tasks and timers are dropped.
    ~MainThread();
    MainThread(const MainThread&) = delete;
    MainThread& operator=(const MainThread&) = delete;

    // Any thread, never blocks: `task` runs soon on the main thread. False once closed, or if
    // the message could not be posted.
    bool post(Task task);
    // Main thread: `task` runs once after `ms` milliseconds. False if closed or no timer.
    bool after(unsigned ms, Task task);
    // Main thread: from now on post() and after() refuse, and nothing queued runs. Called
    // before the objects that tasks refer to are destroyed.
    void close();

  private:
    MainThread() = default;
    static LRESULT CALLBACK window_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp);
    void run_posted();
    void run_timer(UINT_PTR id);

    std::mutex mutex_; // guards the fields below (post() comes from other threads)
    std::vector<Task> posted_;
    bool message_pending_ = false;
    bool closed_ = false;
    std::map<UINT_PTR, Task> timers_; // main thread only
    UINT_PTR next_timer_ = 1;
    UniqueWindow window_;
};

} // namespace oh::win
