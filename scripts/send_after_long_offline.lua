-- send_after_long_offline.lua: after a long time offline, mail written meanwhile waits in
-- the Outbox and new mail on the server, until Outlook's next scheduled Send/Receive. This
-- asks Outlook for a Send/Receive as soon as it is back online, after more than
-- MIN_OFFLINE_MINUTES offline. Short drops need none: Outlook catches up by itself.

local timefmt = require "timefmt"

-- Only reconnects after a longer offline period ask for a Send/Receive.
local MIN_OFFLINE_MINUTES = 10

local offline_since -- when Outlook was already offline at start-up (see the "start" handler)

-- Outlook can be offline when the script starts (opened on a train). Its first reconnect
-- then has no e.since (no transition was seen); count from start-up instead, a lower bound.
hooks.on("start", function(e)
  offline_since = e.state == "offline" and e.time or nil
end)

-- "online" comes once per reconnect, whatever Outlook's START/CHANGE/DONE do; e.since is
-- how long Outlook was offline.
hooks.on("online", function(e)
  local away = e.since or (offline_since and e.time - offline_since)
  offline_since = nil
  if not away or away <= MIN_OFFLINE_MINUTES * 60 then
    return
  end
  -- Returns at once: Outlook runs the Send/Receive on its own. Refused (nil, message) past
  -- the rate limit, which a reconnect after 10 minutes cannot reach, or when Outlook says no.
  local ok, message = hooks.outlook.send_receive()
  if ok then
    hooks.log.info("back online after %s offline: asked Outlook to Send/Receive",
      timefmt.duration(away))
  else
    hooks.log.warn("back online after %s offline, but Send/Receive was refused: %s",
      timefmt.duration(away), message)
  end
end)
