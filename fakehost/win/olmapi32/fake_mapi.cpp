#include "fake_mapi.h"

#include "env.h"
#include "offline_text.h"

#include <cstdio>
#include <cstdlib>
#include <cwchar>
#include <sstream>
#include <utility>

namespace oh::fake {
namespace {

constexpr UINT_PTR kChangeTimer = 1;
constexpr wchar_t kWindowClass[] = L"OfflineHooksFakeOlmapi32";

std::string type_name(ULONG t) {
    switch (t) {
    case MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_START:
        return "start";
    case MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE:
        return "change";
    case MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_DONE:
        return "done";
    default: {
        char buf[16];
        std::snprintf(buf, sizeof buf, "0x%lX", static_cast<unsigned long>(t));
        return buf;
    }
    }
}

HINSTANCE this_module() {
    HMODULE m = nullptr;
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                           GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                       reinterpret_cast<LPCWSTR>(&kWindowClass), &m);
    return m;
}

} // namespace

thread_local int FakeMapi::notify_depth_ = 0;

FakeMapi& FakeMapi::instance() {
    static FakeMapi mapi;
    return mapi;
}

void FakeMapi::log(const std::string& line) const {
    OhFakeLogFn fn;
    void* ctx;
    {
        std::lock_guard lock(mu_);
        fn = log_fn_;
        ctx = log_context_;
    }
    if (fn) fn(("mapi: " + line).c_str(), ctx);
}

void FakeMapi::problem(const std::string& text) {
    {
        std::lock_guard lock(mu_);
        problems_.push_back(text);
        ++counts_.problems;
    }
    log("problem: " + text);
}

HRESULT FakeMapi::init(OhFakeLogFn log_fn, void* context) {
    Knobs knobs;
    std::string bad;
    {
        std::stringstream fails(oh::win::env_utf8(L"OH_FAKE_MAPI_FAIL"));
        std::string item;
        while (std::getline(fails, item, ',')) {
            if (item.empty()) continue;
            if (item == "open")
                knobs.fail_open = true;
            else if (item == "capabilities")
                knobs.fail_capabilities = true;
            else if (item == "nocaps")
                knobs.no_capabilities = true;
            else if (item == "advise")
                knobs.fail_advise = true;
            else if (item == "unadvise")
                knobs.fail_unadvise = true;
            else if (item == "setstate")
                knobs.fail_set_state = true;
            else if (item == "getstate")
                knobs.fail_get_state = true;
            else
                bad += " OH_FAKE_MAPI_FAIL=" + item;
        }
        const std::string state = oh::win::env_utf8(L"OH_FAKE_MAPI_STATE");
        if (state == "offline")
            knobs.initial_state = MAPIOFFLINE_STATE_OFFLINE;
        else if (!state.empty() && state != "online")
            bad += " OH_FAKE_MAPI_STATE=" + state;
        const std::string delay = oh::win::env_utf8(L"OH_FAKE_MAPI_DELAY_MS");
        if (!delay.empty())
            knobs.delay_ms = static_cast<DWORD>(std::strtoul(delay.c_str(), nullptr, 10));
        knobs.late_notify = oh::win::env_utf8(L"OH_FAKE_MAPI_LATE_NOTIFY") == "1";
    }
    {
        std::lock_guard lock(mu_);
        if (started_) return E_UNEXPECTED;
        log_fn_ = log_fn;
        log_context_ = context;
    }
    if (!bad.empty()) {
        log("unknown knob:" + bad +
            " (OH_FAKE_MAPI_FAIL takes open,capabilities,nocaps,advise,"
            "unadvise,setstate,getstate; OH_FAKE_MAPI_STATE online|offline)");
        return E_INVALIDARG;
    }

    WNDCLASSEXW wc{};
    wc.cbSize = sizeof wc;
    wc.lpfnWndProc = &FakeMapi::window_proc;
    wc.hInstance = this_module();
    wc.lpszClassName = kWindowClass;
    RegisterClassExW(&wc); // fails harmlessly when already registered by an earlier init
    HWND hwnd = CreateWindowExW(0, kWindowClass, L"", 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr,
                                wc.hInstance, nullptr);
    if (!hwnd) return HRESULT_FROM_WIN32(GetLastError());

    std::lock_guard lock(mu_);
    knobs_ = knobs;
    window_ = hwnd;
    main_thread_ = GetCurrentThreadId();
    state_ = knobs.initial_state;
    started_ = true;
    return S_OK;
}

void FakeMapi::shutdown() {
    std::vector<Sink> sinks;
    std::vector<ComPtr<IMAPIOfflineNotify>> late;
    HWND hwnd;
    {
        std::lock_guard lock(mu_);
        sinks.swap(sinks_);
        late.swap(late_);
        hwnd = std::exchange(window_, nullptr);
        started_ = false;
        counts_.advised_now = 0;
    }
    // The references are released here, outside the lock: a sink's destructor may call us.
    if (hwnd) DestroyWindow(hwnd);
    UnregisterClassW(kWindowClass, this_module());
}

LRESULT CALLBACK FakeMapi::window_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp) {
    FakeMapi& self = instance();
    if (msg == kMsgChange) {
        self.on_change_posted(static_cast<ULONG>(wp));
        return 0;
    }
    if (msg == WM_TIMER && wp == kChangeTimer) {
        KillTimer(hwnd, kChangeTimer);
        ULONG target;
        {
            std::lock_guard lock(self.mu_);
            target = self.pending_state_;
        }
        self.complete_change(target);
        return 0;
    }
    if (msg == kMsgLate) {
        std::vector<Target> targets;
        {
            std::lock_guard lock(self.mu_);
            for (auto& n : self.late_) targets.push_back({n, 0});
            self.late_.clear();
            self.counts_.late_notifies += static_cast<ULONG>(targets.size());
        }
        if (!targets.empty()) {
            self.log("late notify to " + std::to_string(targets.size()) + " unadvised sink(s)");
            ULONG s;
            {
                std::lock_guard lock(self.mu_);
                s = self.state_;
            }
            self.send(targets, MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE, s, s);
        }
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

void FakeMapi::on_change_posted(ULONG new_state) {
    DWORD delay;
    HWND hwnd;
    {
        std::lock_guard lock(mu_);
        delay = knobs_.delay_ms;
        hwnd = window_;
    }
    // The timer must be set by the window's own thread, hence here rather than at the request.
    if (delay > 0 && hwnd)
        SetTimer(hwnd, kChangeTimer, delay, nullptr);
    else
        complete_change(new_state);
}

void FakeMapi::complete_change(ULONG new_state) {
    play_transition(new_state, OH_FAKE_PHASE_ALL, "request");
    std::lock_guard lock(mu_);
    pending_ = false;
}

std::vector<FakeMapi::Target> FakeMapi::advised_targets() const {
    std::lock_guard lock(mu_);
    std::vector<Target> targets;
    for (const auto& s : sinks_) targets.push_back({s.notify, s.client_token});
    return targets;
}

void FakeMapi::play_transition(ULONG new_state, ULONG phases, const char* cause) {
    ULONG old_state;
    {
        std::lock_guard lock(mu_);
        old_state = state_;
        ++counts_.transitions;
    }
    log(std::string("transition ") + offline_state_text(old_state) + " -> " +
        offline_state_text(new_state) + " cause=" + cause);
    if (phases & OH_FAKE_PHASE_START)
        send(advised_targets(), MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_START, old_state, new_state);
    {
        // GetCurrentState answers the new state from the CHANGE notification on.
        std::lock_guard lock(mu_);
        state_ = new_state;
    }
    if (phases & OH_FAKE_PHASE_CHANGE)
        send(advised_targets(), MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE, old_state, new_state);
    if (phases & OH_FAKE_PHASE_DONE)
        send(advised_targets(), MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_DONE, old_state, new_state);
}

void FakeMapi::send(const std::vector<Target>& targets, MAPIOFFLINE_NOTIFY_TYPE type,
                    ULONG old_state, ULONG new_state) {
    MAPIOFFLINE_NOTIFY n{};
    n.ulSize = sizeof n;
    n.NotifyType = type;
    n.Info.StateChange.ulMask = MAPIOFFLINE_STATE_OFFLINE_MASK;
    n.Info.StateChange.ulStateOld = old_state;
    n.Info.StateChange.ulStateNew = new_state;
    log("notify type=" + type_name(type) + " old=" + offline_state_text(old_state) +
        " new=" + offline_state_text(new_state) + " sinks=" + std::to_string(targets.size()));
    send_raw(targets, n, false);
}

void FakeMapi::send_raw(const std::vector<Target>& targets, const MAPIOFFLINE_NOTIFY& n,
                        bool keep_token) {
    for (auto& t : targets) {
        // A fresh copy per sink: a sink must not be able to change what the next one reads.
        MAPIOFFLINE_NOTIFY copy = n;
        if (!keep_token) copy.ulClientToken = t.client_token;
        {
            std::lock_guard lock(mu_);
            ++counts_.notify_calls;
        }
        ++notify_depth_;
        t.notify->Notify(&copy);
        --notify_depth_;
    }
}

HRESULT FakeMapi::emit_transition(ULONG new_state, ULONG phases) {
    if (new_state != MAPIOFFLINE_STATE_ONLINE && new_state != MAPIOFFLINE_STATE_OFFLINE)
        return E_INVALIDARG;
    {
        std::lock_guard lock(mu_);
        if (!started_) return E_UNEXPECTED;
    }
    play_transition(new_state, phases, "host");
    return S_OK;
}

HRESULT FakeMapi::emit_raw(const OhFakeRawNotify& raw) {
    {
        std::lock_guard lock(mu_);
        if (!started_) return E_UNEXPECTED;
    }
    MAPIOFFLINE_NOTIFY n{};
    n.ulSize = raw.size;
    n.NotifyType = static_cast<MAPIOFFLINE_NOTIFY_TYPE>(raw.type);
    n.ulClientToken = raw.token;
    n.Info.StateChange.ulMask = raw.mask;
    n.Info.StateChange.ulStateOld = raw.old_state;
    n.Info.StateChange.ulStateNew = raw.new_state;
    auto targets = advised_targets();
    log("notify-raw size=" + std::to_string(raw.size) + " type=" + type_name(raw.type) +
        " mask=" + hex8(raw.mask) + " old=" + offline_state_text(raw.old_state) +
        " new=" + offline_state_text(raw.new_state) + " sinks=" + std::to_string(targets.size()));
    send_raw(targets, n, raw.override_token != FALSE);
    return S_OK;
}

void FakeMapi::counts(OhFakeCounts* out) const {
    std::lock_guard lock(mu_);
    *out = counts_;
    out->advised_now = static_cast<ULONG>(sinks_.size());
    out->current_state = state_;
    out->change_pending = pending_ ? TRUE : FALSE;
}

bool FakeMapi::advise_record(ULONG index, OhFakeAdviseRecord* out) const {
    std::lock_guard lock(mu_);
    if (index >= advises_.size()) return false;
    *out = advises_[index];
    return true;
}

bool FakeMapi::state_request(ULONG index, OhFakeStateRequest* out) const {
    std::lock_guard lock(mu_);
    if (index >= requests_.size()) return false;
    *out = requests_[index];
    return true;
}

bool FakeMapi::problem_text(ULONG index, char* buffer, ULONG cch) const {
    std::lock_guard lock(mu_);
    if (index >= problems_.size() || !buffer || cch == 0) return false;
    std::snprintf(buffer, cch, "%s", problems_[index].c_str());
    return true;
}

bool FakeMapi::profile_name(wchar_t* buffer, ULONG cch) const {
    std::lock_guard lock(mu_);
    if (!buffer || cch == 0) return false;
    std::swprintf(buffer, cch, L"%ls", profile_.c_str());
    return !profile_.empty();
}

} // namespace oh::fake
