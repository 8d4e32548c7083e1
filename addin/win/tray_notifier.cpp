#include "tray_notifier.h"

#include "module.h"
#include "utf16.h"
#include "win_error.h"

#include <shellapi.h>

#include <cwchar>

namespace oh::win {

namespace {

constexpr wchar_t kWindowClass[] = L"OfflineHooks.Notifier";
constexpr UINT kMsgShow = WM_APP + 1;
constexpr UINT kMsgStop = WM_APP + 2;
constexpr UINT kMsgIcon = WM_APP + 3; // the icon's callback message (clicks: ignored)
constexpr UINT kIconId = 1;
constexpr UINT_PTR kRemoveTimer = 1;
constexpr UINT kRemoveAfterMs = 30000;

// Copies into a fixed NOTIFYICONDATA field, cut to fit without splitting a surrogate pair.
template <std::size_t N>
void copy_field(wchar_t (&field)[N], const std::wstring& s) {
    std::size_t n = s.size() < N - 1 ? s.size() : N - 1;
    if (n > 0 && n < s.size() && s[n - 1] >= 0xD800 && s[n - 1] <= 0xDBFF) --n;
    std::wmemcpy(field, s.data(), n);
    field[n] = L'\0';
}

NOTIFYICONDATAW icon_data(HWND hwnd) {
    NOTIFYICONDATAW nid{};
    nid.cbSize = sizeof nid;
    nid.hWnd = hwnd;
    nid.uID = kIconId;
    return nid;
}

} // namespace

void TrayNotifier::show(const std::string& title, const std::string& text) {
    std::lock_guard lock(mutex_);
    if (stopping_ || failed_) return;
    queue_.emplace_back(to_utf16(title), to_utf16(text));
    if (window_) {
        PostMessageW(window_, kMsgShow, 0, 0);
    } else if (!thread_.joinable()) {
        try {
            thread_ = std::thread([this] { thread_main(); });
        } catch (...) {
            failed_ = true;
        }
    }
}

void TrayNotifier::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        if (window_) PostMessageW(window_, kMsgStop, 0, 0);
    }
    if (thread_.joinable()) thread_.join();
    UnregisterClassW(kWindowClass, this_module());
}

void TrayNotifier::thread_main() {
    WNDCLASSEXW wc{};
    wc.cbSize = sizeof wc;
    wc.lpfnWndProc = &TrayNotifier::window_proc;
    wc.hInstance = this_module();
    wc.lpszClassName = kWindowClass;
    RegisterClassExW(&wc); // already registered by an earlier run: fine
    // A hidden top-level window (never shown): the shell posts the icon's messages to it.
    UniqueWindow window(CreateWindowExW(0, kWindowClass, L"OfflineHooks", WS_OVERLAPPED, 0, 0, 0, 0,
                                        nullptr, nullptr, this_module(), nullptr));
    if (!window) {
        const DWORD code = GetLastError();
        const std::string why = code ? error_text(code) : std::string("CreateWindowExW failed");
        {
            std::lock_guard lock(mutex_);
            failed_ = true;
            queue_.clear();
        }
        log_.write(LogLevel::warn,
                   "notifications cannot be shown (no window: " + why + "); they are only logged");
        return;
    }
    SetWindowLongPtrW(window.get(), GWLP_USERDATA, reinterpret_cast<LONG_PTR>(this));
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        window_ = window.get();
    }
    show_queued(window.get());

    MSG msg;
    while (GetMessageW(&msg, nullptr, 0, 0) > 0) {
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    remove_icon(window.get());
    {
        std::lock_guard lock(mutex_);
        window_ = nullptr;
    }
    SetWindowLongPtrW(window.get(), GWLP_USERDATA, 0);
}

void TrayNotifier::show_queued(HWND hwnd) {
    std::deque<std::pair<std::wstring, std::wstring>> items;
    {
        std::lock_guard lock(mutex_);
        items.swap(queue_);
    }
    for (const auto& [title, text] : items) {
        NOTIFYICONDATAW nid = icon_data(hwnd);
        nid.uFlags = NIF_ICON | NIF_TIP | NIF_INFO | NIF_MESSAGE;
        nid.uCallbackMessage = kMsgIcon;
        nid.hIcon = LoadIconW(nullptr, IDI_INFORMATION);
        copy_field(nid.szTip, L"OfflineHooks");
        copy_field(nid.szInfoTitle, title);
        copy_field(nid.szInfo, text.empty() ? std::wstring(L" ") : text); // empty: no balloon
        nid.dwInfoFlags = NIIF_INFO;
        BOOL ok = Shell_NotifyIconW(icon_added_ ? NIM_MODIFY : NIM_ADD, &nid);
        if (!ok && icon_added_) { // the shell restarted and lost our icon: add it again
            icon_added_ = false;
            ok = Shell_NotifyIconW(NIM_ADD, &nid);
        }
        if (ok) {
            icon_added_ = true;
            SetTimer(hwnd, kRemoveTimer, kRemoveAfterMs, nullptr);
        } else if (!warned_) {
            warned_ = true;
            log_.write(LogLevel::warn, "Windows did not show a notification (Shell_NotifyIconW "
                                       "failed; is there a notification area?); they are logged");
        }
    }
}

void TrayNotifier::remove_icon(HWND hwnd) {
    KillTimer(hwnd, kRemoveTimer);
    if (!icon_added_) return;
    NOTIFYICONDATAW nid = icon_data(hwnd);
    Shell_NotifyIconW(NIM_DELETE, &nid);
    icon_added_ = false;
}

LRESULT CALLBACK TrayNotifier::window_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp) {
    // The pointer stored at creation: Win32 keeps it as an integer.
    // NOLINTNEXTLINE(performance-no-int-to-ptr)
    auto* self = reinterpret_cast<TrayNotifier*>(GetWindowLongPtrW(hwnd, GWLP_USERDATA));
    if (self) {
        try {
            switch (msg) {
            case kMsgShow:
                self->show_queued(hwnd);
                return 0;
            case kMsgStop:
                PostQuitMessage(0);
                return 0;
            case WM_TIMER:
                if (wp == kRemoveTimer) self->remove_icon(hwnd);
                return 0;
            default:
                break;
            }
        } catch (...) {
            return 0; // never unwind into the system's message dispatch
        }
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

} // namespace oh::win
