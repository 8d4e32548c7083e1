#include "probe.h"

#include <cstdio>

namespace probe {

Sink::Sink(HWND bounce_to) : bounce_to_(bounce_to) {
    ++g_module_refs;
}
Sink::~Sink() {
    --g_module_refs;
}

void STDMETHODCALLTYPE Sink::Notify(const MAPIOFFLINE_NOTIFY* n) {
    if (!n) {
        log("notify null ignored");
        return;
    }
    // The documented checks, before Info.StateChange is read: the size covers it, the type is
    // one of the three state-change phases, and the mask is the online/offline one.
    const bool size_ok = n->ulSize >= sizeof(MAPIOFFLINE_NOTIFY);
    const bool type_ok = n->NotifyType == MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_START ||
                         n->NotifyType == MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE ||
                         n->NotifyType == MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_DONE;
    const bool mask_ok = size_ok && n->Info.StateChange.ulMask == MAPIOFFLINE_STATE_OFFLINE_MASK;
    char line[200];
    std::snprintf(line, sizeof line,
                  "notify size=%lu type=%lu token=0x%08lX mask=0x%lX old=%lu new=%lu%s%s",
                  static_cast<unsigned long>(n->ulSize), static_cast<unsigned long>(n->NotifyType),
                  static_cast<unsigned long>(n->ulClientToken),
                  static_cast<unsigned long>(size_ok ? n->Info.StateChange.ulMask : 0),
                  static_cast<unsigned long>(size_ok ? n->Info.StateChange.ulStateOld : 0),
                  static_cast<unsigned long>(size_ok ? n->Info.StateChange.ulStateNew : 0),
                  size_ok && type_ok && mask_ok ? "" : " ignored", detached_ ? " late" : "");
    log(line);
    if (detached_ || !size_ok || !type_ok || !mask_ok) return;
    if (n->NotifyType == MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_DONE &&
        n->Info.StateChange.ulStateNew == MAPIOFFLINE_STATE_OFFLINE) {
        // Never call SetCurrentState from inside Notify: hand it to the main thread's loop.
        if (HWND w = bounce_to_) PostMessageW(w, kMsgRequestOnline, 0, 0);
    }
}

} // namespace probe
