// The MAPI side of the stand-in (fake_mapi.h): what the add-in calls through HrOpenOfflineObj
// and IMAPIOfflineMgr, each call checked against the documented rules (a violation is recorded
// as a problem the host reports) and logged.
#include "fake_mapi.h"

#include "offline_mgr.h"
#include "offline_text.h"
#include "utf16.h"

#include <new>

namespace oh::fake {

HRESULT FakeMapi::open(ULONG flags, LPCWSTR profile, const GUID* guid, const GUID* instance,
                       IMAPIOfflineMgr** out) {
    bool started, fail;
    {
        std::lock_guard lock(mu_);
        ++counts_.opens;
        started = started_;
        fail = knobs_.fail_open;
    }
    const std::string name = profile ? oh::win::to_utf8(profile) : std::string("(null)");
    auto refuse = [&](HRESULT hr, const std::string& why) {
        if (!why.empty()) problem("HrOpenOfflineObj: " + why);
        log("open profile=\"" + name + "\" -> " + hresult_hex(hr));
        return hr;
    };
    if (!out) return refuse(E_POINTER, "ppOffline is NULL");
    *out = nullptr;
    // Outside outlook.exe the real one answers MAPI_E_NOT_FOUND: so does this one until a host
    // has started it (or when told to fail).
    if (!started) return refuse(MAPI_E_NOT_FOUND, "");
    if (fail) return refuse(MAPI_E_NOT_FOUND, "");
    if (flags != 0) return refuse(kMapiUnknownFlags, "ulFlags " + hex8(flags) + " (must be 0)");
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
    log("open profile=\"" + name + "\" -> " + hresult_hex(S_OK));
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
    log("capabilities mask=" + capability_mask_text(*out) + " -> " + hresult_hex(hr));
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
        why.push_back("ulFlags " + hex8(flags) + " (must be 0)");
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
                why.push_back("ulAdviseTypes " + hex8(info->ulAdviseTypes) +
                              " (expected MAPIOFFLINE_ADVISE_TYPE_STATECHANGE)");
            if (info->ulStateMask != MAPIOFFLINE_STATE_ALL)
                why.push_back("ulStateMask " + hex8(info->ulStateMask) +
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
    log("advise size=" + std::to_string(rec.ulSize) + " client-token=" + hex8(rec.ulClientToken) +
        " callback-type=" + std::to_string(rec.CallbackType) + " types=" + hex8(rec.ulAdviseTypes) +
        " mask=" + hex8(rec.ulStateMask) + " -> token=" + std::to_string(rec.token) +
        " hr=" + hresult_hex(hr));
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
        problem("Unadvise: ulFlags " + hex8(flags) + " (must be 0)");
    if (hr == E_INVALIDARG) problem("Unadvise: unknown token " + std::to_string(token));
    log("unadvise token=" + std::to_string(token) + " -> " + hresult_hex(hr));
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
    req.inside_notify = notify_depth_ > 0;
    const bool block = (flags & MAPIOFFLINE_FLAG_BLOCK) != 0;

    std::vector<std::string> why;
    HRESULT hr = S_OK;
    if (flags & ~MAPIOFFLINE_FLAG_BLOCK) {
        why.push_back("ulFlags " + hex8(flags) + " has unknown bits");
        hr = kMapiUnknownFlags;
    }
    if (mask != MAPIOFFLINE_STATE_OFFLINE_MASK) {
        why.push_back("ulMask " + hex8(mask) + " (expected MAPIOFFLINE_STATE_OFFLINE_MASK)");
        hr = E_INVALIDARG;
    }
    if (state != MAPIOFFLINE_STATE_ONLINE && state != MAPIOFFLINE_STATE_OFFLINE) {
        why.push_back("ulState " + hex8(state) + " is neither ONLINE nor OFFLINE");
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
    log("set-state state=" + offline_state_text(state) + " flags=" + hex8(flags) +
        " thread=" + (req.on_main_thread ? "main" : "other") +
        (req.inside_notify ? " in-notify" : "") + " -> " + hresult_hex(hr) +
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
