-- api_surface_test.lua: the API the engine really has, the one scripts/meta/hooks.lua
-- declares to editors, and the one docs/api.md documents must be the same, function for
-- function. Run it with `fakehost test tests/lua/api_surface_test.lua` (CTest:
-- lua.api_surface). Test files are not sandboxed, so this one reads the two files itself.
--
-- The engine's side comes from two places: a probe script (fixtures/api_probe/api_probe.lua)
-- that walks the real `hooks` table from inside a script and logs what it finds, and this
-- file's own globals (describe, it, assert, fakehost) and a real host object.

local here = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
local ROOT = here .. "../../"
local META = ROOT .. "scripts/meta/hooks.lua"
local API_DOC = ROOT .. "docs/api.md"
local PROBE = here .. "fixtures/api_probe/api_probe.lua"

-- The globals of a plain Lua 5.4 state; anything else was added by the host.
local STANDARD_GLOBALS = {}
for name in ([[_G _VERSION assert collectgarbage dofile error getmetatable ipairs load loadfile
  next pairs pcall print rawequal rawget rawlen rawset require select setmetatable tonumber
  tostring type warn xpcall coroutine debug io math os package string table utf8]]):gmatch("%S+") do
  STANDARD_GLOBALS[name] = true
end

local function read(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("a")
  f:close()
  return text
end

local function lines(text)
  return (text:gsub("\r\n", "\n") .. "\n"):gmatch("(.-)\n")
end

local function sorted_keys(set)
  local out = {}
  for k in pairs(set) do
    out[#out + 1] = k
  end
  table.sort(out)
  return out
end

-- The names in `a` that are not in `b`, sorted, so a failure lists them all at once.
local function missing(a, b)
  local out = {}
  for _, k in ipairs(sorted_keys(a)) do
    if not b[k] then
      out[#out + 1] = k
    end
  end
  return out
end

-- Only the names `keep(name)` accepts.
local function only(set, keep)
  local out = {}
  for k in pairs(set) do
    if keep(k) then
      out[k] = true
    end
  end
  return out
end

local function starts(prefix)
  return function(name)
    return name:sub(1, #prefix) == prefix
  end
end

-- What scripts/meta/hooks.lua declares:
--   functions[name] = {params = {...}, optional = {param = true}, returns = {...}}, named as
--     written there: "hooks.on", "subscription:cancel", "host:advance", "assert.equal", "it"
--   aliases[name] = other, from "assert.equals = assert.equal"
--   tables[name] = true, from "hooks.log = {}"
--   fields[class] = {field = true}, from the "---@field" lines under "---@class class"
local function parse_meta(text)
  local meta = { functions = {}, aliases = {}, tables = {}, fields = {} }
  local optional, returns, class = {}, {}, nil
  for line in lines(text) do
    if line:match("^%-%-%-") then
      class = line:match("^%-%-%-@class%s+([%w_.]+)") or class
      if class then
        meta.fields[class] = meta.fields[class] or {}
      end
      local field = line:match("^%-%-%-@field%s+([%w_]+)")
      if field and class then
        meta.fields[class][field] = true
      end
      local param, opt = line:match("^%-%-%-@param%s+([%w_.]+)(%??)")
      if param then
        optional[param] = opt == "?"
      end
      local ret = line:match("^%-%-%-@return%s+%S+%s+([%w_]+)")
      if ret then
        returns[#returns + 1] = ret
      end
    else
      local name, args = line:match("^function%s+([%w_.:]+)%((.-)%)")
      if name then
        local params, opts = {}, {}
        for a in args:gmatch("[^,%s]+") do
          params[#params + 1] = a
          opts[a] = optional[a] or nil
        end
        meta.functions[name] = { params = params, optional = opts, returns = returns }
      end
      local alias, other = line:match("^([%w_.]+)%s*=%s*([%w_.]+)%s*$")
      if alias then
        meta.aliases[alias] = other
      end
      local tbl = line:match("^([%w_.]+)%s*=%s*{}%s*$")
      if tbl then
        meta.tables[tbl] = true
      end
      optional, returns, class = {}, {}, nil
    end
  end
  return meta
end

-- A function's heading in docs/api.md, as the reference's own rule says: parameter names
-- from meta/hooks.lua, optional ones in [ ], and the names of the return values after →.
local function heading(name, fn)
  local required, optional = {}, {}
  for _, p in ipairs(fn.params) do
    if fn.optional[p] then
      optional[#optional + 1] = p
    else
      assert(#optional == 0, name .. ": a required parameter after an optional one")
      required[#required + 1] = p
    end
  end
  local text = table.concat(required, ", ")
  for i, p in ipairs(optional) do
    text = text .. ((i == 1 and #required == 0) and "[" or " [, ") .. p
  end
  text = name .. "(" .. text .. string.rep("]", #optional) .. ")"
  if #fn.returns > 0 then
    text = text .. " → " .. table.concat(fn.returns, ", ")
  end
  return text
end

-- The level-3 headings of docs/api.md that name a function: name -> the heading's text.
local function parse_doc(text)
  local headings = {}
  for line in lines(text) do
    local title = line:match("^###%s+(.-)%s*$")
    local name = title and title:match("^([%w_.:]+)%(")
    if name then
      headings[name] = title
    end
  end
  return headings
end

local meta = parse_meta(read(META))
local doc_text = read(API_DOC)
local doc = parse_doc(doc_text)

-- What the probe script found, by kind: probe.function["hooks.on"], probe.value[...] = type.
local function probe_script()
  local h = fakehost.new({ scripts = { PROBE } })
  assert.equal(0, #h:errors(), "the probe script failed")
  local found = { ["function"] = {}, table = {}, value = {}, method = {}, global = {},
    require = {}, opaque = {} }
  for _, entry in ipairs(h:logs("info")) do
    if entry.script == "api_probe" then
      local kind, name, extra = entry.message:match("^(%S+) (%S+) ?(.*)$")
      found[kind][name] = extra ~= "" and extra or true
    end
  end
  return found
end

-- The test API as this file sees it: function name -> the function.
local function test_api()
  local api = { describe = describe, it = it }
  for k, v in pairs(assert) do
    api["assert." .. k] = v
  end
  for k, v in pairs(fakehost) do
    api["fakehost." .. k] = v
  end
  local h = fakehost.new({ scripts = {} })
  local index = getmetatable(h).__index
  for k, v in pairs(index) do
    api["host:" .. k] = v
  end
  return api
end

local declared = {}
for name in pairs(meta.functions) do
  declared[name] = true
end
for name in pairs(meta.aliases) do
  declared[name] = true
end

-- Engine and meta/hooks.lua agree on the names `keep` accepts.
local function same_names(engine, keep)
  assert.equal({}, missing(only(engine, keep), declared),
    "in the engine but not declared in scripts/meta/hooks.lua")
  assert.equal({}, missing(only(declared, keep), engine),
    "declared in scripts/meta/hooks.lua but not in the engine")
end

describe("the script API", function()
  it("has every function under hooks declared in meta/hooks.lua, and nothing more", function()
    local found = probe_script()
    assert.truthy(next(found["function"]))
    same_names(found["function"], starts("hooks."))
  end)

  it("has the tables and values under hooks that meta/hooks.lua declares", function()
    local found = probe_script()
    local engine_tables = only(found.table, function() return true end)
    engine_tables.hooks = true
    assert.equal({}, missing(engine_tables, meta.tables), "tables not declared in meta/hooks.lua")
    assert.equal({}, missing(only(meta.tables, starts("hooks")), engine_tables),
      "tables declared in meta/hooks.lua but not in the engine")
    -- Values such as hooks.script.name are @field lines of the class named like their table.
    local engine_values, declared_values = {}, {}
    for name in pairs(found.value) do
      engine_values[name] = true
    end
    for tbl in pairs(engine_tables) do
      for field in pairs(meta.fields[tbl] or {}) do
        declared_values[tbl .. "." .. field] = true
      end
    end
    assert.equal({}, missing(engine_values, declared_values), "values not declared in meta/hooks.lua")
    assert.equal({}, missing(declared_values, engine_values),
      "fields declared in meta/hooks.lua but not in the engine")
  end)

  it("has the subscription and timer methods that meta/hooks.lua declares", function()
    local found = probe_script()
    assert.equal({}, found.opaque, "objects whose methods the probe could not see")
    same_names(found.method, starts("subscription:"))
    same_names(found.method, starts("timer:"))
  end)

  it("adds only the hooks global, which require \"hooks\" also returns", function()
    local found = probe_script()
    local added = {}
    for name in pairs(found.global) do
      if not STANDARD_GLOBALS[name] then
        added[#added + 1] = name
      end
    end
    table.sort(added)
    assert.equal({ "hooks" }, added)
    assert.equal("same", found.require.hooks)
  end)
end)

describe("the test API", function()
  it("has the host methods that meta/hooks.lua declares", function()
    same_names(test_api(), starts("host:"))
  end)

  it("has the fakehost functions that meta/hooks.lua declares", function()
    same_names(test_api(), starts("fakehost."))
  end)

  it("has describe, it and the assert checks that meta/hooks.lua declares", function()
    local api = test_api()
    same_names(api, starts("assert."))
    assert.equal("function", type(api.describe))
    assert.equal("function", type(api.it))
    assert.truthy(meta.functions.describe)
    assert.truthy(meta.functions.it)
  end)

  it("has aliases that really are the functions meta/hooks.lua says", function()
    local api = test_api()
    for _, alias in ipairs(sorted_keys(meta.aliases)) do
      local other = meta.aliases[alias]
      assert.truthy(meta.functions[other], alias .. " = " .. other .. ": no such function declared")
      assert.truthy(rawequal(api[alias], api[other]), alias .. " is not " .. other)
    end
  end)

  it("takes the parameters meta/hooks.lua declares, where the engine's are Lua functions", function()
    -- The test API is partly written in Lua, so its parameter names can be read back.
    local checked = 0
    for name, fn in pairs(test_api()) do
      local info = debug.getinfo(fn, "Su")
      local decl = meta.functions[name]
      if info.what == "Lua" and decl then
        local params = {}
        for i = 1, info.nparams do
          params[i] = debug.getlocal(fn, i)
        end
        if info.isvararg then
          params[#params + 1] = "..."
        end
        assert.equal(table.concat(decl.params, ", "), table.concat(params, ", "), name)
        checked = checked + 1
      end
    end
    assert.truthy(checked >= 7) -- describe, it and the five checks
  end)

  it("adds only describe, it and fakehost to the globals (assert is extended)", function()
    local added = {}
    for name in pairs(_G) do
      if not STANDARD_GLOBALS[name] then
        added[#added + 1] = name
      end
    end
    table.sort(added)
    assert.equal({ "describe", "fakehost", "it" }, added)
  end)
end)

describe("docs/api.md", function()
  it("has a heading for each function, with meta/hooks.lua's parameters and results", function()
    local wrong = {}
    for _, name in ipairs(sorted_keys(meta.functions)) do
      local want = heading(name, meta.functions[name])
      if doc[name] ~= want then
        wrong[#wrong + 1] = string.format("want %q, have %q", want, tostring(doc[name]))
      end
    end
    assert.equal({}, wrong, "docs/api.md headings")
  end)

  it("has no heading for a function meta/hooks.lua does not declare", function()
    assert.equal({}, missing(doc, meta.functions))
  end)

  it("names each alias", function()
    for _, alias in ipairs(sorted_keys(meta.aliases)) do
      assert.truthy(doc_text:find("`" .. alias .. "`", 1, true), alias .. " is not in docs/api.md")
    end
  end)
end)
