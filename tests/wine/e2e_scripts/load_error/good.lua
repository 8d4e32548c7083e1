-- addin-e2e.sh "load_error" case: loads and runs beside broken.lua.
hooks.on("start", function(e)
    hooks.log.info("good start state=%s", e.state)
end)
