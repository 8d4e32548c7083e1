-- The connection mode test script (tests/wine/addin-mode.sh): logs e.mode and e.reason of every
-- event and hooks.outlook.mode(), and asks for Send/Receive once, when Outlook is back online.
local function show(e)
    hooks.log.info("mode %s phase=%s mode=%s reason=%s outlook.mode=%s", e.name,
        tostring(e.phase), e.mode, e.reason, hooks.outlook.mode())
end

hooks.on("start", show)
hooks.on("offline", show)
hooks.on("stop", function(e)
    show(e)
    -- Outlook is shutting the add-in down: the request cannot reach its thread any more.
    local ok, err = hooks.outlook.send_receive()
    hooks.log.info("mode send_receive at stop -> %s %s", tostring(ok), tostring(err))
end)

local asked = false
hooks.on("online", function(e)
    show(e)
    if asked then return end
    asked = true
    local ok, err = hooks.outlook.send_receive()
    hooks.log.info("mode send_receive -> %s %s", tostring(ok), tostring(err))
end)

-- Only a lost network: the filter of the cookbook's first recipe, as Outlook feeds it.
hooks.on("offline", function(e)
    hooks.log.info("mode network-only handler ran mode=%s", e.mode)
end, { reason = "network" })
