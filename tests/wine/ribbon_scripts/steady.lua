-- The ribbon test's well-behaved script (tests/wine/addin-ribbon.sh): it only says it started,
-- so that the test sees a reload run it again.
hooks.on("start", function()
    hooks.log.info("ribbon steady start")
end)
