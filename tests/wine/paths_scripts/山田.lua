-- addin-paths.sh: finds the store file an earlier version saved under its UTF-8 name.
hooks.on("start", function()
    hooks.log.info("%s kept=%s", hooks.script.name, tostring(hooks.store.get("k")))
end)
