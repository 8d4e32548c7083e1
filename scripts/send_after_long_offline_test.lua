-- Tests for send_after_long_offline.lua. Run them with `fakehost test scripts/`.
-- The fake host records each hooks.outlook.send_receive() in h:send_receives().

-- The helpers the example tests share: lib/testkit.lua.
local testkit = require "testkit"
local logged = testkit.logged
local offline_for = testkit.offline_for -- offline for a while, then back online

local NAME = "send_after_long_offline"

describe("send_after_long_offline", function()
  it("asks for a Send/Receive once, at the reconnect after more than 10 minutes offline", function()
    local h = testkit.host(NAME)
    h:advance("1m")
    h:go_offline({ reason = "network" })
    h:advance(601)
    assert.equal(0, #h:send_receives()) -- not while offline
    h:go_online({ mode = "cached-connected-full" })
    local asked = h:send_receives()
    assert.equal(1, #asked)
    assert.equal(NAME, asked[1].script)
    assert.equal(60 + 601, asked[1].t) -- at the reconnect
    assert.equal("back online after 10m 1s offline: asked Outlook to Send/Receive",
      logged(h, NAME, "info")[1])
    h:advance("1h")
    assert.equal(1, #h:send_receives())
    assert.equal(0, #h:errors())
  end)

  it("asks for none after 10 minutes offline or less", function()
    local h = testkit.host(NAME)
    offline_for(h, "20s")
    offline_for(h, "10m")
    assert.equal(0, #h:send_receives())
    assert.equal(0, #logged(h, NAME))
  end)

  it("asks whatever the reason was: Work Offline too", function()
    local h = testkit.host(NAME)
    h:go_offline({ reason = "user" })
    h:advance("2h")
    h:go_online()
    assert.equal(1, #h:send_receives())
  end)

  it("asks once per long period, and not for the short drops between", function()
    local h = testkit.host(NAME)
    offline_for(h, "30m")
    for _ = 1, 5 do
      offline_for(h, "3m")
      h:advance("1m")
    end
    offline_for(h, "1h")
    assert.equal(2, #h:send_receives())
  end)

  it("counts from start-up when Outlook started offline", function()
    local h = testkit.host(NAME, { state = "offline" })
    h:advance("11m")
    h:go_online()
    assert.equal(1, #h:send_receives())
    assert.equal("back online after 11m offline: asked Outlook to Send/Receive",
      logged(h, NAME, "info")[1])
  end)

  it("asks for none when Outlook started offline and was back within 10 minutes", function()
    local h = testkit.host(NAME, { state = "offline" })
    h:advance("9m")
    h:go_online()
    assert.equal(0, #h:send_receives())
  end)

  it("works when Outlook sends no DONE, and when it sends DONE twice", function()
    local h = testkit.host(NAME)
    offline_for(h, "15m", { "start", "change" })
    offline_for(h, "15m", { "start", "change", "done", "done" })
    assert.equal(2, #h:send_receives())
    assert.equal(0, #h:errors())
  end)
end)
