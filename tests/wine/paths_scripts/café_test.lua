-- fakehost-paths.sh: a test file in a folder named outside ASCII requires a module from its
-- lib/ and starts a fake host on café.lua there.
local words = require "paths_words"

describe("café", function()
  it("finds its lib module and its script in a non-ASCII folder", function()
    assert(words.greeting == "grüß")
    local h = fakehost.new({ scripts = { "café.lua" } })
    local logs = h:logs("info")
    assert(logs[1] and logs[1].script == "café", "café.lua did not run")
    assert(logs[1].message == "café n=0 grüß 山田", logs[1].message)
  end)
end)
