-- The OfflineHooks end-to-end test script (tests/wine/addin-e2e.sh copies it into a scripts
-- folder and points OFFLINEHOOKS_SCRIPTS at it). Each line it logs is checked by the test.
local marker_key = os.getenv("OH_E2E_REG_KEY")

hooks.on("start", function(e)
    hooks.log.info("e2e start state=%s profile=%s", e.state, e.profile)
end)

hooks.on("offline", function(e)
    hooks.log.info("e2e offline seq=%d phase=%s cause=%s", e.seq, e.phase, e.cause)
    -- A child process with a visible effect (a registry value), started without a shell.
    hooks.run({ "reg.exe", "add", marker_key, "/v", "ran", "/d", "yes", "/f" }, {
        timeout = "20s",
        on_exit = function(r)
            hooks.log.info("e2e run exit code=%s timed_out=%s", tostring(r.code), tostring(r.timed_out))
        end,
    })
    local ok, err = hooks.outlook.set_state("online")
    hooks.log.info("e2e set_state online -> %s %s", tostring(ok), tostring(err))
end)

hooks.on("online", function(e)
    hooks.log.info("e2e online seq=%d cause=%s", e.seq, e.cause)
end)

hooks.on("stop", function()
    hooks.log.info("e2e stop")
end)
