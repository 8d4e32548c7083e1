-- lib/luals_meta.lua: what the meta file (scripts/meta/hooks.lua, the definitions LuaLS
-- reads) says scripts and tests may use, read into a model for the LuaLS checks
-- (luals_check.lua): functions with their signatures, global tables, classes and their
-- members, literal aliases. LuaLS cannot be installed everywhere the tests run, so our
-- checks read the definitions themselves.
--
-- model = {
--   declared[name] = sig        every function as the meta file names it ("host:advance")
--   functions[name] = sig       global functions (describe, it)
--   roots[name] = class         global tables (hooks, assert, fakehost)
--   classes[class].members[n] = {sig =} | {type =} | {class =}  (a function, field, table)
--   types, aliases              as luals_file.declare_types gives them
--   host_class                  the class of a fake host (fakehost.new's result)
-- }
-- sig = {params = {{name =, optional =, type =}, ...}, vararg =, returns = {...}, method =}

local sorted_keys = require("luals_tables").sorted_keys
local luals_file = require("luals_file")

-- The text of code[k], nil past the end.
local function text_at(code, k)
  return code[k] and code[k].text
end

-- Whether a type admits nil (`T|nil`, `T?`): a parameter of that type may be left out.
local function nilable(ty)
  for _, alt in ipairs(ty and ty.alts or {}) do
    if alt == "nil" or alt:match("%?$") then
      return true
    end
  end
  return false
end

-- A function's signature from its parameter list and its block's @param/@return tags.
local function signature(fn, block, method)
  local ann, sig = {}, { params = {}, returns = {}, method = method }
  for _, a in ipairs(block and block.tags or {}) do
    if a.tag == "param" and a.name then
      ann[a.name] = a
    elseif a.tag == "return" and a.type then
      sig.returns[#sig.returns + 1] = a.type.text
    end
  end
  for _, name in ipairs(fn.params) do
    if name == "..." then
      sig.vararg = true
    else
      local a = ann[name] or {}
      sig.params[#sig.params + 1] = { name = name, optional = a.optional or nilable(a.type),
        type = a.type and a.type.text:gsub("%s", "") }
    end
  end
  return sig
end

-- The members of `class` in the model, made empty when first asked for.
local function members(model, class)
  model.classes[class] = model.classes[class] or { members = {} }
  return model.classes[class].members
end

-- Adds member b to a's class for `dotted` "a.b" or "a:b". `paths` gives the class of each
-- table by its path in the meta file ("host" -> "fakehost.Host").
local function add_member(model, paths, dotted, member)
  local owner, name = dotted:match("^(.*)[.:]([%w_]+)$")
  if owner then
    members(model, paths[owner] or owner)[name] = member
  end
end

-- The @field members of each @class; returns, for each block that a statement follows, the
-- block and the class it declares: first code index of the statement -> {block =, class =}.
local function read_blocks(file, model)
  local blocks_at = {}
  for _, block in ipairs(file.blocks) do
    local class
    for _, a in ipairs(block.tags) do
      class = a.tag == "class" and a.name or class
      if a.tag == "field" and class and a.name and a.type then
        members(model, class)[a.name] = { type = a.type.text:gsub("%s", "") }
      end
    end
    if block.subject then
      blocks_at[block.subject] = { block = block, class = class }
    end
  end
  return blocks_at
end

-- `function a.b(...)` or `function f(...)`, described by `block`.
local function add_function(model, paths, fn, block)
  local sig = signature(fn, block, fn.name:find(":") ~= nil)
  model.declared[fn.name] = sig
  if fn.name:find("[.:]") then
    add_member(model, paths, fn.name, { sig = sig })
  else
    model.functions[fn.name] = sig
  end
end

-- `[local] x = {}`: a table of the class its block declares, or of its own name.
local function add_table(model, paths, lhs, class, is_local)
  paths[lhs] = class
  if not lhs:find("%.") and not is_local then
    model.roots[lhs] = class
  end
  add_member(model, paths, lhs, { class = class })
end

-- Reads the statement that starts at code[k], which `doc` ({block =, class =} or {})
-- describes: a function, a table, or a second name for a function (`a.b = a.c`).
local function read_statement(model, paths, code, k, doc)
  local fn = luals_file.function_at(code, k)
  local is_local = code[k].text == "local"
  local lhs, j = luals_file.read_path(code, is_local and k + 1 or k, false)
  local rhs, after = luals_file.read_path(code, j + 1, false)
  if fn then
    add_function(model, paths, fn, doc.block)
  elseif lhs and text_at(code, j) == "=" and text_at(code, j + 1) == "{" and text_at(code, j + 2) == "}" then
    add_table(model, paths, lhs, doc.class or lhs, is_local)
  elseif lhs and text_at(code, j) == "=" and rhs and model.declared[rhs]
    and not (code[after] and code[after].line == code[j].line) then
    model.declared[lhs] = model.declared[rhs] -- assert.equals = assert.equal
    add_member(model, paths, lhs, { sig = model.declared[rhs] })
  end
end

-- The model of the meta file at `path` (see the top of this file).
local function load_meta(path)
  local file = luals_file.read_file(path)
  local model = { declared = {}, functions = {}, roots = {}, classes = {}, types = {}, aliases = {} }
  local paths = {} -- a table's path in the meta file -> its class ("host" -> "fakehost.Host")
  luals_file.declare_types(file, model.types, model.aliases)
  local blocks_at = read_blocks(file, model)
  -- Each statement of a meta file starts a line: `function ...`, `[local] x = {}`, `a.b = a.c`.
  for _, line in ipairs(sorted_keys(file.first)) do
    local k = file.first[line]
    read_statement(model, paths, file.code, k, blocks_at[k] or {})
  end
  local new = model.declared["fakehost.new"]
  model.host_class = new and new.returns[1] or "fakehost.Host"
  return model
end

return { load_meta = load_meta }
