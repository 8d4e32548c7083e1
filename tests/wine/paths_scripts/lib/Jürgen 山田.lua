-- Read by café.lua through dofile: a file name outside ASCII and Latin-1.
return { greeting = "grüß 山田" }
