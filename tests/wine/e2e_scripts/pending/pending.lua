-- addin-e2e.sh "pending" cases: two requests at once while Outlook's change takes a while
-- (OH_FAKE_MAPI_DELAY_MS). The second meets E_PENDING on Outlook's main thread; the add-in
-- tries it again a few times, a short timer apart, then gives up with a warning.
hooks.on("offline", function()
    local a = hooks.outlook.set_state("online")
    local b = hooks.outlook.set_state("online")
    hooks.log.info("pending asked twice -> %s %s", tostring(a), tostring(b))
end)
