-- transition_log.lua: one log line for every time Outlook goes offline or comes back online,
-- saying how long the previous state lasted. The log is
-- %LOCALAPPDATA%\OfflineHooks\ on Windows; `fakehost run` prints it in its transcript.
--
--   [info] transition_log: offline at 09:20 (was online for 17m 40s)
--   [info] transition_log: online at 10:05 (was offline for 45m)
--
-- Every raw notification is also logged at debug level, which is what you want to see when
-- Outlook's START/CHANGE/DONE sequence itself is in question.

local timefmt = require "timefmt"

-- When this script started. The host measures e.since from the last transition it saw, so
-- the first transition after start-up has no e.since; we can still say "at least" this long.
local started_at

-- "17m 40s", "at least 5m" or "an unknown time".
local function describe_since(e)
  if e.since then
    return timefmt.duration(e.since)
  end
  if started_at then
    return "at least " .. timefmt.duration(e.time - started_at)
  end
  return "an unknown time"
end

-- Transitions a script asked for (hooks.outlook.set_state) say which one, so that a
-- surprising "offline" in the log can be traced to the script that caused it.
local function describe_cause(e)
  if e.cause and e.cause ~= "outlook" then
    return ", requested by " .. e.cause
  end
  return ""
end

local function log_transition(e)
  hooks.log.info("%s at %s (was %s for %s%s)", e.state, timefmt.clock(e.time),
    e.previous or "in an unknown state", describe_since(e), describe_cause(e))
end

hooks.on("start", function(e)
  started_at = e.time
  hooks.log.info("Outlook is %s at start-up (profile %s)", e.state, e.profile or "?")
end)

-- "offline" and "online" come once per transition, even when Outlook skips or repeats a
-- phase, so counting these lines counts real transitions.
hooks.on("offline", log_transition)
hooks.on("online", log_transition)

-- The values go in unformatted (%s takes any value, nil too): when debug lines are not shown,
-- hooks.log.debug returns before formatting, so this line costs next to nothing then.
hooks.on("change", function(e)
  hooks.log.debug("notification #%s: %s, %s -> %s", e.seq, e.phase or "?",
    e.previous or "?", e.state)
end)
