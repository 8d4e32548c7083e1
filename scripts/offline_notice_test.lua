-- Tests for offline_notice.lua. Run them with `fakehost test scripts/`.

-- Script paths are built from this file's folder, so the tests pass from any directory.
local here = debug and debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
local NAME = "offline_notice"

local function new_host(opts)
  opts = opts or {}
  return fakehost.new({ scripts = { here .. NAME .. ".lua" }, state = opts.state or "online" })
end

-- The notices this script showed, in order.
local function notices(h)
  local out = {}
  for _, n in ipairs(h:notifications()) do
    if n.script == NAME then
      out[#out + 1] = n
    end
  end
  return out
end

local function contains(s, part)
  return type(s) == "string" and s:find(part, 1, true) ~= nil
end

describe("offline_notice", function()
  it("says nothing about a short drop", function()
    local h = new_host()
    h:go_offline()
    h:advance("20s")
    h:go_online()
    h:advance("10m")
    assert.equal(0, #notices(h))
    assert.equal(0, #h:errors())
  end)

  it("says nothing about repeated drops that are each shorter than the wait", function()
    local h = new_host()
    for _ = 1, 5 do
      h:go_offline()
      h:advance("4m")
      h:go_online()
      h:advance("30s")
    end
    h:advance("10m")
    assert.equal(0, #notices(h))
  end)

  it("shows a notice after five minutes offline, not before", function()
    local h = new_host()
    h:go_offline()
    h:advance(299)
    assert.equal(0, #notices(h))
    h:advance(1)
    local shown = notices(h)
    assert.equal(1, #shown)
    assert.equal("Outlook is offline", shown[1].title)
    assert.truthy(contains(shown[1].text, "offline for 5m"))
    h:advance("1h")
    assert.equal(1, #notices(h))
    assert.equal(0, #h:errors())
  end)

  it("says when Outlook is back, and how long it was away", function()
    local h = new_host()
    h:go_offline()
    h:advance("45m")
    h:go_online()
    local shown = notices(h)
    assert.equal(2, #shown)
    assert.equal("Outlook is back online", shown[2].title)
    assert.truthy(contains(shown[2].text, "after 45m offline"))
    assert.equal(0, #h:errors())
  end)

  it("shows one notice per long period", function()
    local h = new_host()
    h:go_offline()
    h:advance("10m")
    h:go_online()
    h:advance("1m")
    h:go_offline()
    h:advance("10m")
    h:go_online()
    assert.equal(4, #notices(h))
  end)

  it("works when Outlook sends no DONE", function()
    local h = new_host()
    h:go_offline({ phases = { "start", "change" } })
    h:advance("6m")
    h:go_online({ phases = { "start", "change" } })
    local shown = notices(h)
    assert.equal(2, #shown)
    assert.equal("Outlook is offline", shown[1].title)
    assert.equal("Outlook is back online", shown[2].title)
    assert.equal(0, #h:errors())
  end)

  it("shows each notice once when Outlook repeats DONE", function()
    local h = new_host()
    h:go_offline({ phases = { "start", "change", "done", "done" } })
    h:advance("6m")
    h:go_online({ phases = { "start", "change", "done", "done" } })
    h:advance("6m")
    assert.equal(2, #notices(h))
    assert.equal(0, #h:errors())
  end)

  it("counts from start-up when Outlook starts offline", function()
    local h = new_host({ state = "offline" })
    h:advance("4m")
    assert.equal(0, #notices(h))
    h:advance("1m")
    assert.equal(1, #notices(h))
    h:advance("10m")
    h:go_online()
    local shown = notices(h)
    assert.equal(2, #shown)
    assert.truthy(contains(shown[2].text, "after 15m offline"))
    assert.equal(0, #h:errors())
  end)

  it("says nothing when Outlook starts offline and is back within the wait", function()
    local h = new_host({ state = "offline" })
    h:advance("1m")
    h:go_online()
    h:advance("10m")
    assert.equal(0, #notices(h))
    assert.equal(0, #h:errors())
  end)

  it("leaves no timer behind when stopped while waiting", function()
    local h = new_host()
    h:go_offline()
    h:advance("1m")
    h:stop()
    assert.equal(0, #notices(h))
    assert.equal(0, #h:errors())
  end)
end)
