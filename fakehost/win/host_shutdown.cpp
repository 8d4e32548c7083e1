// The second half of a stand-in run (host_run.h): the scenario, shutdown, the final release
// and what the MAPI side saw.
#include "host_run.h"

#include "offline_text.h"

#include <cstdio>

namespace oh::win {

bool HostRun::play(const Step& step) {
    switch (step.kind) {
    case Step::Wait:
        pump(step.ms, nullptr);
        return true;
    case Step::Go:
        if (mapi_) mapi_->emit_transition(step.state, step.phases);
        return true;
    case Step::Mode:
        stats_.exchange_mode = step.mode;
        return true;
    case Step::Raw:
        if (mapi_) mapi_->emit_raw(step.raw);
        return true;
    case Step::ExpectAdvised:
        return mapi_ && pump(opt_.timeout_ms, [&] { return mapi_->counts().advised_now > 0; });
    case Step::ExpectRequests:
        return mapi_ &&
               pump(opt_.timeout_ms, [&] { return mapi_->counts().state_requests >= step.count; });
    case Step::ExpectModeReads:
        return pump(opt_.timeout_ms, [&] { return stats_.mode_reads >= long(step.count); });
    case Step::ExpectSendAndReceive:
        return pump(opt_.timeout_ms, [&] { return stats_.send_and_receive >= long(step.count); });
    case Step::ExpectIdle:
        return mapi_ && pump(opt_.timeout_ms, [&] { return !mapi_->counts().change_pending; });
    case Step::Ribbon:
        return play_ribbon(step);
    case Step::ExpectFile:
        return pump(opt_.timeout_ms, [&] {
            return GetFileAttributesW(step.path.c_str()) != INVALID_FILE_ATTRIBUTES;
        });
    }
    return true;
}

bool HostRun::play_ribbon(const Step& step) {
    if (!ribbon_) ribbon_.emplace(addin_.get(), out_);
    switch (step.ribbon) {
    case Step::All:
        ribbon_->run_all();
        return true;
    case Step::Refresh:
        ribbon_->refresh();
        return true;
    case Step::Click:
        ribbon_->click(step.control);
        return true;
    case Step::ExpectLabel:
        return pump(opt_.timeout_ms,
                    [&] { return ribbon_->label_contains(step.control, step.expected); });
    case Step::ExpectInvalidated:
        return pump(opt_.timeout_ms,
                    [&] { return ribbon_->invalidated_since_refresh(step.control) > 0; });
    }
    return true;
}

void HostRun::play_steps() {
    for (const Step& step : opt_.steps) {
        out_.line("step: " + step.text);
        if (!play(step))
            out_.misbehavior("timed out after " + std::to_string(opt_.timeout_ms) +
                             " ms: " + step.text);
    }
    pump(opt_.settle_ms, nullptr);
}

// As Outlook 2010+ does it: the calls only for an add-in that asked for them.
void HostRun::shut_down() {
    if (!notify_shutdown_) {
        out_.line("shutdown: fast (no RequireShutdownNotification=1: Outlook skips "
                  "OnBeginShutdown/OnDisconnection)");
        return;
    }
    double ms = call_addin("on-begin-shutdown:", "OnBeginShutdown failed",
                           [&](SAFEARRAY** custom) { return addin_->OnBeginShutdown(custom); });
    // Outlook's window goes on processing messages while it closes: whatever was posted
    // during OnBeginShutdown (a late notification, the add-in's own messages) runs now.
    pump(0, nullptr);
    ms += call_addin(
        "on-disconnection: mode=host-shutdown", "OnDisconnection failed",
        [&](SAFEARRAY** custom) { return addin_->OnDisconnection(ext_dm_HostShutdown, custom); });
    if (ms > opt_.max_shutdown_ms)
        out_.misbehavior("shutdown took " + ms_text(ms) + " ms (limit " +
                         ms_text(opt_.max_shutdown_ms) + " ms)");
    if (mapi_) {
        const auto c = mapi_->counts();
        if (c.advised_now > 0)
            out_.misbehavior("still advised after OnDisconnection (" +
                             std::to_string(c.advised_now) + " sink(s))");
    }
    out_.line("threads: before-activation=" + std::to_string(threads_before_) +
              " after-disconnection=" + std::to_string(thread_count()));
}

// Outlook lets go of the add-in and of its own objects; COM may unload the DLL.
void HostRun::release_addin() {
    application_.reset();
    comaddin_.reset();
    if (ribbon_) ribbon_->release_addin();
    IDTExtensibility2* raw_addin = addin_.get();
    raw_addin->AddRef();
    addin_.reset();
    const ULONG refs = raw_addin->Release(); // what is left once Outlook's reference is gone
    CoFreeUnusedLibrariesEx(0, 0);
    const bool unloaded = addin_module_ && !GetModuleHandleW(dll_path_.c_str());
    out_.line("release: refs=" + std::to_string(refs) +
              " dll-unloaded=" + (unloaded ? "yes" : "no"));
    if (notify_shutdown_) {
        if (refs != 0)
            out_.misbehavior("the add-in object still has " + std::to_string(refs) +
                             " reference(s) after Outlook released it");
        if (stats_.alive > 0)
            out_.misbehavior(std::to_string(stats_.alive.load()) +
                             " Outlook object(s) (Application/Session/COMAddIn) never released");
    }
    out_.line(object_model_report(stats_));
    if (stats_.wrong_thread_calls > 0)
        out_.misbehavior(std::to_string(stats_.wrong_thread_calls.load()) +
                         " object-model call(s) off Outlook's main thread (RPC_E_WRONG_THREAD)");
    if (ribbon_) ribbon_->report(notify_shutdown_);
}

void HostRun::report_advises() {
    const auto advises = mapi_->advises();
    for (std::size_t i = 0; i < advises.size(); ++i) {
        const auto& a = advises[i];
        char buf[256];
        std::snprintf(
            buf, sizeof buf,
            "advise[%zu]: size=%lu client-token=0x%08lX callback-type=%lu "
            "types=0x%lX mask=0x%08lX notify-sink=%s token=%lu hr=%s",
            i, static_cast<unsigned long>(a.ulSize), static_cast<unsigned long>(a.ulClientToken),
            static_cast<unsigned long>(a.CallbackType), static_cast<unsigned long>(a.ulAdviseTypes),
            static_cast<unsigned long>(a.ulStateMask), a.callback_is_notify ? "yes" : "no",
            static_cast<unsigned long>(a.token), hresult_hex(a.hr).c_str());
        out_.line(buf);
    }
}

void HostRun::report_requests() {
    const auto requests = mapi_->requests();
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const auto& r = requests[i];
        char buf[256];
        std::snprintf(buf, sizeof buf,
                      "request[%zu]: state=%s flags=0x%lX mask=0x%lX thread=%s%s hr=%s", i,
                      offline_state_text(r.state).c_str(), static_cast<unsigned long>(r.flags),
                      static_cast<unsigned long>(r.mask), r.on_main_thread ? "main" : "other",
                      r.inside_notify ? " in-notify" : "", hresult_hex(r.hr).c_str());
        out_.line(buf);
    }
}

void HostRun::report_mapi() {
    if (!mapi_) return;
    const auto c = mapi_->counts();
    out_.line("counts: opens=" + std::to_string(c.opens) + " opens-ok=" +
              std::to_string(c.opens_ok) + " capabilities=" + std::to_string(c.capability_calls) +
              " get-state=" + std::to_string(c.get_state_calls) + " advise=" +
              std::to_string(c.advise_calls) + " advise-ok=" + std::to_string(c.advises_ok) +
              " unadvise=" + std::to_string(c.unadvise_calls) + " unadvise-ok=" +
              std::to_string(c.unadvises_ok) + " advised-now=" + std::to_string(c.advised_now) +
              " notify-calls=" + std::to_string(c.notify_calls) + " transitions=" +
              std::to_string(c.transitions) + " requests=" + std::to_string(c.state_requests) +
              " late-notifies=" + std::to_string(c.late_notifies) + " managers-alive=" +
              std::to_string(c.managers_alive) + " state=" + offline_state_text(c.current_state) +
              " problems=" + std::to_string(c.problems));
    report_advises();
    report_requests();
    if (c.opens_ok > 0 && mapi_->profile_name() != opt_.profile)
        out_.misbehavior("HrOpenOfflineObj got profile " + quoted(mapi_->profile_name()) +
                         ", Outlook's is " + quoted(opt_.profile));
    if (notify_shutdown_ && c.managers_alive > 0)
        out_.misbehavior(std::to_string(c.managers_alive) +
                         " IMAPIOfflineMgr object(s) never released");
    for (const auto& p : mapi_->problems()) out_.misbehavior("MAPI protocol: " + p);
}

int HostRun::verdict() {
    const std::size_t bad = out_.misbehaviors();
    out_.line(bad == 0 ? "result: ok" : "result: FAIL (" + std::to_string(bad) + " problem(s))");
    return bad == 0 ? kExitOk : kExitMisbehavior;
}

} // namespace oh::win
