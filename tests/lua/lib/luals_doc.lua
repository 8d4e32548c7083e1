-- lib/luals_doc.lua: doc comments, read for the LuaLS checks (luals_check.lua), which stand
-- in for LuaLS where it cannot be installed. A doc block is a run of `---` lines; each
-- `---@tag` line in it is read into its name and type, so that the checks can tell what the
-- annotations declare and what they get wrong.

local set = require("luals_tables").set
local parse_type = require("luals_types").parse_type

local TYPED_TAGS = set("param field return alias | type overload")
local ACCESS = set("private protected public package")

-- The name of a @param or @field (`x`, `x?`, `...`, `[string]`), whether it is optional,
-- and the rest of the line. A @field's access word (`@field private x T`) is skipped.
local function param_name(tag, rest)
  local scope, unscoped = rest:match("^(%a+)%s+(.*)$")
  if tag == "field" and ACCESS[scope] then
    rest = unscoped
  end
  local name, optional, after = rest:match("^([%w_.]+)(%??)%s*(.*)$") -- also `...`
  if not name then
    name, optional, after = rest:match("^(%b[])(%??)%s*(.*)$") -- `@field [string] T`
  end
  return name, optional == "?", after or rest
end

-- The names of `@generic T, U: table`.
local function generic_names(rest)
  local names = {}
  for name in rest:gsub(":[^,]*", ""):gmatch("[%a_][%w_]*") do
    names[#names + 1] = name
  end
  return names
end

-- One doc line: {tag =, name =, optional =, type =, bad_type =}, or nil for description.
-- `---| "x" # comment` (an alias's alternative) has the tag "|".
local function read_tag(text)
  local tag, rest = text:match("^%s*@(%a+)%s*(.-)%s*$")
  if not tag then
    rest = text:match("^%s*|%s*[>+]?%s*(.-)%s*$")
    tag = rest and "|"
  end
  if not tag then
    return nil
  end
  local a = { tag = tag }
  if tag == "param" or tag == "field" then
    a.name, a.optional, rest = param_name(tag, rest)
  elseif tag == "class" or tag == "alias" then
    a.name, rest = rest:gsub("^%(%a+%)%s*", ""):match("^([%w_.]+)%s*(.*)$") -- `@class (exact) X`
  elseif tag == "generic" then
    a.names = generic_names(rest)
  end
  if TYPED_TAGS[tag] and rest and (rest ~= "" or tag ~= "alias") then
    a.type, a.bad_type = parse_type(rest)
  end
  return a
end

-- The doc blocks among a file's tokens: runs of `---` comments on consecutive lines, each
-- {tags = {...}, last = its last line}.
local function doc_blocks(toks)
  local blocks, current = {}, nil
  for _, t in ipairs(toks) do
    local doc = t.kind == "comment" and not t.text:match("^%-%-%[=*%[") and t.text:match("^%-%-%-(.*)$")
    if doc then
      if not (current and t.line == current.last + 1) then
        current = { tags = {} }
        blocks[#blocks + 1] = current
      end
      current.last = t.line
      local a = read_tag(doc)
      if a then
        a.line = t.line
        current.tags[#current.tags + 1] = a
      end
    else
      current = nil
    end
  end
  return blocks
end

return { doc_blocks = doc_blocks }
