-- Tests for webhook_on_reconnect.lua. Run them with `fakehost test scripts/`.
-- curl is recorded, not run: the tests look at the command line it would get.

-- The helpers the example tests share: lib/testkit.lua.
local testkit = require "testkit"
local arg_after, contains, logged = testkit.arg_after, testkit.contains, testkit.logged
local offline_for = testkit.offline_for

local NAME = "webhook_on_reconnect"

describe("webhook_on_reconnect", function()
  it("posts a JSON message with curl after a long offline period", function()
    local h = testkit.host(NAME)
    offline_for(h, "45m")
    local runs = h:runs()
    assert.equal(1, #runs)
    local argv = runs[1].argv
    assert.equal("curl", argv[1])
    assert.equal("Content-Type: application/json", arg_after(argv, "--header"))
    local body = arg_after(argv, "--data")
    assert.matches('^{"text":".*"}$', body)
    assert.truthy(contains(body, "is back online after 45m offline"))
    assert.matches("^https?://", argv[#argv])
    assert.equal(0, #h:errors())
  end)

  it("stays quiet after a short offline period", function()
    local h = testkit.host(NAME)
    offline_for(h, "20s")
    offline_for(h, "9m")
    assert.equal(0, #h:runs())
  end)

  it("posts once when Outlook repeats DONE or sends none", function()
    local h = testkit.host(NAME)
    offline_for(h, "15m", { "start", "change", "done", "done" })
    offline_for(h, "15m", { "start", "change" })
    assert.equal(2, #h:runs())
    assert.equal(0, #h:errors())
  end)

  it("stays quiet when the offline period began before start-up", function()
    local h = testkit.host(NAME, { state = "offline" })
    h:advance("1h")
    h:go_online()
    assert.equal(0, #h:runs())
    assert.equal(0, #h:errors())
  end)

  it("escapes quotes for JSON", function()
    local h = testkit.host(NAME, { profile = 'Sales "EU"' })
    offline_for(h, "15m")
    local body = arg_after(h:runs()[1].argv, "--data")
    assert.truthy(contains(body, "profile Sales \\u0022EU\\u0022"))
  end)

  it("warns when curl fails", function()
    local h = testkit.host(NAME)
    offline_for(h, "15m")
    h:finish_run(1, { code = 22, stdout = "", stderr = "curl: (22) The requested URL returned error: 404" })
    local warn = logged(h, NAME, "warn")
    assert.equal(1, #warn)
    assert.truthy(contains(warn[1], "curl exit code 22"))
    assert.truthy(contains(warn[1], "error: 404"))
    assert.equal(0, #h:errors())
  end)

  it("warns when curl is stopped at its 30-second timeout", function()
    local h = testkit.host(NAME)
    offline_for(h, "15m")
    h:advance("29s")
    assert.falsy(h:runs()[1].done)
    assert.equal(0, #logged(h, NAME, "warn"))
    h:advance("1s")
    assert.truthy(h:runs()[1].done)
    local warn = logged(h, NAME, "warn")
    assert.equal(1, #warn)
    assert.equal("posting to the webhook failed (timed out, no output)", warn[1])
    assert.equal(0, #h:errors())
  end)
end)
