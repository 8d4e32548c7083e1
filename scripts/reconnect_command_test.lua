-- Tests for reconnect_command.lua. Run them with `fakehost test scripts/`.
-- The fake host records programs instead of running them; h:finish_run plays their end.

-- Script paths are built from this file's folder, so the tests pass from any directory.
local here = debug and debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
local NAME = "reconnect_command"

local function new_host()
  return fakehost.new({ scripts = { here .. NAME .. ".lua" }, state = "online" })
end

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

local function last(list)
  return list[#list]
end

-- Offline for `d`, then back online.
local function reconnect_after(h, d)
  h:go_offline()
  h:advance(d)
  h:go_online()
end

describe("reconnect_command", function()
  it("runs nothing at start-up", function()
    local h = new_host()
    h:advance("5m")
    assert.equal(0, #h:runs())
    assert.equal(0, #h:errors())
  end)

  it("runs the command once when Outlook is back online", function()
    local h = new_host()
    reconnect_after(h, "10m")
    local runs = h:runs()
    assert.equal(1, #runs)
    assert.equal(NAME, runs[1].script)
    assert.equal("powershell.exe", runs[1].argv[1])
    assert.equal("C:\\ProgramData\\OfflineHooks\\on-reconnect.ps1", last(runs[1].argv))
    assert.falsy(runs[1].done)
    assert.equal(0, #h:errors())
  end)

  it("runs nothing when going offline", function()
    local h = new_host()
    h:go_offline()
    h:advance("1h")
    assert.equal(0, #h:runs())
  end)

  it("logs the exit code and output of a successful run", function()
    local h = new_host()
    reconnect_after(h, "10m")
    h:finish_run(1, { code = 0, stdout = "mapped drives refreshed\r\n\r\n", stderr = "" })
    assert.truthy(h:runs()[1].done)
    local msg = last(logged(h, "info"))
    assert.truthy(contains(msg, "exit code 0"))
    assert.truthy(contains(msg, "output: mapped drives refreshed"))
    assert.equal(0, #logged(h, "warn"))
    assert.equal(0, #h:errors())
  end)

  it("warns with the exit code and error output of a failed run", function()
    local h = new_host()
    reconnect_after(h, "10m")
    h:finish_run(1, { code = 2, stdout = "", stderr = "The network path was not found." })
    local warn = logged(h, "warn")
    assert.equal(1, #warn)
    assert.truthy(contains(warn[1], "exit code 2"))
    assert.truthy(contains(warn[1], "The network path was not found."))
    assert.equal(0, #h:errors())
  end)

  it("skips reconnects after short drops", function()
    local h = new_host()
    reconnect_after(h, "20s")
    h:advance("5m")
    assert.equal(0, #h:runs())
  end)

  it("runs once per reconnect when Outlook sends no DONE or repeats it", function()
    local h = new_host()
    h:go_offline({ phases = { "start", "change" } })
    h:advance("5m")
    h:go_online({ phases = { "start", "change", "done", "done" } })
    assert.equal(1, #h:runs())
    h:finish_run(1, { code = 0, stdout = "", stderr = "" })
    h:go_offline({ phases = { "change" } })
    h:advance("5m")
    h:go_online({ phases = { "start", "done" } })
    assert.equal(2, #h:runs())
    assert.equal(0, #h:errors())
  end)

  it("does not start a second copy while the first is still running", function()
    local h = new_host()
    reconnect_after(h, "5m")
    -- Back again a minute later, within the first run's 2m timeout: it is still running.
    reconnect_after(h, "1m")
    assert.equal(1, #h:runs())
    assert.falsy(h:runs()[1].done)
    assert.truthy(contains(last(logged(h, "info")), "still running"))
    -- Once it has finished, the next reconnect runs it again.
    h:finish_run(1, { code = 0, stdout = "ok", stderr = "" })
    reconnect_after(h, "5m")
    local runs = h:runs()
    assert.equal(2, #runs)
    assert.falsy(runs[2].done)
    h:finish_run(2, { code = 0, stdout = "ok", stderr = "" })
    assert.equal(0, #h:errors())
  end)

  it("warns when the command is stopped at its two-minute timeout", function()
    local h = new_host()
    reconnect_after(h, "10m")
    h:advance(119)
    assert.falsy(h:runs()[1].done)
    assert.equal(0, #logged(h, "warn"))
    h:advance(1)
    assert.truthy(h:runs()[1].done)
    local warn = logged(h, "warn")
    assert.equal(1, #warn)
    assert.equal("powershell.exe was stopped after 2m (timeout); output: (none)", warn[1])
    assert.equal(0, #h:errors())
  end)

  it("runs the command again on the next reconnect after a timeout", function()
    local h = new_host()
    reconnect_after(h, "10m")
    h:advance("2m")
    assert.truthy(h:runs()[1].done)
    reconnect_after(h, "10m")
    local runs = h:runs()
    assert.equal(2, #runs)
    assert.falsy(runs[2].done)
    assert.falsy(contains(last(logged(h, "info")), "still running"))
    assert.equal(0, #h:errors())
  end)
end)
