-- Tests for transition_log.lua. Run them with `fakehost test scripts/`.

-- Script paths are built from this file's folder, so the tests pass from any directory.
local here = debug and debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
local NAME = "transition_log"

local function new_host(opts)
  opts = opts or {}
  return fakehost.new({ scripts = { here .. NAME .. ".lua" }, state = opts.state or "online" })
end

-- Messages this script logged at `level`, in order. The host logs lines of its own too
-- (loading, reloading), so filter by script rather than count everything.
local function logged(h, level)
  local out = {}
  for _, entry in ipairs(h:logs()) do
    if entry.script == NAME and entry.level == level then
      out[#out + 1] = entry.message
    end
  end
  return out
end

local function contains(s, part)
  return type(s) == "string" and s:find(part, 1, true) ~= nil
end

describe("transition_log", function()
  it("logs the state Outlook is in at start-up", function()
    local h = new_host({ state = "offline" })
    local info = logged(h, "info")
    assert.equal(1, #info)
    assert.truthy(contains(info[1], "offline at start-up"))
    assert.equal(0, #h:errors())
  end)

  it("logs each transition with how long the previous state lasted", function()
    local h = new_host()
    h:advance("10m")
    h:go_offline()
    h:advance(3900)
    h:go_online()
    local info = logged(h, "info")
    assert.equal(3, #info)
    -- The first transition has no e.since: the script measures from its own start instead.
    assert.truthy(contains(info[2], "offline at "))
    assert.truthy(contains(info[2], "(was online for at least 10m)"))
    assert.truthy(contains(info[3], "online at "))
    assert.truthy(contains(info[3], "(was offline for 1h 5m)"))
    assert.equal(0, #h:errors())
  end)

  it("logs a short flap with its exact length", function()
    local h = new_host()
    h:go_offline()
    h:advance("20s")
    h:go_online()
    local info = logged(h, "info")
    assert.equal(3, #info)
    assert.truthy(contains(info[3], "(was offline for 20s)"))
  end)

  it("logs one line per transition when Outlook sends no DONE", function()
    local h = new_host()
    h:go_offline({ phases = { "start", "change" } })
    h:advance("2m")
    h:go_online({ phases = { "start", "change" } })
    local info = logged(h, "info")
    assert.equal(3, #info)
    assert.truthy(contains(info[2], "offline at "))
    assert.truthy(contains(info[3], "(was offline for 2m)"))
    assert.equal(0, #h:errors())
  end)

  it("logs one line per transition when Outlook repeats DONE", function()
    local h = new_host()
    h:go_offline({ phases = { "start", "change", "done", "done" } })
    h:advance("90s")
    h:go_online({ phases = { "start", "change", "done", "done" } })
    local info = logged(h, "info")
    assert.equal(3, #info)
    assert.truthy(contains(info[3], "(was offline for 1m 30s)"))
    assert.equal(0, #h:errors())
  end)

  it("notices a transition announced only by DONE or only by CHANGE", function()
    local h = new_host()
    h:go_offline({ phases = { "start", "done" } })
    h:advance("1m")
    h:go_online({ phases = { "change" } })
    local info = logged(h, "info")
    assert.equal(3, #info)
    assert.truthy(contains(info[2], "offline at "))
    assert.truthy(contains(info[3], "online at "))
  end)

  it("logs every notification at debug level", function()
    local h = new_host()
    h:go_offline({ phases = { "start", "change", "done", "done" } })
    local debug_lines = logged(h, "debug")
    assert.equal(4, #debug_lines)
    assert.truthy(contains(debug_lines[1], "start, online -> offline"))
    assert.truthy(contains(debug_lines[4], "done, online -> offline"))
  end)

  it("ignores notifications that are not online/offline changes", function()
    local h = new_host()
    -- A state-change notification for some other part of Outlook's state (mask 0x0C), and
    -- one with a notification type Outlook does not define: both must be ignored.
    h:notify_raw({ type = 2, mask = 0x0C, old = 2, new = 1, size = 24, token = 1 })
    h:notify_raw({ type = 9, mask = 3, old = 2, new = 1, size = 24, token = 1 })
    assert.equal(1, #logged(h, "info"))
    assert.equal("online", h:state())
    assert.equal(0, #h:errors())
  end)

  it("stops cleanly", function()
    local h = new_host()
    h:go_offline()
    h:stop()
    assert.equal(0, #h:errors())
  end)
end)
