#include "main_thread.h"

#include "module.h"
#include "win_error.h"

namespace oh::win {

namespace {

constexpr wchar_t kWindowClass[] = L"OfflineHooks.MainThread";
constexpr UINT kMsgRun = WM_APP + 1;

// A task is the add-in's own code; whatever it throws must not unwind into Outlook's message
// loop. Tasks log their own failures; this is the last line of defence.
void run_guarded(const MainThread::Task& task) noexcept {
    try {
        if (task) task();
    } catch (...) {
    }
}

} // namespace

Result<std::unique_ptr<MainThread>> MainThread::create() {
    WNDCLASSEXW wc{};
    wc.cbSize = sizeof wc;
    wc.lpfnWndProc = &MainThread::window_proc;
    wc.hInstance = this_module();
    wc.lpszClassName = kWindowClass;
    if (!RegisterClassExW(&wc) && GetLastError() != ERROR_CLASS_ALREADY_EXISTS)
        return fail("cannot register a window class: " + last_error_text());
    std::unique_ptr<MainThread> self(new MainThread);
    self->window_.reset(CreateWindowExW(0, kWindowClass, L"OfflineHooks", 0, 0, 0, 0, 0,
                                        HWND_MESSAGE, nullptr, this_module(), nullptr));
    if (!self->window_) return fail("cannot create a message-only window: " + last_error_text());
    SetWindowLongPtrW(self->window_.get(), GWLP_USERDATA, reinterpret_cast<LONG_PTR>(self.get()));
    return self;
}

MainThread::~MainThread() {
    close();
    if (window_) SetWindowLongPtrW(window_.get(), GWLP_USERDATA, 0);
    window_.reset();
    // Fails while another instance still has a window of the class, which is fine: the class
    // must only be gone before the DLL is unloaded, and the last instance sees to that.
    UnregisterClassW(kWindowClass, this_module());
}

bool MainThread::post(Task task) {
    std::lock_guard lock(mutex_);
    if (closed_ || !window_) return false;
    posted_.push_back(std::move(task));
    // One message wakes the loop for every task queued before it runs.
    if (message_pending_) return true;
    if (!PostMessageW(window_.get(), kMsgRun, 0, 0)) {
        posted_.pop_back();
        return false;
    }
    message_pending_ = true;
    return true;
}

bool MainThread::after(unsigned ms, Task task) {
    if (closed_ || !window_) return false;
    const UINT_PTR id = next_timer_++;
    if (!SetTimer(window_.get(), id, ms, nullptr)) return false;
    timers_.emplace(id, std::move(task));
    return true;
}

void MainThread::close() {
    std::vector<Task> dropped;
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        dropped.swap(posted_);
    }
    for (const auto& [id, task] : timers_)
        if (window_) KillTimer(window_.get(), id);
    timers_.clear();
}

void MainThread::run_posted() {
    std::vector<Task> tasks;
    {
        std::lock_guard lock(mutex_);
        message_pending_ = false;
        if (closed_) return;
        tasks.swap(posted_);
    }
    for (const auto& task : tasks) {
        {
            std::lock_guard lock(mutex_);
            if (closed_) return; // a task before this one shut the add-in down
        }
        run_guarded(task);
    }
}

void MainThread::run_timer(UINT_PTR id) {
    if (window_) KillTimer(window_.get(), id);
    auto it = timers_.find(id);
    if (it == timers_.end()) return;
    Task task = std::move(it->second);
    timers_.erase(it);
    if (!closed_) run_guarded(task);
}

LRESULT CALLBACK MainThread::window_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp) {
    // The pointer stored at creation: Win32 keeps it as an integer.
    // NOLINTNEXTLINE(performance-no-int-to-ptr)
    auto* self = reinterpret_cast<MainThread*>(GetWindowLongPtrW(hwnd, GWLP_USERDATA));
    if (self && msg == kMsgRun) {
        self->run_posted();
        return 0;
    }
    if (self && msg == WM_TIMER) {
        self->run_timer(static_cast<UINT_PTR>(wp));
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

} // namespace oh::win
