-- The OfflineHooks end-to-end test script (tests/wine/addin-e2e.sh copies it into a scripts
-- folder and points OFFLINEHOOKS_SCRIPTS at it). Each line it logs is checked by the test.
local marker_key = os.getenv("OH_E2E_REG_KEY")

-- An argument that only survives a correct command line: blanks, quotes, a backslash before a
-- quote and a trailing backslash (quote_argv's cases), as the child program sees it.
local tricky = 'two words "quoted" back\\slash \\"q\\" end\\'

hooks.on("start", function(e)
    hooks.log.info("e2e start state=%s profile=%s", e.state, e.profile)
end)

-- Once every program below has ended (five on_exit calls), a last one creates the file the
-- stand-in waits for (OH_E2E_DONE): the test then goes on at once instead of after a fixed time.
local ended = 0
local function program_ended()
    ended = ended + 1
    if ended == 5 then
        hooks.run({ "cmd.exe", "/c", "type", "nul", ">", os.getenv("OH_E2E_DONE") })
    end
end

hooks.on("offline", function(e)
    hooks.log.info("e2e offline seq=%d phase=%s cause=%s", e.seq, e.phase, e.cause)
    -- A child process with a visible effect (a registry value), started without a shell.
    hooks.run({ "reg.exe", "add", marker_key, "/v", "ran", "/d", "yes", "/f" }, {
        timeout = "20s",
        on_exit = function(r)
            hooks.log.info("e2e run exit code=%s timed_out=%s", tostring(r.code), tostring(r.timed_out))
            program_ended()
            -- The argv round trip: reg.exe stores the argument as its C runtime split it.
            hooks.run({ "reg.exe", "add", marker_key, "/v", "args", "/d", tricky, "/f" }, {
                on_exit = function(r2)
                    hooks.log.info("e2e args stored code=%s", tostring(r2.code))
                    program_ended()
                end,
            })
        end,
    })
    -- Output captured through the pipes.
    hooks.run({ "cmd.exe", "/c", "echo hello from cmd" }, {
        on_exit = function(r)
            hooks.log.info("e2e echo code=%s out=[%s]", tostring(r.code), (r.stdout:gsub("%s+$", "")))
            program_ended()
        end,
    })
    -- A program that does not exist: an error for on_exit, not for the add-in.
    hooks.run({ "no-such-program-e2e.exe" }, {
        on_exit = function(r)
            hooks.log.info("e2e missing code=%s err=%s", tostring(r.code), r.stderr)
            program_ended()
        end,
    })
    -- Past its timeout: ended with TerminateProcess, reported as timed out with no exit code.
    hooks.run({ "ping.exe", "-n", "30", "127.0.0.1" }, {
        timeout = "300ms",
        on_exit = function(r)
            hooks.log.info("e2e slow code=%s timed_out=%s", tostring(r.code), tostring(r.timed_out))
            program_ended()
        end,
    })
    -- Still running when Outlook closes: it does not outlive the add-in.
    hooks.run({ "ping.exe", "-n", "45", "127.0.0.2" })
    hooks.notify("OfflineHooks e2e", "Outlook went offline")
    local ok, err = hooks.outlook.set_state("online")
    hooks.log.info("e2e set_state online -> %s %s", tostring(ok), tostring(err))
end)

hooks.on("online", function(e)
    hooks.log.info("e2e online seq=%d cause=%s", e.seq, e.cause)
end)

hooks.on("stop", function()
    hooks.log.info("e2e stop")
end)
