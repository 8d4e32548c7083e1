-- host_hostile_test.lua: the fake host's mode options given odd values, as an unlucky test
-- author would. Run it with `fakehost test tests/lua/host_hostile_test.lua`
-- (CTest: lua.host_hostile).

describe("host:go_offline", function()
  it("refuses a reason or mode with a NUL inside instead of reading the name before it", function()
    local h = fakehost.new({ scripts = {} })
    assert.error(function() h:go_offline({ reason = "network\0junk" }) end,
      'got "network\\u0000junk"')
    assert.error(function() h:go_offline({ mode = "cached-offline\0junk" }) end,
      'got "cached%-offline\\u0000junk"')
    assert.equal("online", h:state()) -- nothing was sent
    assert.equal("unknown", h:mode())
  end)

  it("names a huge bad reason in a message of a line's length", function()
    local h = fakehost.new({ scripts = {} })
    local err = assert.error(function() h:go_offline({ reason = string.rep("z", 1e6) }) end)
    assert.truthy(#err < 300)
  end)
end)
