-- The ribbon test's failing script (tests/wine/addin-ribbon.sh): its offline handler raises an
-- error whose text holds XML's special characters, which the scripts menu must escape.
hooks.on("start", function()
    hooks.log.info("ribbon flaky start")
end)

hooks.on("offline", function()
    error('flaky <b> & "quoted" failed')
end)
