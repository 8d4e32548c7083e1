// The one check of a MAPIOFFLINE_NOTIFY, as the Offline State API requires: used by the
// sink for Outlook's notifications and by the fake host to explain what it sent.
#pragma once

#include "event.h"
#include "offline_api.h"

namespace oh {

// Fills `out` (all but seq and coalesced) and returns nullptr for a supported online/offline
// change; otherwise returns why the notification is ignored. Never reads past ulSize.
const char* decode_notification(const MAPIOFFLINE_NOTIFY* p, Notification& out) noexcept;

} // namespace oh
