#include "notify_decode.h"

#include <cstddef>

namespace oh {

// ulStateOld/ulStateNew (and GetCurrentState) hold OFFLINE or ONLINE in the bits of the
// offline mask; other bits are not ours to judge, so only the masked bits are read.
State decode_state(ULONG v) {
    switch (v & MAPIOFFLINE_STATE_OFFLINE_MASK) {
    case MAPIOFFLINE_STATE_OFFLINE:
        return State::offline;
    case MAPIOFFLINE_STATE_ONLINE:
        return State::online;
    default:
        return State::unknown;
    }
}

Result<Notification> decode_notification(const MAPIOFFLINE_NOTIFY* p) {
    if (!p) return fail("NULL notification pointer");
    Notification out;
    // ulSize is the first field: read it alone before trusting anything else.
    out.raw_size = p->ulSize;
    if (p->ulSize < sizeof(MAPIOFFLINE_NOTIFY))
        return fail("ulSize too small for MAPIOFFLINE_NOTIFY");
    out.raw_type = static_cast<std::uint32_t>(p->NotifyType);
    out.token = p->ulClientToken;
    out.raw_mask = p->Info.StateChange.ulMask;
    out.raw_old = p->Info.StateChange.ulStateOld;
    out.raw_new = p->Info.StateChange.ulStateNew;
    switch (p->NotifyType) {
    case MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_START:
        out.phase = Phase::start;
        break;
    case MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE:
        out.phase = Phase::change;
        break;
    case MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_DONE:
        out.phase = Phase::done;
        break;
    default:
        return fail("NotifyType is not STATECHANGE_START, STATECHANGE or STATECHANGE_DONE");
    }
    if (out.raw_mask != MAPIOFFLINE_STATE_OFFLINE_MASK)
        return fail("ulMask is not MAPIOFFLINE_STATE_OFFLINE_MASK (not an online/offline change)");
    out.old_state = decode_state(out.raw_old);
    out.new_state = decode_state(out.raw_new);
    if (out.old_state == State::unknown) return fail("ulStateOld is neither OFFLINE nor ONLINE");
    if (out.new_state == State::unknown) return fail("ulStateNew is neither OFFLINE nor ONLINE");
    return out;
}

} // namespace oh
