// The one check of a MAPIOFFLINE_NOTIFY, as the Offline State API requires: used by the
// sink for Outlook's notifications and by the fake host to explain what it sent.
#pragma once

#include "event.h"
#include "offline_api.h"
#include "result.h"

namespace oh {

// Online or offline from a MAPIOFFLINE_STATE_* value (only the bits of
// MAPIOFFLINE_STATE_OFFLINE_MASK are read); unknown for anything else.
State decode_state(ULONG v);

// The notification (all but seq and coalesced) for a supported online/offline change;
// otherwise fails saying why the notification is ignored. Never reads past ulSize.
Result<Notification> decode_notification(const MAPIOFFLINE_NOTIFY* p);

} // namespace oh
