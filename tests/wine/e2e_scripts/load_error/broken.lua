-- addin-e2e.sh "load_error" case: a syntax error. The add-in logs it with file:line and goes
-- on with the other scripts.
hooks.on("start", function()
    hooks.log.info("broken never runs"
end)
