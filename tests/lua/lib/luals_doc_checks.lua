-- lib/luals_doc_checks.lua: the LuaLS diagnostics on annotations, for luals_check.lua, which
-- stands in for LuaLS where it cannot be installed: undefined-doc-name, undefined-doc-param,
-- duplicate-doc-param, duplicate-doc-field, doc-field-no-class, luadoc-miss-param-name and
-- luadoc-miss-field-name, and luadoc-miss-type-name for a type that does not read.

local set = require("luals_tables").set
local BUILTIN_TYPES = require("luals_types").BUILTIN_TYPES
local function_at = require("luals_file").function_at

-- The names a tag may use as types besides built-ins, classes and aliases: its block's
-- @generic names.
local function generics_of(block)
  local out = {}
  for _, a in ipairs(block.tags) do
    for _, name in ipairs(a.names or {}) do
      out[name] = true
    end
  end
  return out
end

local function check_types(a, types, generics, report)
  if a.bad_type then
    report(a.line, "luadoc-miss-type-name", ("@%s: cannot read the type: %s"):format(a.tag, a.bad_type))
  end
  for _, name in ipairs(a.type and a.type.names or {}) do
    if not (BUILTIN_TYPES[name] or types[name] or generics[name]) then
      report(a.line, "undefined-doc-name", ("type `%s` is not a built-in type, a @class or an @alias"):format(name))
    end
  end
end

-- @field and @param names: present, under a class (fields), not given twice. `fields` is
-- class -> {name = true} for the whole file, `params` name -> true for the block.
local function check_names(a, class, fields, params, report)
  if (a.tag == "param" or a.tag == "field") and not a.name then
    report(a.line, "luadoc-miss-" .. a.tag .. "-name", ("@%s without a name"):format(a.tag))
  elseif a.tag == "field" and not class then
    report(a.line, "doc-field-no-class", ("@field %s is not under a @class in the same block"):format(a.name))
  elseif a.tag == "field" and fields[class][a.name] then
    report(a.line, "duplicate-doc-field", ("%s.%s is declared twice"):format(class, a.name))
  elseif a.tag == "field" then
    fields[class][a.name] = true
  elseif a.tag == "param" and params[a.name] then
    report(a.line, "duplicate-doc-param", ("@param %s is given twice"):format(a.name))
  elseif a.tag == "param" then
    params[a.name] = true
  end
end

-- The @params must name parameters of the function that follows the block (if one does).
local function check_params(file, block, report)
  local fn = block.subject and function_at(file.code, block.subject)
  if not fn then
    return
  end
  local known = set(table.concat(fn.params, " "))
  for _, a in ipairs(block.tags) do
    if a.tag == "param" and a.name and not known[a.name] then
      report(a.line, "undefined-doc-param", ("@param %s is not a parameter of %s(%s)"):format(a.name, fn.name,
        table.concat(fn.params, ", ")))
    end
  end
end

-- Checks the annotations of `file` (a luals_file.read_file), where `types` holds the class
-- and alias names known; report(line, diagnostic, message) takes each problem.
local function check_annotations(file, types, report)
  local fields = {}
  for _, block in ipairs(file.blocks) do
    local class, generics, params = nil, generics_of(block), {}
    for _, a in ipairs(block.tags) do
      if a.tag == "class" and a.name then
        class = a.name
        fields[class] = fields[class] or {}
      end
      check_names(a, class, fields, params, report)
      check_types(a, types, generics, report)
    end
    check_params(file, block, report)
  end
end

return { check_annotations = check_annotations }
