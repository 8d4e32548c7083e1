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

--- The local calendar day of a Unix time, "2026-01-05" (now when t is nil).
---@param t? number
---@return string
function M.day(t)
  return os.date("%Y-%m-%d", whole(t))
end

--- The local time of day of a Unix time, "09:05" (now when t is nil).
---@param t? number
---@return string
function M.clock(t)
  return os.date("%H:%M", whole(t))
end

--- The Unix time of the next local midnight after t: where one day's tally ends.
--- os.time normalises day 32 into the next month, and asks the C library about
--- daylight saving time, so 23- and 25-hour days come out right.
---@param t number
---@return integer
function M.next_midnight(t)
  local d = os.date("*t", whole(t))
  return os.time({ year = d.year, month = d.month, day = d.day + 1, hour = 0, min = 0, sec = 0 })
end

return M
