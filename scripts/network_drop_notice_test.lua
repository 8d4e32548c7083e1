-- Tests for network_drop_notice.lua. Run them with `fakehost test scripts/`.
-- h:go_offline{reason = "network"} plays a lost connection (Outlook's mode
-- cached-disconnected), {reason = "user"} Work Offline (cached-offline).

-- The helpers the example tests share: lib/testkit.lua.
local testkit = require "testkit"
local contains, notices = testkit.contains, testkit.notices

local NAME = "network_drop_notice"
local START = 1767603600 -- the fake host's clock at start-up: 2026-01-05 09:00:00 UTC

describe("network_drop_notice", function()
  it("tells the user when the connection has been lost for a minute, once", function()
    local h = testkit.host(NAME)
    h:advance("2m")
    h:go_offline({ reason = "network" })
    h:advance(59)
    assert.equal(0, #notices(h, NAME))
    h:advance(1)
    local shown = notices(h, NAME)
    assert.equal(1, #shown)
    assert.equal("Outlook lost its connection", shown[1].title)
    -- The local time the connection went, as the script's timefmt.clock writes it.
    assert.truthy(contains(shown[1].text, "no connection since " .. os.date("%H:%M", START + 120)
      .. " (cached-disconnected)"), shown[1].text)
    h:advance("1h")
    assert.equal(1, #notices(h, NAME))
    assert.equal(0, #h:errors())
  end)

  it("says nothing when the user chose Work Offline, however long", function()
    local h = testkit.host(NAME)
    h:go_offline({ reason = "user" })
    h:advance("3h")
    h:go_online()
    assert.equal(0, #notices(h, NAME))
    assert.equal(0, #h:errors())
  end)

  it("says nothing when why is unknown", function()
    local h = testkit.host(NAME)
    h:go_offline() -- no mode read: e.reason is "unknown"
    h:advance("1h")
    h:go_online()
    assert.equal(0, #notices(h, NAME))
  end)

  it("says nothing about a short drop", function()
    local h = testkit.host(NAME)
    h:go_offline({ reason = "network" })
    h:advance("20s")
    h:go_online({ mode = "cached-connected-full" })
    h:advance("1h")
    assert.equal(0, #notices(h, NAME))
  end)

  it("says when the connection is back, and how long it was away", function()
    local h = testkit.host(NAME)
    h:go_offline({ reason = "network" })
    h:advance("45m")
    h:go_online({ mode = "cached-connected-full" })
    local shown = notices(h, NAME)
    assert.equal(2, #shown)
    assert.equal("Outlook is connected again", shown[2].title)
    assert.truthy(contains(shown[2].text, "after 45m without a connection"), shown[2].text)
    assert.equal(0, #h:errors())
  end)

  it("tells about a lost connection after a Work Offline period, and only about it", function()
    local h = testkit.host(NAME)
    h:go_offline({ reason = "user" })
    h:advance("30m")
    h:go_online()
    h:go_offline({ mode = "disconnected" }) -- a lost connection without Cached Exchange Mode
    h:advance("5m")
    h:go_online()
    local shown = notices(h, NAME)
    assert.equal(2, #shown)
    assert.equal("Outlook lost its connection", shown[1].title)
    assert.truthy(contains(shown[1].text, "(disconnected)"), shown[1].text)
    assert.equal("Outlook is connected again", shown[2].title)
  end)

  it("works when Outlook sends no DONE, and when it sends DONE twice", function()
    local h = testkit.host(NAME)
    h:go_offline({ reason = "network", phases = { "start", "change" } })
    h:advance("2m")
    h:go_online({ phases = { "start", "change", "done", "done" } })
    local shown = notices(h, NAME)
    assert.equal(2, #shown)
    assert.equal("Outlook lost its connection", shown[1].title)
    assert.equal("Outlook is connected again", shown[2].title)
    assert.equal(0, #h:errors())
  end)
end)
