-- debounce_flapping.lua: a pattern for reacting to the connection only once it has settled,
-- and a warning when it will not settle.
--
-- A weak Wi-Fi signal or a struggling VPN can take Outlook offline and online many times a
-- minute. Reacting to each change (a notice, a command, a message) is noise at best. Here a
-- state counts as *settled* once it has held for SETTLE_SECONDS; on_settled() is called only
-- when the settled state really changes, so a dozen flaps between two settled "online"s
-- cause nothing. Put your own reaction in on_settled().
--
-- Separately, FLAP_COUNT transitions within FLAP_WINDOW_SECONDS earn one desktop notice that
-- the connection is unstable (and one only, until it settles again).

local timefmt = require "timefmt"

local SETTLE_SECONDS = 2 * 60
local FLAP_COUNT = 6             -- transitions (3 drops and 3 returns) ...
local FLAP_WINDOW_SECONDS = 10 * 60 -- ... within this long mean "unstable"

local settled               -- the last settled state: "online", "offline" (or "unknown")
local settled_at            -- when that state began
local recent = {}           -- times of the transitions within the window, oldest first
local warned = false        -- the unstable notice was shown for the current bout

-- Your reaction to a settled change goes here.
local function on_settled(state, previous, held_before)
  hooks.log.info("connection settled: Outlook is %s (was %s for %s)", state, previous,
    timefmt.duration(held_before))
end

local function settle(e)
  -- A settled state ends the bout of flapping: the next bout is counted afresh.
  warned, recent = false, {}
  if e.state == settled then
    return -- it flapped and came back: nothing changed for anyone who waited
  end
  local previous, held = settled, settled_at and (e.time - settled_at)
  settled, settled_at = e.state, e.time
  on_settled(e.state, previous or "unknown", held)
end

local function count_flap(e)
  recent[#recent + 1] = e.time
  while recent[1] and recent[1] <= e.time - FLAP_WINDOW_SECONDS do
    table.remove(recent, 1)
  end
  if #recent >= FLAP_COUNT and not warned then
    warned = true
    hooks.notify("Unstable connection",
      string.format("Outlook lost and regained its connection %d times in the last %s. Mail may be "
        .. "delayed; a wired network or a better Wi-Fi spot would help.", #recent // 2,
        timefmt.duration(FLAP_WINDOW_SECONDS)))
  end
end

hooks.on("start", function(e)
  settled, settled_at = e.state, e.time
end)

-- opts.after calls the handler only when the state still holds SETTLE_SECONDS later; e is
-- the event of the transition itself, so e.time is when the state began.
hooks.on("offline", settle, { after = SETTLE_SECONDS })
hooks.on("online", settle, { after = SETTLE_SECONDS })

hooks.on("offline", count_flap)
hooks.on("online", count_flap)
