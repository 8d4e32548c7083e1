-- Tests for lib/timefmt.lua, the helpers the example scripts format times with. Run them
-- with `fakehost test scripts/`. The local days depend on the time zone, so every expected
-- value is worked out here from os.date and os.time directly; CTest also runs this file
-- in time zones whose clocks change at 02:00 (Berlin) and at midnight (Santiago).

local timefmt = require "timefmt"

local function day(t)
  return os.date("%Y-%m-%d", t)
end

local function next_midnight(t)
  local d = os.date("*t", t)
  return os.time({ year = d.year, month = d.month, day = d.day + 1, hour = 0, min = 0, sec = 0 })
end

-- 2026-01-01 00:00 UTC, and every 10 minutes of the year from there.
local YEAR_START = 1767225600
local STEP = 600
local STEPS = 365 * 24 * 6

describe("timefmt.duration", function()
  it("says a duration with two units at most", function()
    assert.equal("45s", timefmt.duration(45))
    assert.equal("2m 30s", timefmt.duration(150))
    assert.equal("1h 5m", timefmt.duration(3912))
    assert.equal("3d 4h", timefmt.duration(3 * 86400 + 4 * 3600 + 59))
    assert.equal("2h", timefmt.duration(7200))
  end)

  it("says an unknown time for nil and 0s for a clock set back", function()
    assert.equal("an unknown time", timefmt.duration(nil))
    assert.equal("0s", timefmt.duration(-5))
  end)
end)

describe("timefmt.day and timefmt.next_midnight", function()
  it("give the local day and the next midnight of every time of a year", function()
    for i = 0, STEPS do
      local t = YEAR_START + i * STEP
      assert.equal(day(t), timefmt.day(t), "day of " .. t)
      assert.equal(next_midnight(t), timefmt.next_midnight(t), "next midnight after " .. t)
    end
  end)

  it("give the same answers when the times come in any order", function()
    -- A fixed sequence of jumps back and forth, so that a failure can be reproduced.
    local i = 0
    for _ = 1, 20000 do
      i = (i * 7919 + 104729) % STEPS
      local t = YEAR_START + i * STEP + i % STEP
      assert.equal(day(t), timefmt.day(t), "day of " .. t)
      assert.equal(next_midnight(t), timefmt.next_midnight(t), "next midnight after " .. t)
    end
  end)

  it("give the last second of a day and the first of the next their own days", function()
    local midnight = next_midnight(YEAR_START + 12 * 3600)
    assert.equal(day(midnight - 1), timefmt.day(midnight - 1))
    assert.equal(midnight, timefmt.next_midnight(midnight - 1))
    assert.equal(day(midnight), timefmt.day(midnight))
    assert.truthy(timefmt.day(midnight) ~= timefmt.day(midnight - 1), "midnight starts a new day")
    assert.equal(next_midnight(midnight), timefmt.next_midnight(midnight))
  end)

  it("take a float time, as e.time is, and now when the time is nil", function()
    assert.equal(day(YEAR_START + 100), timefmt.day(YEAR_START + 100.75))
    assert.equal(day(os.time()), timefmt.day())
  end)
end)

describe("timefmt.clock", function()
  it("gives the local time of day as HH:MM", function()
    assert.equal(os.date("%H:%M", YEAR_START + 3723), timefmt.clock(YEAR_START + 3723.9))
  end)
end)
