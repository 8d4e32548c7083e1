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
local offline_since        -- when the period the notice is about began
local startup_timer        -- see the "start" handler

local function show_notice(since, mode)
  notice_shown = true
  offline_since = since
  hooks.notify("Outlook lost its connection",
    string.format("Outlook has had no connection since %s (%s). New mail will not arrive, and "
      .. "mail you send waits in the Outbox until the connection is back.",
      timefmt.clock(since), mode))
end

-- opts.reason does the choosing: the handler runs only for the offline events whose e.reason
-- is listed. opts.after does the waiting, as in offline_notice.lua: e is the event of the
-- moment Outlook went offline, and the call is cancelled when Outlook is back first.
hooks.on("offline", function(e)
  show_notice(e.time, e.mode)
end, { reason = REASONS, after = NOTICE_AFTER })

-- Outlook can already be offline when the script starts; e.reason of "start" is then why
-- (the add-in reads the mode at start-up too). No transition comes, so a plain timer waits,
-- checking when it fires that Outlook is still offline.
hooks.on("start", function(e)
  if e.state ~= "offline" then
    return
  end
  startup_timer = hooks.after(NOTICE_AFTER, function()
    startup_timer = nil
    if hooks.outlook.state() == "offline" then
      show_notice(e.time, e.mode)
    end
  end)
end, { reason = REASONS })

-- An online event's e.reason is that of the offline period it ends; notice_shown already
-- says whether this period was one the user heard about.
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
  hooks.notify("Outlook is connected again",
    string.format("Outlook is back online after %s without a connection.",
      timefmt.duration(e.since or (e.time - offline_since))))
end)
