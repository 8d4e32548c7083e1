-- Tests for offline_tally.lua. Run them with `fakehost test scripts/`.

-- The helpers the example tests share: lib/testkit.lua.
local testkit = require "testkit"
local contains, last, logged = testkit.contains, testkit.last, testkit.logged
local offline_for = testkit.offline_for

local NAME = "offline_tally"

-- The fake host's virtual clock starts at Monday 2026-01-05 09:00:00 UTC. The script counts
-- local days, so the expected day names and the time to midnight are worked out here in
-- the same local time zone instead of being written in.
local START = 1767603600
local function day(t)
  return os.date("%Y-%m-%d", t)
end
local function next_midnight(t)
  local d = os.date("*t", t)
  return os.time({ year = d.year, month = d.month, day = d.day + 1, hour = 0 })
end
local TO_MIDNIGHT = next_midnight(START) - START
-- 08:00 local time the next day: tests that need hours of one day start there, whatever
-- the time zone makes of 09:00 UTC.
local MORNING = next_midnight(START) + 8 * 3600

describe("offline_tally", function()
  it("logs the day's total when Outlook is back online", function()
    local h = testkit.host(NAME)
    offline_for(h, "10m")
    local info = logged(h, NAME, "info")
    assert.equal(1, #info)
    assert.equal("back online after 10m; offline on " .. day(START) .. ": 10m in all", info[1])
    assert.equal(0, #h:errors())
  end)

  it("adds up the periods of a day, short ones included", function()
    local h = testkit.host(NAME)
    h:advance(MORNING - START)
    offline_for(h, "10m")
    h:advance("1h")
    offline_for(h, "5m")
    h:advance("1h")
    offline_for(h, "20s")
    local info = logged(h, NAME, "info")
    assert.equal(3, #info)
    assert.truthy(contains(info[2], "back online after 5m;"))
    assert.truthy(contains(info[2], ": 15m in all"))
    assert.truthy(contains(info[3], "back online after 20s;"))
    assert.truthy(contains(info[3], "offline on " .. day(MORNING) .. ": 15m 20s in all"))
    assert.equal(0, #h:errors())
  end)

  it("counts a period once when Outlook sends no DONE or repeats it", function()
    local h = testkit.host(NAME)
    offline_for(h, "10m", { "start", "change" })
    offline_for(h, "10m", { "start", "change", "done", "done" })
    offline_for(h, "10m", { "change" })
    local info = logged(h, NAME, "info")
    assert.equal(3, #info)
    assert.truthy(contains(info[3], ": 30m in all"))
    assert.equal(0, #h:errors())
  end)

  it("splits a period that crosses midnight between the two days", function()
    local h = testkit.host(NAME)
    h:advance(TO_MIDNIGHT - 600) -- 23:50 local time
    offline_for(h, "30m")        -- back at 00:20
    local info = logged(h, NAME, "info")
    assert.equal(2, #info)
    assert.equal("offline on " .. day(START) .. ": 10m in all", info[1])
    assert.equal("back online after 30m; offline on " .. day(START + TO_MIDNIGHT) .. ": 20m in all",
      info[2])
    assert.equal(0, #h:errors())
  end)

  it("splits a period longer than a day over every day it touched", function()
    local h = testkit.host(NAME)
    offline_for(h, TO_MIDNIGHT + 86400 + 3600) -- until 01:00 the day after tomorrow
    local info = logged(h, NAME, "info")
    assert.equal(3, #info)
    assert.truthy(contains(info[1], "offline on " .. day(START) .. ": "))
    assert.equal("offline on " .. day(START + TO_MIDNIGHT) .. ": 1d in all", info[2])
    assert.truthy(contains(info[3], "offline on " .. day(START + TO_MIDNIGHT + 86400) .. ": 1h in all"))
  end)

  it("counts from start-up when Outlook starts offline", function()
    local h = testkit.host(NAME, { state = "offline" })
    h:advance("7m")
    h:go_online()
    assert.equal("back online after 7m; offline on " .. day(START) .. ": 7m in all",
      last(logged(h, NAME, "info")))
    assert.equal(0, #h:errors())
  end)

  it("keeps the tally when the script is reloaded while offline", function()
    local h = testkit.host(NAME)
    offline_for(h, "10m")
    h:go_offline()
    h:advance("10m")
    h:reload()
    h:advance("5m")
    h:go_online()
    assert.truthy(contains(last(logged(h, NAME, "info")), ": 25m in all"))
    assert.equal(0, #logged(h, NAME, "warn"))
    assert.equal(0, #h:errors())
  end)

  it("stops cleanly while offline", function()
    local h = testkit.host(NAME)
    h:go_offline()
    h:advance("12m")
    h:stop()
    assert.equal(0, #h:errors())
  end)
end)
