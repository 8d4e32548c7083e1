-- Tests for webhook_on_reconnect.lua. Run them with `fakehost test scripts/`.
-- curl is recorded, not run: the tests look at the command line it would get.

-- Script paths are built from this file's folder, so the tests pass from any directory.
local here = debug and debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
local NAME = "webhook_on_reconnect"

local function new_host(opts)
  opts = opts or {}
  return fakehost.new({
    scripts = { here .. NAME .. ".lua" },
    state = opts.state or "online",
    profile = opts.profile or "Outlook",
  })
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

-- The argument after `flag` in argv.
local function arg_after(argv, flag)
  for i = 1, #argv - 1 do
    if argv[i] == flag then
      return argv[i + 1]
    end
  end
  return nil
end

local function offline_for(h, d, phases)
  h:go_offline(phases and { phases = phases } or nil)
  h:advance(d)
  h:go_online(phases and { phases = phases } or nil)
end

describe("webhook_on_reconnect", function()
  it("posts a JSON message with curl after a long offline period", function()
    local h = new_host()
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
    local h = new_host()
    offline_for(h, "20s")
    offline_for(h, "9m")
    assert.equal(0, #h:runs())
  end)

  it("posts once when Outlook repeats DONE or sends none", function()
    local h = new_host()
    offline_for(h, "15m", { "start", "change", "done", "done" })
    offline_for(h, "15m", { "start", "change" })
    assert.equal(2, #h:runs())
    assert.equal(0, #h:errors())
  end)

  it("stays quiet when the offline period began before start-up", function()
    local h = new_host({ state = "offline" })
    h:advance("1h")
    h:go_online()
    assert.equal(0, #h:runs())
    assert.equal(0, #h:errors())
  end)

  it("escapes quotes for JSON", function()
    local h = new_host({ profile = 'Sales "EU"' })
    offline_for(h, "15m")
    local body = arg_after(h:runs()[1].argv, "--data")
    assert.truthy(contains(body, "profile Sales \\u0022EU\\u0022"))
  end)

  it("warns when curl fails", function()
    local h = new_host()
    offline_for(h, "15m")
    h:finish_run(1, { code = 22, stdout = "", stderr = "curl: (22) The requested URL returned error: 404" })
    local warn = logged(h, "warn")
    assert.equal(1, #warn)
    assert.truthy(contains(warn[1], "curl exit code 22"))
    assert.truthy(contains(warn[1], "error: 404"))
    assert.equal(0, #h:errors())
  end)

  it("warns when curl is stopped at its 30-second timeout", function()
    local h = new_host()
    offline_for(h, "15m")
    h:advance("29s")
    assert.falsy(h:runs()[1].done)
    assert.equal(0, #logged(h, "warn"))
    h:advance("1s")
    assert.truthy(h:runs()[1].done)
    local warn = logged(h, "warn")
    assert.equal(1, #warn)
    assert.equal("posting to the webhook failed (timed out, no output)", warn[1])
    assert.equal(0, #h:errors())
  end)
end)
