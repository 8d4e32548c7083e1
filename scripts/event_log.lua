-- event_log.lua: writes every online/offline transition to the Windows Application event
-- log with eventcreate, so that fleet tooling (Windows Event Forwarding, a SIEM, Intune
-- remediation scripts) can collect Outlook's connectivity history with everything else.
--
-- Event IDs: 100 Outlook went offline, 101 Outlook is back online (with how long it was
-- offline), both from the source below.
--
-- Before the first use, register the source once as an administrator (eventcreate creates
-- a new source only with administrator rights; a GPO or deployment script can do it):
--
--   eventcreate /L APPLICATION /SO "OfflineHooks Scripts" /T INFORMATION /ID 1 /D "Source registered"
--
-- The source differs from the add-in's own one because eventcreate writes only under
-- sources it registered itself.

local timefmt = require "timefmt"

local SOURCE = "OfflineHooks Scripts"
local EVENT_ID = { offline = 100, online = 101 }

-- eventcreate takes a fraction of a second; more than this many still running means it is
-- hanging, and starting more would only pile them up (the host allows 8 per script). A
-- hanging one is stopped at TIMEOUT, and on_exit then counts it as no longer running.
local MAX_RUNNING = 4
local TIMEOUT = "30s"

local running = 0
local explained = false -- each failure is logged; the first also says how to fix the usual cause

local function on_exit(r)
  running = running - 1
  if r.code == 0 then
    return
  end
  local why = r.timed_out and "timed out" or ("exit code " .. tostring(r.code))
  -- A command stopped at its timeout usually has said nothing: say so rather than end the
  -- line with an empty excerpt.
  local output = ((r.stderr ~= "" and r.stderr or r.stdout) or ""):sub(1, 300)
  if output == "" then
    hooks.log.warn("eventcreate failed (%s, no output)", why)
  else
    hooks.log.warn("eventcreate failed (%s): %s", why, output)
  end
  if not explained then
    explained = true
    hooks.log.warn("if the source \"%s\" is not registered yet, see the top of %s",
      SOURCE, hooks.script.path)
  end
end

local function write_event(e)
  if running >= MAX_RUNNING then
    hooks.log.warn("%d eventcreate commands are still running; not writing: Outlook is %s",
      running, e.state)
    return
  end
  local text = string.format("Outlook (profile %s) is %s; it was %s for %s.", e.profile or "?",
    e.state, e.previous or "in an unknown state", timefmt.duration(e.since))
  if e.cause and e.cause ~= "outlook" then
    text = text .. " Requested by " .. e.cause .. "."
  end
  -- Arguments are passed as they are (no shell), so the text needs no quoting.
  hooks.run({
    "eventcreate", "/L", "APPLICATION", "/SO", SOURCE,
    "/T", e.state == "offline" and "WARNING" or "INFORMATION",
    "/ID", tostring(EVENT_ID[e.state]), "/D", text,
  }, { timeout = TIMEOUT, on_exit = on_exit })
  running = running + 1
end

hooks.on("offline", write_event)
hooks.on("online", write_event)
