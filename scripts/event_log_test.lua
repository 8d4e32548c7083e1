-- Tests for event_log.lua. Run them with `fakehost test scripts/`.
-- eventcreate is recorded, not run: the tests look at the command line it would get.

-- The helpers the example tests share: lib/testkit.lua.
local testkit = require "testkit"
local arg_after, contains, logged = testkit.arg_after, testkit.contains, testkit.logged

local NAME = "event_log"

local function finish_all(h)
  for i, run in ipairs(h:runs()) do
    if not run.done then
      h:finish_run(i, { code = 0, stdout = "SUCCESS: An event of type was created.", stderr = "" })
    end
  end
end

describe("event_log", function()
  it("writes event 100 when Outlook goes offline and 101 when it is back", function()
    local h = testkit.host(NAME)
    h:go_offline()
    -- eventcreate ends within a second; left pending, it would time out after 30s while
    -- Outlook is offline (see "warns when eventcreate times out").
    finish_all(h)
    h:advance("45m")
    h:go_online()
    local runs = h:runs()
    assert.equal(2, #runs)

    local off = runs[1].argv
    assert.equal("eventcreate", off[1])
    assert.equal("APPLICATION", arg_after(off, "/L"))
    assert.equal("OfflineHooks Scripts", arg_after(off, "/SO"))
    assert.equal("WARNING", arg_after(off, "/T"))
    assert.equal("100", arg_after(off, "/ID"))
    assert.truthy(contains(arg_after(off, "/D"), "is offline"))

    local on = runs[2].argv
    assert.equal("INFORMATION", arg_after(on, "/T"))
    assert.equal("101", arg_after(on, "/ID"))
    assert.truthy(contains(arg_after(on, "/D"), "is online; it was offline for 45m."))
    finish_all(h)
    assert.equal(0, #logged(h, NAME, "warn"))
    assert.equal(0, #h:errors())
  end)

  it("writes one event per transition when Outlook repeats DONE or sends none", function()
    local h = testkit.host(NAME)
    h:go_offline({ phases = { "start", "change", "done", "done" } })
    h:go_online({ phases = { "start", "change" } })
    h:go_offline({ phases = { "start", "done" } })
    assert.equal(3, #h:runs())
    assert.equal(0, #h:errors())
  end)

  it("warns when eventcreate fails, explaining the usual cause once", function()
    local h = testkit.host(NAME)
    h:go_offline()
    h:go_online()
    local failure = { code = 1, stdout = "", stderr = "ERROR: Access is denied." }
    h:finish_run(1, failure)
    h:finish_run(2, failure)
    local warn = logged(h, NAME, "warn")
    assert.equal(3, #warn)
    assert.truthy(contains(warn[1], "exit code 1"))
    assert.truthy(contains(warn[1], "ERROR: Access is denied."))
    assert.truthy(contains(warn[2], "not registered"))
    assert.equal(0, #h:errors())
  end)

  it("does not pile up commands that hang", function()
    local h = testkit.host(NAME)
    -- Six transitions within 30s, the commands' timeout: none of them has been stopped yet.
    for _ = 1, 3 do
      h:go_offline()
      h:advance("2s")
      h:go_online()
      h:advance("2s")
    end
    assert.equal(4, #h:runs())
    assert.truthy(contains(logged(h, NAME, "warn")[1], "still running"))
    -- Once they finish, events are written again.
    finish_all(h)
    h:go_offline()
    assert.equal(5, #h:runs())
    assert.equal(0, #h:errors())
  end)

  it("warns when eventcreate times out, explaining the usual cause once", function()
    local h = testkit.host(NAME)
    h:go_offline()
    h:advance("29s")
    assert.falsy(h:runs()[1].done)
    assert.equal(0, #logged(h, NAME, "warn"))
    -- The host stops the command 30s after it started, and on_exit hears of it.
    h:advance("1s")
    assert.truthy(h:runs()[1].done)
    local warn = logged(h, NAME, "warn")
    assert.equal(2, #warn)
    assert.equal("eventcreate failed (timed out, no output)", warn[1])
    assert.truthy(contains(warn[2], "not registered"))
    assert.equal(0, #h:errors())
  end)

  it("writes events again once hanging commands have timed out", function()
    local h = testkit.host(NAME)
    for _ = 1, 2 do
      h:go_offline()
      h:go_online()
    end
    assert.equal(4, #h:runs())
    h:go_offline()
    assert.equal(4, #h:runs())
    -- 30s later the four are stopped; the count of running commands goes back to zero.
    h:advance("30s")
    for _, run in ipairs(h:runs()) do
      assert.truthy(run.done)
    end
    h:go_online()
    local runs = h:runs()
    assert.equal(5, #runs)
    assert.equal("101", arg_after(runs[5].argv, "/ID"))
    assert.equal(0, #h:errors())
  end)
end)
