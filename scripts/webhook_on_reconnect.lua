-- webhook_on_reconnect.lua: posts a message to a chat channel (Microsoft Teams workflow,
-- Slack, Mattermost, Rocket.Chat, ...) when Outlook is back online after a long offline
-- period, so that a help desk sees at a glance which machines had trouble and for how long.
--
-- It runs curl, which ships with Windows 10 (1803) and later as curl.exe.

local timefmt = require "timefmt"

-- Where to post. The environment variable lets one copy of the script serve many machines
-- with different channels; the fallback below is a placeholder that goes nowhere.
local WEBHOOK_URL = os.getenv("OFFLINEHOOKS_WEBHOOK_URL")
  or "https://chat.example.com/hooks/REPLACE-WITH-YOUR-WEBHOOK"

-- Only offline periods at least this long are worth a message (seconds).
local MIN_OFFLINE_SECONDS = 10 * 60

-- Who is talking: the computer and user, as Windows names them.
local WHO = string.format("%s on %s", os.getenv("USERNAME") or "someone",
  os.getenv("COMPUTERNAME") or "this computer")

-- A Lua string as a JSON string literal. Control characters, quotes and backslashes must be
-- escaped; everything else, UTF-8 included, may stand as it is.
local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return string.format("\\u%04x", c:byte())
  end) .. '"'
end

local function on_exit(r)
  if r.code == 0 then
    hooks.log.debug("webhook posted")
  else
    -- curl --fail turns HTTP errors into exit code 22; --show-error puts the reason on stderr.
    local why = r.timed_out and "timed out" or ("curl exit code " .. tostring(r.code))
    local output = (r.stderr or ""):sub(1, 300)
    if output == "" then
      -- curl stopped at the timeout has usually said nothing.
      hooks.log.warn("posting to the webhook failed (%s, no output)", why)
    else
      hooks.log.warn("posting to the webhook failed (%s): %s", why, output)
    end
  end
end

hooks.on("online", function(e)
  -- e.since is unknown when the period began before the host was watching: skip, as we
  -- cannot say anything true about it.
  if not e.since or e.since < MIN_OFFLINE_SECONDS then
    return
  end
  -- A script that brings Outlook back (metered_offline.lua, say) also took it offline: a
  -- planned absence, not trouble for the help desk.
  if e.cause ~= "outlook" then
    return
  end
  local text = string.format("Outlook for %s (profile %s) is back online after %s offline, since %s.",
    WHO, e.profile or "?", timefmt.duration(e.since), timefmt.clock(e.time - e.since))
  -- No shell is involved: the JSON body is one argument, passed to curl as it is.
  hooks.run({
    "curl", "--silent", "--show-error", "--fail", "--max-time", "20",
    "--header", "Content-Type: application/json",
    "--data", '{"text":' .. json_string(text) .. "}",
    WEBHOOK_URL,
  }, { timeout = "30s", on_exit = on_exit })
end)
