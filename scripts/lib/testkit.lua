-- lib/testkit.lua: small helpers for test files (*_test.lua), shared by the example tests.
--
-- A test file loads it with `local testkit = require "testkit"`: `fakehost test` looks for
-- modules in the lib/ folder beside the test file first. It is for test files only (scripts
-- have no `fakehost` to call). If you copy a test that requires it, copy this file into the
-- lib\ folder beside your tests too.
--
-- Each helper is a few lines over the test API (docs/api.md, "Test files"): read them when
-- a test does something you did not expect, and write your own the same way.

-- Test files get the global `fakehost`; luacheck does not know that this module is for them.
-- luacheck: read globals fakehost

local testkit = {}

--- A fresh fake host running one script, `<name>.lua` beside the test file, with Outlook
--- online at start-up. `opts` takes the other options of fakehost.new: `state = "offline"`
--- to start offline (`reason = "network"` or `"user"` for why), `profile = "name"` for the
--- profile name the script sees.
---
--- The script is found by a relative path: fakehost.new looks for it in the current
--- folder and, when it is not there, in the test file's folder, so the tests pass wherever
--- `fakehost test` is run from.
---@param name string the script's name: its file name without ".lua", as the log shows it
---@param opts? fakehost.Options state, reason, mode, profile (not scripts or dir: use fakehost.new)
---@return fakehost.Host host
function testkit.host(name, opts)
  local options = { scripts = { name .. ".lua" }, state = "online" }
  for key, value in pairs(opts or {}) do
    if key == "scripts" or key == "dir" then
      error("testkit.host loads one script; to load " .. key .. ", call fakehost.new", 2)
    end
    options[key] = value
  end
  return fakehost.new(options)
end

--- The messages `script` logged at `level` (at every level when `level` is nil), in order,
--- already formatted. h:logs() has the lines of every script the host loaded, so a test
--- that counts log lines counts one script's.
---@param h fakehost.Host
---@param script string the script's name, as in testkit.host
---@param level? hooks.LogLevel
---@return string[] messages
function testkit.logged(h, script, level)
  local out = {}
  for _, entry in ipairs(h:logs(level)) do
    if entry.script == script then
      out[#out + 1] = entry.message
    end
  end
  return out
end

--- The desktop notices `script` showed, in order: `{title=, text=, script=}` each.
---@param h fakehost.Host
---@param script string the script's name, as in testkit.host
---@return fakehost.Notification[] notices
function testkit.notices(h, script)
  local out = {}
  for _, n in ipairs(h:notifications()) do
    if n.script == script then
      out[#out + 1] = n
    end
  end
  return out
end

--- Outlook goes offline, stays offline for `d` on the virtual clock, and comes back online.
--- `phases`, when given, are the notifications Outlook sends each way (as in
--- `h:go_offline{phases = ...}`), to play its quirks: a missing DONE, a repeated one.
---@param h fakehost.Host
---@param d hooks.Duration
---@param phases? hooks.Phase[]
function testkit.offline_for(h, d, phases)
  local opts = phases and { phases = phases } or nil
  h:go_offline(opts)
  h:advance(d)
  h:go_online(opts)
end

--- Whether the string `s` contains `part` as plain text: "." or "(" in `part` mean
--- themselves, unlike in assert.matches. False when `s` is not a string (a log line or a
--- notice that is not there), so `assert.truthy(contains(...))` fails instead of erroring.
---@param s any
---@param part string
---@return boolean
function testkit.contains(s, part)
  return type(s) == "string" and s:find(part, 1, true) ~= nil
end

--- The last item of a list: the latest log line, run or notice. nil when it is empty.
---@generic T
---@param list T[]
---@return T|nil
function testkit.last(list)
  return list[#list]
end

--- The argument that follows `flag` in a command line (a run's argv), nil when `flag` is
--- not there or is the last argument: `arg_after(run.argv, "--data")` is curl's body.
---@param argv string[]
---@param flag string
---@return string|nil
function testkit.arg_after(argv, flag)
  for i = 1, #argv - 1 do
    if argv[i] == flag then
      return argv[i + 1]
    end
  end
  return nil
end

return testkit
