-- reconnect_command.lua: runs one command each time Outlook comes back online, for the work
-- that should follow a reconnect (refresh a mapped drive, resync the clock, kick off a sync
-- tool, tell a monitoring agent). Its exit code and output go to the log.

local timefmt = require "timefmt"

-- The program and its arguments, one string each. No shell is involved, so no quoting is
-- needed and nothing in an argument is interpreted. This runs a PowerShell script of your
-- own; replace the path (or the whole command) with what your site needs.
local COMMAND = {
  "powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass",
  "-File", "C:\\ProgramData\\OfflineHooks\\on-reconnect.ps1",
}

-- A command that has not finished by then is stopped, and the log says so.
local TIMEOUT = "2m"

-- Reconnects after shorter offline periods are skipped: a 20-second Wi-Fi drop does not need
-- a resync. Set it to 0 to run the command on every reconnect.
local MIN_OFFLINE_SECONDS = 60

-- Output can be long; the log gets the start of it.
local MAX_OUTPUT = 400

local running = false -- so a flapping network cannot pile up copies of the command

-- The first MAX_OUTPUT bytes of s, without trailing blanks; "(none)" when there is nothing.
local function excerpt(s)
  s = (s or ""):sub(1, MAX_OUTPUT):gsub("%s+$", "")
  if s == "" then
    return "(none)"
  end
  return s
end

local function on_exit(r)
  running = false
  if r.timed_out then
    hooks.log.warn("%s was stopped after %s (timeout); output: %s", COMMAND[1], TIMEOUT,
      excerpt(r.stdout))
  elseif r.code ~= 0 then
    -- r.code is nil when the program could not be started at all.
    hooks.log.warn("%s failed with exit code %s: %s", COMMAND[1], tostring(r.code),
      excerpt(r.stderr ~= "" and r.stderr or r.stdout))
  else
    hooks.log.info("%s finished with exit code 0; output: %s", COMMAND[1], excerpt(r.stdout))
  end
end

-- "online" comes once per reconnect, however Outlook orders its START/CHANGE/DONE
-- notifications, so this cannot run twice for one reconnect.
hooks.on("online", function(e)
  -- e.since is nil when the offline period began before the host was watching; then we
  -- cannot tell a blip from a long absence, and running is the safe choice.
  if e.since and e.since < MIN_OFFLINE_SECONDS then
    hooks.log.debug("back online after %s; shorter than %ds, not running %s",
      timefmt.duration(e.since), MIN_OFFLINE_SECONDS, COMMAND[1])
    return
  end
  if running then
    hooks.log.info("back online, but %s from the last reconnect is still running; not starting it again",
      COMMAND[1])
    return
  end
  -- hooks.run raises when it cannot start the program (the error is logged with this line);
  -- `running` is set only after it returned, so a failed start does not block later ones.
  local id = hooks.run(COMMAND, { timeout = TIMEOUT, on_exit = on_exit })
  running = true
  hooks.log.info("back online after %s: started %s (run %d)", timefmt.duration(e.since),
    COMMAND[1], id)
end)
