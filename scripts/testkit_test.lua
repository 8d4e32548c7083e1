-- Tests for lib/testkit.lua, the helpers the example tests share. Run them with
-- `fakehost test scripts/`. They use example scripts from this folder as the scripts under
-- test: transition_log.lua logs at start-up and at every notification, offline_tally.lua
-- once per reconnect, offline_notice.lua and debounce_flapping.lua show notices.

local testkit = require "testkit"

describe("testkit.host", function()
  it("runs the one script it names, with Outlook online at start-up", function()
    local h = testkit.host("transition_log")
    assert.equal("online", h:state())
    local info = testkit.logged(h, "transition_log", "info")
    assert.equal(1, #info)
    assert.equal("Outlook is online at start-up (profile Outlook)", info[1])
    assert.equal(0, #h:errors())
  end)

  it("passes the other options to fakehost.new", function()
    local h = testkit.host("transition_log", { state = "offline", profile = "Sales" })
    assert.equal("offline", h:state())
    assert.equal("Outlook is offline at start-up (profile Sales)", testkit.logged(h, "transition_log", "info")[1])
  end)

  it("leaves loading other scripts to fakehost.new", function()
    assert.error(function()
      testkit.host("transition_log", { scripts = { "offline_tally.lua" } })
    end, "testkit.host loads one script")
    assert.error(function()
      testkit.host("transition_log", { dir = "." })
    end, "call fakehost.new")
  end)
end)

describe("testkit.logged", function()
  it("gives one script's messages at one level, or at every level", function()
    local h = fakehost.new({ scripts = { "transition_log.lua", "offline_tally.lua" } })
    testkit.offline_for(h, "10m")
    -- transition_log: the start-up line and two transitions at info, a line per
    -- notification (three each way) at debug.
    local info = testkit.logged(h, "transition_log", "info")
    assert.equal(3, #info)
    assert.truthy(testkit.contains(info[3], "(was offline for 10m)"))
    assert.equal(6, #testkit.logged(h, "transition_log", "debug"))
    assert.equal(9, #testkit.logged(h, "transition_log"))
    local tally = testkit.logged(h, "offline_tally", "info")
    assert.equal(1, #tally)
    assert.truthy(testkit.contains(tally[1], "back online after 10m;"))
    assert.equal(0, #testkit.logged(h, "offline_tally", "warn"))
    assert.truthy(#h:logs() > 9) -- h:logs() has both scripts' lines
    assert.equal(0, #testkit.logged(h, "no_such_script"))
  end)
end)

describe("testkit.notices", function()
  it("gives the notices one script showed, in order", function()
    local h = fakehost.new({ scripts = { "offline_notice.lua", "debounce_flapping.lua" } })
    for _ = 1, 3 do
      testkit.offline_for(h, "30s")
      h:advance("30s")
    end
    testkit.offline_for(h, "10m")
    local shown = testkit.notices(h, "offline_notice")
    assert.equal(2, #shown)
    assert.equal("Outlook is offline", shown[1].title)
    assert.equal("Outlook is back online", shown[2].title)
    assert.equal("offline_notice", shown[2].script)
    local flapping = testkit.notices(h, "debounce_flapping")
    assert.equal(1, #flapping)
    assert.equal("Unstable connection", flapping[1].title)
    assert.equal(3, #h:notifications())
  end)
end)

describe("testkit.offline_for", function()
  it("takes Outlook offline for that long and back online", function()
    local h = testkit.host("transition_log")
    testkit.offline_for(h, "45m")
    assert.equal("online", h:state())
    local info = testkit.logged(h, "transition_log", "info")
    assert.equal(3, #info)
    assert.truthy(testkit.contains(info[2], "offline at "))
    assert.truthy(testkit.contains(info[3], "(was offline for 45m)"))
  end)

  it("sends the phases it is given, each way", function()
    local h = testkit.host("transition_log")
    testkit.offline_for(h, "1m", { "start", "change", "done", "done" })
    local notifications = testkit.logged(h, "transition_log", "debug")
    assert.equal(8, #notifications)
    assert.truthy(testkit.contains(notifications[4], "done, online -> offline"))
    assert.truthy(testkit.contains(notifications[8], "done, offline -> online"))
    assert.equal(3, #testkit.logged(h, "transition_log", "info"))
  end)
end)

describe("testkit.contains, testkit.last and testkit.arg_after", function()
  it("contains finds plain text, and says false for what is not a string", function()
    assert.truthy(testkit.contains("back online after 45m offline", "45m"))
    assert.truthy(testkit.contains("exit code 1 (see log.txt)", "(see log.txt)"))
    assert.falsy(testkit.contains("logtxt", "log.txt")) -- "." is a dot, not any character
    assert.falsy(testkit.contains("online", "offline"))
    assert.falsy(testkit.contains(nil, "offline"))
  end)

  it("last gives a list's last item, nil for an empty list", function()
    assert.equal("c", testkit.last({ "a", "b", "c" }))
    assert.equal(nil, testkit.last({}))
  end)

  it("arg_after gives the argument after a flag, nil when there is none", function()
    local argv = { "curl", "--header", "Content-Type: application/json", "--data", "{}", "https://example.invalid/" }
    assert.equal("Content-Type: application/json", testkit.arg_after(argv, "--header"))
    assert.equal("{}", testkit.arg_after(argv, "--data"))
    assert.equal(nil, testkit.arg_after(argv, "--silent"))
    assert.equal(nil, testkit.arg_after(argv, "https://example.invalid/"))
  end)
end)
