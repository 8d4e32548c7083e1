-- The ribbon test's script with a name outside ASCII (tests/wine/addin-ribbon.sh): the menu
-- must show it as written, through UTF-16 BSTRs and the XML.
hooks.on("start", function()
    hooks.log.info("ribbon grüße start")
end)
