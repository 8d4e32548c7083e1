-- network_drop_notice.lua: tells the user with a desktop notice when Outlook lost its
-- connection (the network dropped, the VPN went away), and says nothing when they chose Work
-- Offline themselves: they know, and a notice would only nag them.

local timefmt = require "timefmt"

-- Why Outlook went offline, as e.reason says it. "network" is a lost connection; add
-- "unknown" to be told also when OfflineHooks could not read why (no Exchange account, or
-- Outlook did not answer in time). "user" (Work Offline) is what this recipe leaves out.
local REASONS = { "network" }

-- A drop shorter than this is noise (a Wi-Fi hiccup); 0 tells at once.
local NOTICE_AFTER = "1m"

local notice_shown = false -- so "connected again" is said only to someone told "lost"

-- opts.reason does the choosing: the handler runs only for the offline events whose e.reason
-- is listed. opts.after does the waiting, as in offline_notice.lua: e is the event of the
-- moment Outlook went offline, and the call is cancelled when Outlook is back first.
hooks.on("offline", function(e)
  notice_shown = true
  hooks.notify("Outlook lost its connection",
    string.format("Outlook has had no connection since %s (%s). New mail will not arrive, and "
      .. "mail you send waits in the Outbox until the connection is back.",
      timefmt.clock(e.time), e.mode))
end, { reason = REASONS, after = NOTICE_AFTER })

-- An online event's e.reason is that of the offline period it ends; notice_shown already
-- says whether this period was one the user heard about.
hooks.on("online", function(e)
  if not notice_shown then
    return
  end
  notice_shown = false
  hooks.notify("Outlook is connected again",
    string.format("Outlook is back online after %s without a connection.", timefmt.duration(e.since)))
end)
