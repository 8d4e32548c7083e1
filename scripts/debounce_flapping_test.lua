-- Tests for debounce_flapping.lua. Run them with `fakehost test scripts/`.

-- The helpers the example tests share: lib/testkit.lua.
local testkit = require "testkit"
local contains, logged, notices = testkit.contains, testkit.logged, testkit.notices

local NAME = "debounce_flapping"

-- `n` drops of `down` each, `up` apart.
local function flap(h, n, down, up)
  for _ = 1, n do
    h:go_offline()
    h:advance(down)
    h:go_online()
    h:advance(up)
  end
end

describe("debounce_flapping", function()
  it("ignores a short drop", function()
    local h = testkit.host(NAME)
    flap(h, 1, "20s", "10m")
    assert.equal(0, #logged(h, NAME, "info"))
    assert.equal(0, #notices(h, NAME))
    assert.equal(0, #h:errors())
  end)

  it("reports a state once it has held for two minutes", function()
    local h = testkit.host(NAME)
    h:advance("1h")
    h:go_offline()
    h:advance(119)
    assert.equal(0, #logged(h, NAME, "info"))
    h:advance(1)
    local info = logged(h, NAME, "info")
    assert.equal(1, #info)
    assert.equal("connection settled: Outlook is offline (was online for 1h)", info[1])
    h:advance("8m")
    h:go_online()
    h:advance("2m")
    info = logged(h, NAME, "info")
    assert.equal(2, #info)
    assert.equal("connection settled: Outlook is online (was offline for 10m)", info[2])
    assert.equal(0, #h:errors())
  end)

  it("settles once when Outlook repeats DONE or sends none", function()
    local h = testkit.host(NAME)
    h:go_offline({ phases = { "start", "change", "done", "done" } })
    h:advance("3m")
    h:go_online({ phases = { "start", "change" } })
    h:advance("3m")
    assert.equal(2, #logged(h, NAME, "info"))
    assert.equal(0, #h:errors())
  end)

  it("warns once about an unstable connection", function()
    local h = testkit.host(NAME)
    flap(h, 2, "30s", "30s")
    assert.equal(0, #notices(h, NAME))
    flap(h, 1, "30s", "30s")
    local shown = notices(h, NAME)
    assert.equal(1, #shown)
    assert.equal("Unstable connection", shown[1].title)
    assert.truthy(contains(shown[1].text, "3 times in the last 10m"))
    flap(h, 5, "30s", "30s")
    assert.equal(1, #notices(h, NAME))
    -- Flapping never let a state settle: nothing to report.
    assert.equal(0, #logged(h, NAME, "info"))
    assert.equal(0, #h:errors())
  end)

  it("warns again about a new bout after the connection settled", function()
    local h = testkit.host(NAME)
    flap(h, 3, "30s", "30s")
    h:advance("5m")
    flap(h, 3, "30s", "30s")
    assert.equal(2, #notices(h, NAME))
  end)

  it("does not count short drops as flapping when the connection settles in between", function()
    local h = testkit.host(NAME)
    flap(h, 6, "30s", "3m")
    assert.equal(0, #notices(h, NAME))
    -- The drops were too short to settle offline, so nothing changed for on_settled either.
    assert.equal(0, #logged(h, NAME, "info"))
  end)
end)
