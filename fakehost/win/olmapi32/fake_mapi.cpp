#include "fake_mapi.h"

#include "offline_mgr.h"

#include <cstdio>
#include <cstdlib>
#include <cwchar>
#include <new>
#include <sstream>
#include <utility>

namespace oh::fake {
namespace {

constexpr UINT kMsgChange = WM_APP + 1; // wParam: the requested state
constexpr UINT kMsgLate = WM_APP + 2;   // one Notify to each sink unadvised with a late one owed
constexpr UINT_PTR kChangeTimer = 1;
constexpr wchar_t kWindowClass[] = L"OfflineHooksFakeOlmapi32";

// Depth of Notify calls on this thread: a SetCurrentState made from inside one is noted.
thread_local int t_notify_depth = 0;

std::string state_name(ULONG s) {
    if (s == MAPIOFFLINE_STATE_ONLINE) return "online";
    if (s == MAPIOFFLINE_STATE_OFFLINE) return "offline";
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%lX", static_cast<unsigned long>(s));
    return buf;
}

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

std::string hex(ULONG v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08lX", static_cast<unsigned long>(v));
    return buf;
}

std::string hr_text(HRESULT hr) {
    return hex(static_cast<ULONG>(hr));
}

std::string env(const char* name) {
    char buf[512];
    const DWORD n = GetEnvironmentVariableA(name, buf, sizeof buf);
    return n > 0 && n < sizeof buf ? std::string(buf, n) : std::string();
}

std::string narrow(const std::wstring& w) {
    if (w.empty()) return {};
    const int n = WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), nullptr, 0,
                                      nullptr, nullptr);
    std::string s(static_cast<std::size_t>(n), '\0');
    WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), s.data(), n, nullptr,
                        nullptr);
    return s;
}

HINSTANCE this_module() {
    HMODULE m = nullptr;
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                           GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                       reinterpret_cast<LPCWSTR>(&kWindowClass), &m);
    return m;
}

} // namespace

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
        std::stringstream fails(env("OH_FAKE_MAPI_FAIL"));
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
        const std::string state = env("OH_FAKE_MAPI_STATE");
        if (state == "offline")
            knobs.initial_state = MAPIOFFLINE_STATE_OFFLINE;
        else if (!state.empty() && state != "online")
            bad += " OH_FAKE_MAPI_STATE=" + state;
        const std::string delay = env("OH_FAKE_MAPI_DELAY_MS");
        if (!delay.empty())
            knobs.delay_ms = static_cast<DWORD>(std::strtoul(delay.c_str(), nullptr, 10));
        knobs.late_notify = env("OH_FAKE_MAPI_LATE_NOTIFY") == "1";
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
    log(std::string("transition ") + state_name(old_state) + " -> " + state_name(new_state) +
        " cause=" + cause);
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
    log("notify type=" + type_name(type) + " old=" + state_name(old_state) +
        " new=" + state_name(new_state) + " sinks=" + std::to_string(targets.size()));
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
        ++t_notify_depth;
        t.notify->Notify(&copy);
        --t_notify_depth;
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
        " mask=" + hex(raw.mask) + " old=" + state_name(raw.old_state) +
        " new=" + state_name(raw.new_state) + " sinks=" + std::to_string(targets.size()));
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

HRESULT FakeMapi::open(ULONG flags, LPCWSTR profile, const GUID* guid, const GUID* instance,
                       IMAPIOfflineMgr** out) {
    bool started, fail;
    {
        std::lock_guard lock(mu_);
        ++counts_.opens;
        started = started_;
        fail = knobs_.fail_open;
    }
    const std::string name = profile ? narrow(profile) : std::string("(null)");
    auto refuse = [&](HRESULT hr, const std::string& why) {
        if (!why.empty()) problem("HrOpenOfflineObj: " + why);
        log("open profile=\"" + name + "\" -> " + hr_text(hr));
        return hr;
    };
    if (!out) return refuse(E_POINTER, "ppOffline is NULL");
    *out = nullptr;
    // Outside outlook.exe the real one answers MAPI_E_NOT_FOUND: so does this one until a host
    // has started it (or when told to fail).
    if (!started) return refuse(MAPI_E_NOT_FOUND, "");
    if (fail) return refuse(MAPI_E_NOT_FOUND, "");
    if (flags != 0) return refuse(kMapiUnknownFlags, "ulFlags " + hex(flags) + " (must be 0)");
    if (!guid || !IsEqualGUID(*guid, GUID_GlobalState))
        return refuse(E_INVALIDARG, "pGUID is not GUID_GlobalState");
    if (instance) return refuse(E_INVALIDARG, "pInstance is not NULL");
    if (!profile || !*profile) return refuse(E_INVALIDARG, "empty profile name");

    *out = new (std::nothrow) OfflineMgr();
    if (!*out) return refuse(E_OUTOFMEMORY, "");
    {
        std::lock_guard lock(mu_);
        ++counts_.opens_ok;
        profile_ = profile;
    }
    log("open profile=\"" + name + "\" -> " + hr_text(S_OK));
    return S_OK;
}

HRESULT FakeMapi::get_capabilities(ULONG* out) {
    bool fail, none;
    {
        std::lock_guard lock(mu_);
        ++counts_.capability_calls;
        fail = knobs_.fail_capabilities;
        none = knobs_.no_capabilities;
    }
    if (!out) {
        problem("GetCapabilities: pulCapabilities is NULL");
        return E_POINTER;
    }
    const HRESULT hr = fail ? E_FAIL : S_OK;
    *out = fail || none ? 0 : MAPIOFFLINE_CAPABILITY_OFFLINE | MAPIOFFLINE_CAPABILITY_ONLINE;
    log("capabilities " + hex(*out) + " -> " + hr_text(hr));
    return hr;
}

HRESULT FakeMapi::get_current_state(ULONG* out) {
    bool fail;
    ULONG s;
    {
        std::lock_guard lock(mu_);
        ++counts_.get_state_calls;
        fail = knobs_.fail_get_state;
        s = state_;
    }
    if (!out) {
        problem("GetCurrentState: pulState is NULL");
        return E_POINTER;
    }
    if (fail) return E_FAIL;
    *out = s;
    return S_OK;
}

HRESULT FakeMapi::advise(ULONG flags, MAPIOFFLINE_ADVISEINFO* info, ULONG* token) {
    OhFakeAdviseRecord rec{};
    rec.flags = flags;
    bool fail;
    {
        std::lock_guard lock(mu_);
        ++counts_.advise_calls;
        fail = knobs_.fail_advise;
    }
    std::vector<std::string> why;
    ComPtr<IMAPIOfflineNotify> notify;
    if (flags != MAPIOFFLINE_ADVISE_DEFAULT)
        why.push_back("ulFlags " + hex(flags) + " (must be 0)");
    if (!token) why.push_back("pulAdviseToken is NULL");
    if (!info) {
        why.push_back("pAdviseInfo is NULL");
    } else {
        rec.ulSize = info->ulSize;
        if (info->ulSize != sizeof(MAPIOFFLINE_ADVISEINFO)) {
            why.push_back("ulSize " + std::to_string(info->ulSize) + " (expected " +
                          std::to_string(sizeof(MAPIOFFLINE_ADVISEINFO)) + ")");
        } else {
            rec.ulClientToken = info->ulClientToken;
            rec.CallbackType = static_cast<ULONG>(info->CallbackType);
            rec.ulAdviseTypes = info->ulAdviseTypes;
            rec.ulStateMask = info->ulStateMask;
            if (info->CallbackType != MAPIOFFLINE_CALLBACK_TYPE_NOTIFY)
                why.push_back("CallbackType " + std::to_string(rec.CallbackType) +
                              " (expected MAPIOFFLINE_CALLBACK_TYPE_NOTIFY)");
            if (info->ulAdviseTypes != MAPIOFFLINE_ADVISE_TYPE_STATECHANGE)
                why.push_back("ulAdviseTypes " + hex(info->ulAdviseTypes) +
                              " (expected MAPIOFFLINE_ADVISE_TYPE_STATECHANGE)");
            if (info->ulStateMask != MAPIOFFLINE_STATE_ALL)
                why.push_back("ulStateMask " + hex(info->ulStateMask) +
                              " (expected MAPIOFFLINE_STATE_ALL)");
            if (!info->pCallback) {
                why.push_back("pCallback is NULL");
            } else if (FAILED(info->pCallback->QueryInterface(IID_IMAPIOfflineNotify,
                                                              notify.put_void()))) {
                why.push_back("pCallback does not implement IMAPIOfflineNotify");
            } else {
                rec.callback_is_notify = TRUE;
            }
        }
    }
    HRESULT hr = S_OK;
    if (!why.empty()) {
        std::string all;
        for (const auto& w : why) all += (all.empty() ? "" : "; ") + w;
        problem("Advise: " + all);
        hr = E_INVALIDARG;
    } else if (fail) {
        hr = E_FAIL;
    }
    {
        std::lock_guard lock(mu_);
        if (hr == S_OK) {
            rec.token = next_token_++;
            *token = rec.token;
            // Outlook keeps a reference to the sink until Unadvise.
            sinks_.push_back({rec.token, rec.ulClientToken, std::move(notify)});
            ++counts_.advises_ok;
        }
        rec.hr = hr;
        advises_.push_back(rec);
    }
    log("advise size=" + std::to_string(rec.ulSize) + " client-token=" + hex(rec.ulClientToken) +
        " callback-type=" + std::to_string(rec.CallbackType) + " types=" + hex(rec.ulAdviseTypes) +
        " mask=" + hex(rec.ulStateMask) + " -> token=" + std::to_string(rec.token) +
        " hr=" + hr_text(hr));
    return hr;
}

HRESULT FakeMapi::unadvise(ULONG flags, ULONG token) {
    ComPtr<IMAPIOfflineNotify> released;
    HRESULT hr = S_OK;
    bool late = false;
    HWND hwnd = nullptr;
    {
        std::lock_guard lock(mu_);
        ++counts_.unadvise_calls;
        auto it = sinks_.begin();
        while (it != sinks_.end() && it->token != token) ++it;
        if (it == sinks_.end()) {
            hr = E_INVALIDARG;
        } else if (knobs_.fail_unadvise) {
            hr = E_FAIL;
        } else {
            released = std::move(it->notify);
            sinks_.erase(it);
            ++counts_.unadvises_ok;
            late = knobs_.late_notify && window_;
            hwnd = window_;
        }
    }
    if (flags != MAPIOFFLINE_UNADVISE_DEFAULT)
        problem("Unadvise: ulFlags " + hex(flags) + " (must be 0)");
    if (hr == E_INVALIDARG) problem("Unadvise: unknown token " + std::to_string(token));
    log("unadvise token=" + std::to_string(token) + " -> " + hr_text(hr));
    if (late) {
        // "Notify may still arrive after Unadvise": keep the sink for one more call, made from
        // the main thread's message loop after this Unadvise has returned.
        {
            std::lock_guard lock(mu_);
            late_.push_back(std::move(released));
        }
        PostMessageW(hwnd, kMsgLate, 0, 0);
    }
    return hr;
}

HRESULT FakeMapi::set_current_state(ULONG flags, ULONG mask, ULONG state, void* reserved) {
    OhFakeStateRequest req{};
    req.flags = flags;
    req.mask = mask;
    req.state = state;
    req.reserved_null = reserved == nullptr;
    req.on_main_thread = on_main_thread();
    req.inside_notify = t_notify_depth > 0;
    const bool block = (flags & MAPIOFFLINE_FLAG_BLOCK) != 0;

    std::vector<std::string> why;
    HRESULT hr = S_OK;
    if (flags & ~MAPIOFFLINE_FLAG_BLOCK) {
        why.push_back("ulFlags " + hex(flags) + " has unknown bits");
        hr = kMapiUnknownFlags;
    }
    if (mask != MAPIOFFLINE_STATE_OFFLINE_MASK) {
        why.push_back("ulMask " + hex(mask) + " (expected MAPIOFFLINE_STATE_OFFLINE_MASK)");
        hr = E_INVALIDARG;
    }
    if (state != MAPIOFFLINE_STATE_ONLINE && state != MAPIOFFLINE_STATE_OFFLINE) {
        why.push_back("ulState " + hex(state) + " is neither ONLINE nor OFFLINE");
        hr = E_INVALIDARG;
    }
    if (reserved) {
        why.push_back("pReserved is not NULL");
        hr = E_INVALIDARG;
    }
    // Outlook's objects belong to its main thread; requests from scripts must be posted there.
    if (!req.on_main_thread) why.push_back("called off Outlook's main thread");
    if (block && req.inside_notify) {
        why.push_back("MAPIOFFLINE_FLAG_BLOCK inside Notify (deadlocks in Outlook)");
        hr = E_FAIL;
    }

    bool started, fail;
    bool post = false, now = false;
    HWND hwnd;
    {
        std::lock_guard lock(mu_);
        ++counts_.state_requests;
        started = started_;
        fail = knobs_.fail_set_state;
        hwnd = window_;
        if (hr == S_OK) {
            if (!started)
                hr = E_UNEXPECTED;
            else if (fail)
                hr = E_FAIL;
            else if (pending_)
                hr = E_PENDING;
            else if (state == state_)
                hr = S_OK; // already there: nothing to send
            else if (block && req.on_main_thread)
                now = pending_ = true;
            else
                post = pending_ = true;
            if (pending_) pending_state_ = state;
        }
        req.hr = hr;
        requests_.push_back(req);
    }
    for (const auto& w : why) problem("SetCurrentState: " + w);
    log("set-state state=" + state_name(state) + " flags=" + hex(flags) +
        " thread=" + (req.on_main_thread ? "main" : "other") +
        (req.inside_notify ? " in-notify" : "") + " -> " + hr_text(hr) +
        (now    ? " (blocking)"
         : post ? " (async)"
                : ""));

    if (now) {
        complete_change(state);
    } else if (post) {
        PostMessageW(hwnd, kMsgChange, state, 0);
        if (block) {
            // FLAG_BLOCK off the main thread: wait, as the real call would, until it is done.
            for (int i = 0; i < 1000; ++i) {
                {
                    std::lock_guard lock(mu_);
                    if (!pending_) break;
                }
                Sleep(10);
            }
        }
    }
    return hr;
}

void FakeMapi::placeholder_called(const char* which) {
    problem(std::string(which) + " called (a placeholder slot: the client's vtable is off)");
}

void FakeMapi::manager_created() {
    std::lock_guard lock(mu_);
    ++counts_.managers_alive;
}

void FakeMapi::manager_destroyed() {
    std::lock_guard lock(mu_);
    --counts_.managers_alive;
}

} // namespace oh::fake
