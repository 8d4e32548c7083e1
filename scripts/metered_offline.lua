-- metered_offline.lua: keeps Outlook offline while the computer is on a metered connection
-- (a phone hotspot, a mobile data plan, a network the user marked as metered), so that a
-- large mailbox does not synchronise over it; brings Outlook back online once the connection
-- is no longer metered.
--
-- It runs PROBE, a small program that prints what kind of connection this is, at start-up,
-- whenever Outlook reconnects (a new network is the usual reason), and every CHECK_EVERY in
-- between. It only ever brings Outlook back online if it was this script that took it
-- offline, and when the user puts Outlook back online by hand while still metered, it
-- respects that until the next time the connection changes.

-- How often to look at the connection between reconnects.
local CHECK_EVERY = "5m"

-- Prints the cost type of the current Internet connection (Unrestricted, Fixed, Variable,
-- Unknown), then "Roaming" and "OverDataLimit" when they apply, or "None" with no
-- connection. Windows PowerShell 5.1 (powershell.exe) is needed for the Windows Runtime
-- type; PowerShell 7 cannot load it. Any program that prints one of METERED_WORDS when the
-- connection is metered will do instead.
local PROBE = {
  "powershell.exe", "-NoProfile", "-NonInteractive", "-Command",
  "$p = [Windows.Networking.Connectivity.NetworkInformation, Windows.Networking.Connectivity, "
    .. "ContentType = WindowsRuntime]::GetInternetConnectionProfile(); "
    .. "if ($p) { $c = $p.GetConnectionCost(); $c.NetworkCostType; "
    .. "if ($c.Roaming) { 'Roaming' }; if ($c.OverDataLimit) { 'OverDataLimit' } } else { 'None' }",
}
local PROBE_TIMEOUT = "30s"

-- Words in the probe's output that mean "metered" (whole words, any case).
local METERED_WORDS = { fixed = true, variable = true, roaming = true, overdatalimit = true }

-- Kept in the store so that, after a restart or a reload, the script still knows that it was
-- the one that took Outlook offline and may bring it back.
local TOOK_OFFLINE = "took_offline"

local probing = false      -- a probe is running: do not start another
local last_metered = nil   -- what the previous probe said (nil: no answer yet)
local user_override = false -- the user went online by hand while metered

local function is_metered(output)
  for word in output:gmatch("%a+") do
    if METERED_WORDS[word:lower()] then
      return true
    end
  end
  return false
end

-- Asks Outlook to change state; set_state refuses (nil and a message) past its rate limit or
-- when Outlook will not change now. Nothing is lost then: the next check tries again.
local function request(state, why)
  local ok, err = hooks.outlook.set_state(state)
  if not ok then
    hooks.log.warn("could not put Outlook %s (%s): %s; trying again at the next check", state, why,
      tostring(err))
    return false
  end
  hooks.log.info("putting Outlook %s: %s", state, why)
  return true
end

local function act(metered)
  local changed = metered ~= last_metered
  last_metered = metered
  if changed then
    user_override = false -- a new connection: the user's last word was about the old one
  end
  local state = hooks.outlook.state()
  if metered then
    -- Already offline (the user's doing or ours): nothing to do, and nothing to claim.
    if state == "online" and not user_override then
      if request("offline", "the connection is metered") then
        hooks.store.set(TOOK_OFFLINE, true)
      end
    end
  elseif hooks.store.get(TOOK_OFFLINE) then
    -- Cleared before asking, so that the "online" this causes is never taken for the
    -- user's doing (see the "online" handler below); put back if Outlook refuses.
    hooks.store.set(TOOK_OFFLINE, nil)
    if state == "offline" and not request("online", "the connection is no longer metered") then
      hooks.store.set(TOOK_OFFLINE, true)
    end
  end
end

local function on_probe_exit(r)
  probing = false
  if r.timed_out or r.code ~= 0 then
    -- Without an answer, leave Outlook as it is rather than guess.
    local why = r.timed_out and "timed out" or ("exit code " .. tostring(r.code))
    local output = (r.stderr or ""):sub(1, 300)
    if output == "" then
      -- A probe stopped at its timeout usually has said nothing.
      hooks.log.warn("connection probe failed (%s, no output)", why)
    else
      hooks.log.warn("connection probe failed (%s): %s", why, output)
    end
    return
  end
  act(is_metered(r.stdout or ""))
end

local function check()
  if probing then
    return -- the last probe has not answered yet; its answer is as good as a new one
  end
  hooks.run(PROBE, { timeout = PROBE_TIMEOUT, on_exit = on_probe_exit })
  probing = true
end

hooks.on("start", check)
hooks.every(CHECK_EVERY, check)

local MY_CAUSE = "script:" .. hooks.script.name

hooks.on("online", function(e)
  if e.cause == MY_CAUSE then
    return -- our own doing: the probe has just said the connection is fine
  end
  -- Outlook coming online while we hold it offline for a metered connection: the user (or
  -- another script) wants mail now. Stand back until the connection changes.
  if hooks.store.get(TOOK_OFFLINE) then
    hooks.store.set(TOOK_OFFLINE, nil)
    if last_metered then
      user_override = true
      hooks.log.info("Outlook was put back online by hand on a metered connection; leaving it "
        .. "online until the connection changes")
    end
    return
  end
  -- Otherwise a reconnect often means a new network: look at it now, not minutes later.
  check()
end)
