-- offline_tally.lua: adds up how long Outlook is offline each day, and logs the day's total
-- every time Outlook comes back online:
--
--   [info] offline_tally: back online after 45m; offline on 2026-01-05: 1h 3m in all
--
-- The totals live in hooks.store under one key per local day ("offline:2026-01-05", in
-- seconds), so they survive Outlook restarts and script reloads; read them with
-- `hooks.store.get("offline:" .. timefmt.day())` from this script. A period that runs past
-- midnight is split between the two days. Time when Outlook is not running is not counted.
--
-- The script keeps nothing in memory: everything it knows is in the store, so a restart in
-- the middle of an offline period loses nothing.

local timefmt = require "timefmt"

-- While offline, the time so far is added to the tally this often, so that if Outlook is
-- killed (no "stop" handler runs) at most this much offline time goes uncounted.
local CHECKPOINT_EVERY = "5m"

-- Store keys besides the daily totals: where the not yet counted part of the current
-- offline period began, and where the whole period began (Unix seconds); nil while online.
local OPEN_KEY = "open_since"
local PERIOD_KEY = "offline_since"

local function day_key(t)
  return "offline:" .. timefmt.day(t)
end

local function add_to_day(t, seconds)
  local key = day_key(t)
  hooks.store.set(key, (hooks.store.get(key) or 0) + seconds)
end

-- Adds the offline time from `from` to `to` to the tallies, cutting it at each midnight.
local function count(from, to)
  while from < to do
    local cut = math.min(to, timefmt.next_midnight(from))
    add_to_day(from, cut - from)
    from = cut
  end
end

-- Counts the open part of the period up to `now`; if Outlook is still offline, the rest of
-- the period is open from `now` on.
local function checkpoint(now, still_offline)
  local open = hooks.store.get(OPEN_KEY)
  if open then
    count(open, now)
  end
  hooks.store.set(OPEN_KEY, still_offline and now or nil)
end

local function begin_period(t)
  hooks.store.set(PERIOD_KEY, t)
  hooks.store.set(OPEN_KEY, t)
end

-- The local days from `from` to `to`, oldest first, as "2026-01-05".
local function days_between(from, to)
  local days = { timefmt.day(from) }
  local t = timefmt.next_midnight(from)
  while t <= to do
    days[#days + 1] = timefmt.day(t)
    t = timefmt.next_midnight(t)
  end
  return days
end

local function total(day)
  return timefmt.duration(hooks.store.get("offline:" .. day) or 0)
end

hooks.on("start", function(e)
  -- An open period left behind means the last session ended without "stop" (Outlook was
  -- killed or crashed). Its end is unknown: drop it rather than count the time Outlook was
  -- not running. The checkpoints kept the loss to at most CHECKPOINT_EVERY.
  local stale = hooks.store.get(OPEN_KEY)
  if stale then
    hooks.log.warn("the offline period open since %s %s was not closed (Outlook did not shut down "
      .. "cleanly); its last minutes are not counted", timefmt.day(stale), timefmt.clock(stale))
  end
  -- Outlook's closed hours are not offline time: whatever state Outlook starts in, the
  -- tally goes on from now.
  if e.state == "offline" then
    begin_period(e.time)
  else
    hooks.store.set(OPEN_KEY, nil)
    hooks.store.set(PERIOD_KEY, nil)
  end
end)

hooks.on("offline", function(e)
  begin_period(e.time)
end)

hooks.on("online", function(e)
  checkpoint(e.time, false)
  local since = hooks.store.get(PERIOD_KEY) or e.time
  hooks.store.set(PERIOD_KEY, nil)
  local days = days_between(since, e.time)
  for i = 1, #days - 1 do
    -- Only a period that crossed midnight touches earlier days: say what they ended with.
    hooks.log.info("offline on %s: %s in all", days[i], total(days[i]))
  end
  hooks.log.info("back online after %s; offline on %s: %s in all",
    timefmt.duration(e.since or (e.time - since)), days[#days], total(days[#days]))
end)

-- Stopping closes the period: the time until Outlook runs again is not counted, and
-- "start" opens a new period then if Outlook is still offline.
hooks.on("stop", function()
  checkpoint(os.time(), false)
  hooks.store.set(PERIOD_KEY, nil)
end)

hooks.every(CHECKPOINT_EVERY, function()
  if hooks.store.get(OPEN_KEY) then
    checkpoint(os.time(), true)
  end
end)
