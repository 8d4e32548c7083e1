-- offline_notice.lua: tells the user with a desktop notice when Outlook has been offline for
-- a while, and again when it is back, but stays quiet about short drops (a Wi-Fi hiccup,
-- a VPN reconnect): nobody needs a notice for 20 seconds without mail.

local timefmt = require "timefmt"

-- How long Outlook must stay offline before the user hears about it.
local NOTICE_AFTER_MINUTES = 5

local notice_shown = false -- so "back online" is said only to someone told "offline"
local offline_at           -- when the offline period began, for the "back online" text
local startup_timer        -- see the "start" handler

local function show_offline_notice(since)
  notice_shown = true
  offline_at = since
  hooks.notify("Outlook is offline",
    string.format("Outlook has been offline for %s. New mail will not arrive, and mail you send "
      .. "waits in the Outbox until Outlook is back online.", timefmt.duration(os.time() - since)))
end

-- opts.after does the waiting: the handler runs only if Outlook is still offline after that
-- long, and the host cancels it when Outlook comes back first. e is the event of the moment
-- Outlook went offline, so e.time is when the period began.
hooks.on("offline", function(e)
  show_offline_notice(e.time)
end, { after = NOTICE_AFTER_MINUTES * 60 })

-- Outlook can already be offline when the script starts (a laptop opened on a train). No
-- transition comes then, so opts.after never starts counting: a plain timer does the same,
-- checking when it fires that Outlook is still offline.
hooks.on("start", function(e)
  if e.state ~= "offline" then
    return
  end
  local since = e.time
  startup_timer = hooks.after(NOTICE_AFTER_MINUTES * 60, function()
    startup_timer = nil
    if hooks.outlook.state() == "offline" then
      show_offline_notice(since)
    end
  end)
end)

hooks.on("online", function(e)
  if startup_timer then
    startup_timer:cancel()
    startup_timer = nil
  end
  if not notice_shown then
    return
  end
  notice_shown = false
  -- e.since is unknown when Outlook was already offline at start-up; our own record is not.
  local away = e.since or (offline_at and e.time - offline_at)
  hooks.notify("Outlook is back online",
    string.format("Outlook is back online after %s offline.", timefmt.duration(away)))
end)
