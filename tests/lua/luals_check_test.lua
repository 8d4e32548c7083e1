-- luals_check_test.lua: an editor with the Lua language server (LuaLS) opened on scripts/
-- shows no warnings: not on the definitions (scripts/meta/hooks.lua), the example scripts,
-- their tests or lib/. LuaLS cannot be installed everywhere the tests run, so lib/luals_check.lua
-- checks the LuaLS diagnostics that could fire on these files, and fixtures/luals_bad/ proves
-- that it finds each kind of mistake. Run it with `fakehost test tests/lua/luals_check_test.lua`
-- (CTest: lua.luals_check). Test files are not sandboxed: this one lists folders and reads files.

local luals = require "luals_check"

-- A folder path without "." and "dir/..": "tests/lua/../../" is "" (the current folder).
local function tidy(dir)
  local out = {}
  for part in dir:gmatch("[^/\\]+") do
    if part == ".." and #out > 0 and out[#out] ~= ".." then
      out[#out] = nil
    elseif part ~= "." then
      out[#out + 1] = part
    end
  end
  local path = table.concat(out, "/")
  return (dir:match("^[/\\]") and "/" or "") .. path .. (path ~= "" and "/" or "")
end

local here = tidy(debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./")
local ROOT = tidy(here .. "../../")
local SCRIPTS = ROOT .. "scripts/"
local META = SCRIPTS .. "meta/hooks.lua"
local BAD = here .. "fixtures/luals_bad/"

local function read(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("a")
  f:close()
  return text
end

-- The *.lua files directly in `dir`, sorted. Lua cannot list a folder by itself, so the
-- system's shell does: ls, or dir on Windows.
local function lua_files(dir)
  local windows = package.config:sub(1, 1) == "\\"
  local command = windows and ('dir /b "%s"'):format((dir:gsub("/", "\\")))
    or ("ls -1 '%s'"):format(dir)
  local pipe = assert(io.popen(command))
  local out = {}
  for name in pipe:lines() do
    name = name:gsub("\r$", "")
    if name:match("%.lua$") then
      out[#out + 1] = dir .. name
    end
  end
  pipe:close()
  table.sort(out)
  return out
end

-- Everything LuaLS would look at in scripts/: the definitions first, then the scripts and
-- their tests, then lib/.
local function script_files()
  local files = { META }
  for _, dir in ipairs({ SCRIPTS, SCRIPTS .. "lib/" }) do
    for _, path in ipairs(lua_files(dir)) do
      files[#files + 1] = path
    end
  end
  return files
end

local function contains(list, item)
  for _, v in ipairs(list) do
    if v == item then
      return true
    end
  end
  return false
end

describe("the scripts folder", function()
  it("is found: the definitions, scripts, their tests and lib/", function()
    local files = script_files()
    assert.truthy(#files >= 20, "only " .. #files .. " files found")
    for _, name in ipairs({ "meta/hooks.lua", "offline_notice.lua", "offline_notice_test.lua",
      "lib/testkit.lua", "lib/timefmt.lua" }) do
      assert.truthy(contains(files, SCRIPTS .. name), name .. " is not among the files checked")
    end
  end)

  it("has nothing LuaLS would warn about", function()
    local problems = luals.check(META, script_files())
    assert.equal(0, #problems, "LuaLS would report:\n" .. table.concat(problems, "\n"))
  end)
end)

describe("the checker's reading of scripts/meta/hooks.lua", function()
  -- A checker that read nothing from the definitions would find nothing wrong anywhere.
  it("knows every function declared there, with its parameters", function()
    local meta = luals.load_meta(META)
    local seen = 0
    for name, params in read(META):gmatch("\nfunction ([%w_.:]+)%((.-)%)") do
      local sig = meta.declared[name]
      assert.truthy(sig, name .. " is not known")
      local count = select(2, params:gsub("[^,%s]+", ""))
      assert.equal(count, #sig.params + (sig.vararg and 1 or 0), name .. ": parameters")
      seen = seen + 1
    end
    assert.truthy(seen >= 30, "only " .. seen .. " functions in the meta file?")
    for _, name in ipairs({ "hooks.run", "hooks.log.info", "host:finish_run", "assert.equals", "it" }) do
      assert.truthy(meta.declared[name], name .. " is not known")
    end
  end)

  it("knows the tables, classes and literal types the checks rest on", function()
    local meta = luals.load_meta(META)
    assert.equal("hooks", meta.roots.hooks)
    assert.equal("fakehost.assert", meta.roots.assert)
    assert.equal("fakehost.Host", meta.host_class)
    assert.truthy(meta.classes.hooks.members.log.class == "hooks.log")
    assert.truthy(meta.classes["hooks.log"].members.info.sig.vararg)
    assert.truthy(meta.classes["fakehost.Host"].members.advance.sig.method)
    assert.equal("hooks.Duration", meta.classes["hooks.OnOptions"].members.after.type)
    assert.truthy(meta.classes["hooks.Event"].members.since)
    assert.equal({ '"offline"', '"online"', '"change"', '"start"', '"stop"' }, meta.aliases["hooks.EventName"])
    assert.equal({ "number", "string" }, meta.aliases["hooks.Duration"])
  end)
end)

-- Each problem the fixtures hold on purpose: file, line, LuaLS's name for it. The fixture
-- files mark the same lines with "<- name".
local EXPECTED = {
  { "broken_meta.lua", 13, "undefined-doc-name" },    -- brokn.Other in an alias
  { "broken_meta.lua", 18, "duplicate-doc-field" },   -- name, twice
  { "broken_meta.lua", 19, "undefined-doc-name" },    -- broken.Ownr
  { "broken_meta.lua", 26, "doc-field-no-class" },    -- a @field in a block of its own
  { "broken_meta.lua", 30, "undefined-doc-param" },   -- colour is not a parameter
  { "broken_meta.lua", 31, "duplicate-doc-param" },   -- thing, twice
  { "broken_meta.lua", 33, "undefined-doc-name" },    -- brokenn.Result, deep in a type
  { "misuse.lua", 4, "param-type-mismatch" },         -- hooks.on("ofline", ...)
  { "misuse.lua", 5, "undefined-field" },             -- hooks.lgo.info
  { "misuse.lua", 6, "undefined-field" },             -- e.stat
  { "misuse.lua", 9, "param-type-mismatch" },         -- hooks.after("5 minutes", f)
  { "misuse.lua", 10, "missing-parameter" },          -- hooks.on("offline")
  { "misuse.lua", 11, "redundant-parameter" },        -- hooks.notify with three arguments
  { "misuse.lua", 13, "param-type-mismatch" },        -- opts.after = "2 hours"
  { "misuse.lua", 14, "param-type-mismatch" },        -- set_state("unknown")
  { "misuse.lua", 39, "undefined-field" },            -- hooks.log.warnn, after multi-line strings
  { "misuse_test.lua", 6, "param-type-mismatch" },    -- fakehost.new{state = "ofline"}
  { "misuse_test.lua", 7, "undefined-field" },        -- h:advnce(1)
  { "misuse_test.lua", 8, "param-type-mismatch" },    -- h:advance("1 hour")
  { "misuse_test.lua", 9, "param-type-mismatch" },    -- phases = {"start", "dne"}
  { "misuse_test.lua", 10, "missing-parameter" },     -- assert.equal(1)
  { "misuse_test.lua", 11, "param-type-mismatch" },   -- h:logs("warning")
  { "misuse_test.lua", 12, "undefined-field" },       -- assert.equl
  { "misuse_test.lua", 13, "missing-parameter" },     -- it("nested")
}

local BAD_FILES = { BAD .. "broken_meta.lua", BAD .. "misuse.lua", BAD .. "misuse_test.lua" }

local function expected()
  local out = {}
  for _, e in ipairs(EXPECTED) do
    out[#out + 1] = ("%s%s:%d: %s"):format(BAD, e[1], e[2], e[3])
  end
  return out
end

describe("the checker on fixtures/luals_bad", function()
  it("reports each problem at its file:line with LuaLS's name, and nothing else", function()
    local problems = luals.check(META, BAD_FILES)
    local found = {}
    for _, p in ipairs(problems) do
      found[#found + 1] = p:match("^(.-:%d+: [%w-]+): ") or p
    end
    assert.equal(expected(), found, "all reported:\n" .. table.concat(problems, "\n"))
  end)

  it("says what was expected", function()
    local text = table.concat(luals.check(META, BAD_FILES), "\n")
    assert.matches('misuse.lua:4: param%-type%-mismatch: "ofline" is not a hooks.EventName: '
      .. 'expected one of "offline", "online"', text)
    assert.matches('misuse.lua:9: [^\n]*"5 minutes" is not a hooks.Duration: expected <number>ms|s|m|h', text)
    assert.matches("misuse.lua:10: [^\n]*hooks.on%(name, handler, opts%?%) needs 2 argument%(s%), got 1", text)
    assert.matches('misuse_test.lua:7: [^\n]*h:advnce: fakehost.Host has no field "advnce"; it has: advance,', text)
  end)

  it("expects the problems the fixture files mark with \"<- name\"", function()
    local marked = {}
    for _, path in ipairs(BAD_FILES) do
      local n = 0
      for line in (read(path) .. "\n"):gmatch("(.-)\r?\n") do
        n = n + 1
        local name = line:match("<%- ([%l-]+)")
        if name then
          marked[#marked + 1] = ("%s:%d: %s"):format(path, n, name)
        end
      end
    end
    assert.equal(expected(), marked)
  end)

  it("reads fixtures that compile, so that their line numbers mean what they say", function()
    for _, path in ipairs(BAD_FILES) do
      assert.truthy(loadfile(path), path .. " does not compile")
    end
  end)
end)
