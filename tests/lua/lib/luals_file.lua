-- lib/luals_file.lua: a Lua file as the LuaLS checks (luals_check.lua) see it: its code
-- tokens, its doc blocks, the functions it defines and the types it declares. Our checks
-- stand in for LuaLS, which cannot be installed everywhere the tests run, so they read the
-- files themselves.

local KEYWORDS = require("luals_lexer").KEYWORDS
local tokenize = require("luals_lexer").tokenize
local doc_blocks = require("luals_doc").doc_blocks

-- `a.b.c` (and `a.b:c` when `colon`) from code[k]: the path and the index after it.
local function read_path(code, k, colon)
  local t = code[k]
  if not (t and t.kind == "name" and not KEYWORDS[t.text]) then
    return nil, k
  end
  local path = t.text
  k = k + 1
  while code[k] and (code[k].text == "." or (colon and code[k].text == ":"))
    and code[k + 1] and code[k + 1].kind == "name" do
    path = path .. code[k].text .. code[k + 1].text
    k = k + 2
  end
  return path, k
end

-- The texts of the parameter list whose `(` is code[k], without the commas.
local function param_list(code, k)
  local params = {}
  for j = k + 1, #code do
    if code[j].text == ")" then
      break
    elseif code[j].text ~= "," then
      params[#params + 1] = code[j].text
    end
  end
  return params
end

-- The function defined from code[k] on, {name =, params = {...}}, or nil: `function a.b:c(...)`,
-- `local function f(...)`, `[local] a.b = function(...)`.
local function function_at(code, k)
  if code[k] and code[k].text == "local" then
    k = k + 1
  end
  local name
  if code[k] and code[k].text == "function" then
    name, k = read_path(code, k + 1, true)
  else
    name, k = read_path(code, k, false)
    if not (code[k] and code[k].text == "=" and code[k + 1] and code[k + 1].text == "function") then
      return nil
    end
    k = k + 2
  end
  if not (name and code[k] and code[k].text == "(") then
    return nil
  end
  return { name = name, params = param_list(code, k) }
end

-- A file, read and split: {path, toks, code (no comments), blocks, first (line -> index
-- in code of the line's first token), is_meta}.
local function read_file(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("a"):gsub("\r\n", "\n")
  f:close()
  local file = { path = path, toks = tokenize(text), code = {}, first = {} }
  for _, t in ipairs(file.toks) do
    if t.kind ~= "comment" then
      file.code[#file.code + 1] = t
      file.first[t.line] = file.first[t.line] or #file.code
    end
  end
  file.blocks = doc_blocks(file.toks)
  for _, block in ipairs(file.blocks) do
    block.subject = file.first[block.last + 1] -- the statement a block describes starts next
    for _, a in ipairs(block.tags) do
      file.is_meta = file.is_meta or a.tag == "meta" -- a definition file: no code to check
    end
  end
  return file
end

-- The classes and aliases a file declares, into types[name] = true and aliases[name] = the
-- alternatives' texts.
local function declare_types(file, types, aliases)
  for _, block in ipairs(file.blocks) do
    local alias
    for _, a in ipairs(block.tags) do
      if (a.tag == "class" or a.tag == "alias") and a.name then
        types[a.name] = true
        alias = a.tag == "alias" and {} or nil
        aliases[a.name] = alias
      end
      if alias and (a.tag == "alias" or a.tag == "|") and a.type then
        table.move(a.type.alts, 1, #a.type.alts, #alias + 1, alias)
      end
    end
  end
end

return { read_path = read_path, function_at = function_at, read_file = read_file, declare_types = declare_types }
