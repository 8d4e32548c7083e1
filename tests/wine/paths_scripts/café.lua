-- addin-paths.sh: a script with a non-ASCII name, run from folders a Windows user may have
-- (a non-ASCII profile, blanks, '#', '%', past 260 characters). dofile of a non-ASCII file
-- name, the store across a restart, and its own name and path in the log.
local lib = dofile("lib/Jürgen 山田.lua")
hooks.on("start", function()
    local n = hooks.store.get("n") or 0
    hooks.store.set("n", n + 1)
    hooks.log.info("%s n=%d %s", hooks.script.name, n, lib.greeting)
    hooks.log.info("path=%s", hooks.script.path)
    -- A program started from this folder (past 260 characters in the "env" case): it cannot
    -- start in a folder Windows does not take as a current folder. It writes the file the
    -- stand-in waits for.
    local done = os.getenv("OH_PATHS_DONE")
    if done then
        hooks.run({ "cmd.exe", "/c", "type", "nul", ">", done }, { on_exit = function(r)
            hooks.log.info("%s run code=%s", hooks.script.name, tostring(r.code))
        end })
    end
end)
