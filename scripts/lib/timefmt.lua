-- lib/timefmt.lua: readable durations and dates for the example scripts.
--
-- A module in scripts/lib/ is not a script: OfflineHooks loads it only when a script asks
-- for it with `local timefmt = require "timefmt"`. If you copy a script that requires it,
-- copy this file into your own scripts\lib\ folder too.

local M = {}

--- A duration in seconds as people say it: "45s", "2m 30s", "1h 5m", "3d 4h".
--- Two units at most, because "1h 5m 12s" is more precision than anyone reads.
--- nil (a duration nobody measured, such as e.since on the first transition) gives
--- "an unknown time", so callers can pass e.since straight in.
---@param seconds number|nil
---@return string
function M.duration(seconds)
  if seconds == nil then
    return "an unknown time"
  end
  -- Negative values only come from a clock set back; "0s" is the honest answer.
  local s = math.max(0, math.floor(seconds + 0.5))
  local function two(big, big_unit, small, small_unit)
    if small == 0 then
      return string.format("%d%s", big, big_unit)
    end
    return string.format("%d%s %d%s", big, big_unit, small, small_unit)
  end
  if s < 60 then
    return string.format("%ds", s)
  elseif s < 3600 then
    return two(s // 60, "m", s % 60, "s")
  elseif s < 86400 then
    return two(s // 3600, "h", s % 3600 // 60, "m")
  end
  return two(s // 86400, "d", s % 86400 // 3600, "h")
end

-- os.date wants a whole number; event times (e.time) are floats.
local function whole(t)
  return math.floor(t or os.time())
end

-- The local day asked about last: its name, the first and last second known to belong to
-- it, and the next midnight. Scripts ask about the same day again and again (each
-- checkpoint, each transition), and os.date("*t") with os.time costs more than the rest of
-- a handler, so a day is worked out once.
local day_name, day_first, day_last, day_next_midnight

local function midnight(d, day)
  -- os.time normalises day 32 into the next month, and asks the C library about daylight
  -- saving time, so 23- and 25-hour days come out right.
  return os.time({ year = d.year, month = d.month, day = day, hour = 0, min = 0, sec = 0 })
end

-- Makes the day of the whole Unix time t the remembered one.
local function remember_day(t)
  if day_first and t >= day_first and t <= day_last then
    return
  end
  local d = os.date("*t", t)
  day_name = os.date("%Y-%m-%d", t)
  day_next_midnight = midnight(d, d.day + 1)
  day_first, day_last = midnight(d, d.day), day_next_midnight - 1
  -- On a day the clock changes (daylight saving time), midnight may not exist or come
  -- twice, and os.time may place it in the neighbouring day: then only t itself is known
  -- to be of this day.
  local first, last = os.date("*t", day_first), os.date("*t", day_last)
  if first.isdst ~= last.isdst or first.day ~= d.day or last.day ~= d.day then
    day_first, day_last = t, t
  end
end

--- The local calendar day of a Unix time, "2026-01-05" (now when t is nil).
---@param t? number
---@return string
function M.day(t)
  remember_day(whole(t))
  return day_name
end

--- The local time of day of a Unix time, "09:05" (now when t is nil).
---@param t? number
---@return string
function M.clock(t)
  return os.date("%H:%M", whole(t))
end

--- The Unix time of the next local midnight after t: where one day's tally ends.
---@param t number
---@return integer
function M.next_midnight(t)
  remember_day(whole(t))
  return day_next_midnight
end

return M
