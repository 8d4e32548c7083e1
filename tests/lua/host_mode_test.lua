-- host_mode_test.lua: the fake host plays why Outlook went offline (e.mode, e.reason) and
-- records Send/Receive requests. Run it with `fakehost test tests/lua/host_mode_test.lua`
-- (CTest: lua.host_mode).

local function host()
  return fakehost.new({ scripts = {} })
end

local here = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
local PROBE = here .. "fixtures/mode_probe/mode_probe.lua"

-- What mode_probe.lua logged, in order.
local function probed(h)
  local out = {}
  for _, entry in ipairs(h:logs("info")) do
    out[#out + 1] = entry.message
  end
  return out
end

describe("host:go_offline and host:go_online", function()
  it("play the mode a reason means, and the mode given", function()
    local h = host()
    assert.equal("unknown", h:mode())
    h:go_offline({ reason = "network" })
    assert.equal("cached-disconnected", h:mode())
    h:go_online({ mode = "cached-connected-full" })
    assert.equal("cached-connected-full", h:mode())
    h:go_offline({ reason = "user", phases = { "change" } })
    assert.equal("cached-offline", h:mode())
    assert.equal("offline", h:state())
    h:go_online()
    assert.equal("unknown", h:mode())
    h:go_offline({ mode = "disconnected", reason = "network" })
    assert.equal("disconnected", h:mode())
  end)

  it("refuse a reason going online, naming the caller's line", function()
    local h = host()
    h:go_offline()
    local err = assert.error(function()
      h:go_online({ reason = "network" })
    end)
    assert.matches("host_mode_test%.lua:%d+: host:go_online: reason= is for offline lines only", err)
    assert.equal("offline", h:state()) -- nothing was sent
  end)

  it("refuse an unknown reason or mode, and a reason and mode that disagree", function()
    local h = host()
    assert.error(function() h:go_offline({ reason = "wifi" }) end,
      'expected reason=user %(Work Offline%) or reason=network %(the connection was lost%), got "wifi"')
    assert.error(function() h:go_offline({ mode = "online" }) end,
      "mode=online is a connected mode, not one for an offline line")
    assert.error(function() h:go_offline({ reason = "user", mode = "disconnected" }) end,
      "reason=user and mode=disconnected disagree")
    assert.error(function() h:go_offline({ mode = 400 }) end, "mode must be a string, got a number")
    assert.error(function() h:go_offline({ reasons = "user" }) end, "unknown option 'reasons'")
    assert.equal("online", h:state())
  end)

  it("record no Send/Receive request when no script asked for one", function()
    local h = host()
    h:go_offline({ reason = "network" })
    h:go_online()
    assert.equal(0, #h:send_receives())
  end)
end)

describe("a script in a fakehost.new host", function()
  it("sees e.mode and e.reason as the host plays them, and its reason filter holds", function()
    local h = fakehost.new({ scripts = { PROBE } })
    h:go_offline({ reason = "user" })
    h:go_online()
    h:go_offline({ reason = "network" })
    h:advance("1m")
    h:go_online({ mode = "cached-connected-drizzle" })
    assert.equal({
      "start unknown unknown",
      "offline cached-offline user",
      "online unknown user",
      "offline cached-disconnected network",
      "network-only cached-disconnected",
      "online cached-connected-drizzle network",
    }, probed(h))
    assert.equal(0, #h:errors())
  end)

  it("sees the mode Outlook has at start-up, given with fakehost.new's reason or mode", function()
    local h = fakehost.new({ scripts = { PROBE }, state = "offline", reason = "network" })
    assert.equal("cached-disconnected", h:mode())
    h:go_online({ mode = "online" })
    assert.equal({ "start cached-disconnected network", "online online network" }, probed(h))
    local on = fakehost.new({ scripts = { PROBE }, mode = "cached-connected-headers" })
    assert.equal({ "start cached-connected-headers unknown" }, probed(on))
  end)

  it("is not started when fakehost.new's reason or mode does not fit its state", function()
    assert.error(function() fakehost.new({ scripts = { PROBE }, reason = "user" }) end,
      "fakehost.new: reason= is for offline lines only")
    assert.error(function() fakehost.new({ state = "offline", mode = "online" }) end,
      "fakehost.new: mode=online is a connected mode")
    assert.error(function() fakehost.new({ state = "offline", reason = 1 }) end,
      "fakehost.new: reason must be a string, got a number")
  end)

  it("has its send_receive requests in host:send_receives(), with its name and the time", function()
    local h = fakehost.new({ scripts = { PROBE } })
    h:advance("2m")
    h:go_offline({ reason = "network" })
    h:advance("10m")
    h:go_online()
    assert.equal({ { script = "mode_probe", t = 720 } }, h:send_receives())
  end)
end)
