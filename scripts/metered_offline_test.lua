-- Tests for metered_offline.lua. Run them with `fakehost test scripts/`.
-- The probe is recorded, not run; h:finish_run plays its answer.

-- The helpers the example tests share: lib/testkit.lua.
local testkit = require "testkit"
local contains, last, logged = testkit.contains, testkit.last, testkit.logged

local NAME = "metered_offline"

-- Answers the latest probe with `output` and lets the host apply any state request.
local function answer(h, output)
  h:finish_run(#h:runs(), { code = 0, stdout = output, stderr = "" })
  h:advance("1s")
end

-- Moves on to the next periodic check (every five minutes), which starts the next probe.
local function next_check(h)
  h:advance("5m")
end

describe("metered_offline", function()
  it("probes the connection at start-up and then every five minutes", function()
    local h = testkit.host(NAME)
    local runs = h:runs()
    assert.equal(1, #runs)
    assert.equal(NAME, runs[1].script)
    assert.equal("powershell.exe", runs[1].argv[1])
    answer(h, "Unrestricted\r\n")
    next_check(h)
    assert.equal(2, #h:runs())
    answer(h, "Unrestricted\r\n")
    next_check(h)
    assert.equal(3, #h:runs())
    assert.equal(0, #h:state_requests())
    assert.equal("online", h:state())
    assert.equal(0, #h:errors())
  end)

  it("does not start a probe while the last one has not answered", function()
    local h = testkit.host(NAME)
    -- A reconnect asks for a probe, but the one from start-up is still running (it has
    -- until its 30s timeout to answer).
    h:advance("10s")
    h:go_offline()
    h:advance("10s")
    h:go_online()
    assert.equal(1, #h:runs())
    assert.falsy(h:runs()[1].done)
    -- Its answer is used as a new probe's would be.
    answer(h, "Fixed\r\n")
    assert.equal(1, #h:state_requests())
    assert.equal("offline", h:state())
    assert.equal(0, #h:errors())
  end)

  it("takes Outlook offline on a metered connection and back online after it", function()
    local h = testkit.host(NAME)
    answer(h, "Fixed\r\n")
    local requests = h:state_requests()
    assert.equal(1, #requests)
    assert.equal("offline", requests[1].state)
    assert.equal(NAME, requests[1].script)
    assert.equal("offline", h:state())

    -- Still metered: nothing more to ask.
    next_check(h)
    answer(h, "Fixed\r\n")
    assert.equal(1, #h:state_requests())

    next_check(h)
    answer(h, "Unrestricted\r\n")
    requests = h:state_requests()
    assert.equal(2, #requests)
    assert.equal("online", requests[2].state)
    assert.equal("online", h:state())
    assert.equal(0, #logged(h, NAME, "warn"))
    assert.equal(0, #h:errors())
  end)

  it("probes again as soon as Outlook reconnects", function()
    local h = testkit.host(NAME)
    answer(h, "Unrestricted\r\n")
    h:go_offline()
    h:advance("1m")
    assert.equal(1, #h:runs())
    h:go_online()
    assert.equal(2, #h:runs())
    answer(h, "Fixed\r\n")
    local requests = h:state_requests()
    assert.equal(1, #requests)
    assert.equal("offline", requests[1].state)
    assert.equal(0, #h:errors())
  end)

  it("treats roaming and data limits as metered", function()
    local h = testkit.host(NAME)
    answer(h, "Unrestricted\r\nRoaming\r\n")
    assert.equal(1, #h:state_requests())
    assert.equal("offline", h:state())
  end)

  it("leaves alone an Outlook that the user had put offline", function()
    local h = testkit.host(NAME, { state = "offline" })
    answer(h, "Variable\r\n")
    next_check(h)
    answer(h, "Unrestricted\r\n")
    assert.equal(0, #h:state_requests())
    assert.equal("offline", h:state())
    assert.equal(0, #h:errors())
  end)

  it("respects the user going back online on a metered connection", function()
    local h = testkit.host(NAME)
    answer(h, "Fixed\r\n")
    assert.equal(1, #h:state_requests())
    h:go_online() -- the user clicks "Work Offline" again
    assert.truthy(contains(last(logged(h, NAME, "info")), "by hand"))
    assert.equal(1, #h:runs()) -- no need to look: it is still the same connection

    next_check(h)
    answer(h, "Fixed\r\n")
    assert.equal(1, #h:state_requests())
    assert.equal("online", h:state())

    -- The connection changes and later becomes metered again: the user's choice is over.
    next_check(h)
    answer(h, "Unrestricted\r\n")
    assert.equal(1, #h:state_requests())
    next_check(h)
    answer(h, "Variable\r\n")
    local requests = h:state_requests()
    assert.equal(2, #requests)
    assert.equal("offline", requests[2].state)
    assert.equal(0, #h:errors())
  end)

  it("changes nothing when the probe fails", function()
    local h = testkit.host(NAME)
    h:finish_run(1, { code = 1, stdout = "", stderr = "The term 'x' is not recognized" })
    h:advance("1s")
    assert.equal(0, #h:state_requests())
    local warn = logged(h, NAME, "warn")
    assert.equal(1, #warn)
    assert.truthy(contains(warn[1], "exit code 1"))
    -- The next check probes again.
    next_check(h)
    assert.equal(2, #h:runs())
    assert.equal(0, #h:errors())
  end)

  it("changes nothing when the probe times out, and probes again at the next check", function()
    local h = testkit.host(NAME)
    h:advance("29s")
    assert.falsy(h:runs()[1].done)
    -- The host stops the probe 30s after it started; on_exit hears that it timed out.
    h:advance("1s")
    assert.truthy(h:runs()[1].done)
    local warn = logged(h, NAME, "warn")
    assert.equal(1, #warn)
    assert.equal("connection probe failed (timed out, no output)", warn[1])
    assert.equal(0, #h:state_requests())
    assert.equal("online", h:state())
    -- The timed-out probe no longer counts as running: the check at five minutes probes.
    h:advance(270)
    assert.equal(2, #h:runs())
    answer(h, "Fixed\r\n")
    assert.equal(1, #h:state_requests())
    assert.equal("offline", h:state())
    assert.equal(0, #h:errors())
  end)

  it("probes again on a reconnect after a probe timed out", function()
    local h = testkit.host(NAME)
    h:advance("30s")
    assert.truthy(h:runs()[1].done)
    h:go_offline()
    h:advance("1m")
    h:go_online()
    assert.equal(2, #h:runs())
    assert.equal(0, #h:errors())
  end)
end)
