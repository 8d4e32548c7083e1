-- lib/luals_code_checks.lua: the LuaLS diagnostics on code, for luals_check.lua, which stands
-- in for LuaLS where it cannot be installed: undefined-field, param-type-mismatch (string
-- literals only), missing-parameter and redundant-parameter, against the model of the meta
-- file (luals_meta.lua).
--
-- Which names hold what, LuaLS would infer; here simple rules stand in for that:
--   * the meta file's global tables (hooks, assert, fakehost) and functions (describe, it)
--     are found by name, wherever they are not after `.` or `:`;
--   * a name assigned `fakehost.new(...)` or `testkit.host(...)`, or a parameter annotated
--     with fakehost.new's result class, is a fake host in the whole file (tests call their
--     hosts h and use h for nothing else);
--   * outside *_test.lua files, `e` is an event: the scripts name their handlers' parameter e
--     and use e for nothing else (LuaLS knows it only in functions given to hooks.on).

local tables = require("luals_tables")
local lexer = require("luals_lexer")

local set, sorted_keys = tables.set, tables.sorted_keys
local KEYWORDS = lexer.KEYWORDS

-- Blocks nest like brackets when counting a call's arguments: the commas of a function
-- passed as an argument are not the call's.
local OPENS = set("( { [ function if do repeat")
local CLOSES = set(") } ] end until")

local HOST_MAKERS = set("fakehost.new testkit.host")
local EVENT_CLASS = "hooks.Event"
-- To LuaLS a hooks.Duration is number|string, any string; the engine takes only "<number><unit>"
-- (scripting/duration.h), so a literal is checked as the engine would check it.
local DURATION = "hooks.Duration"
local DURATION_UNITS = set("ms s m h")

local function contains(list, value)
  for _, v in ipairs(list) do
    if v == value then
      return true
    end
  end
  return false
end

-- The index of the token that closes the bracket or block opened at code[k].
local function closing(code, k)
  local depth = 0
  for j = k, #code do
    local t = code[j].text
    depth = depth + (OPENS[t] and 1 or 0) - (CLOSES[t] and 1 or 0)
    if depth == 0 then
      return j
    end
  end
  return #code
end

-- The comma- (or semicolon-) separated parts of code[a..b], as {first, last} pairs.
local function split(code, a, b)
  local parts, start, j = {}, a, a
  while j <= b do
    if OPENS[code[j].text] then
      j = closing(code, j)
    elseif code[j].text == "," or code[j].text == ";" then
      parts[#parts + 1] = { start, j - 1 }
      start = j + 1
    end
    j = j + 1
  end
  if start <= b then
    parts[#parts + 1] = { start, b }
  end
  return parts
end

-- Whether an argument may stand for any number of values: `...` or a call f(x).
local function is_open(code, part)
  local a, b = part[1], part[2]
  if code[b].text == "..." then
    return a == b
  end
  if code[b].text ~= ")" then
    return false
  end
  for j = b - 1, a + 1, -1 do -- the `(` that this `)` closes, and what stands before it
    if code[j].text == "(" and closing(code, j) == b then
      local before = code[j - 1]
      return (before.kind == "name" and not KEYWORDS[before.text]) or before.text == ")"
        or before.text == "]" or before.kind == "string"
    end
  end
  return false
end

local function is_duration(s)
  local number, unit = s:match("^(%d+%.?%d*)(%a+)$")
  return number ~= nil and not number:match("%.$") and DURATION_UNITS[unit] ~= nil
end

-- The values of an alias made of string literals only; nil for any other type.
local function literals(alts)
  local out = {}
  for _, alt in ipairs(alts or {}) do
    local value = alt:match('^"(.*)"$') or alt:match("^'(.*)'$")
    if not value then
      return nil -- not only literals: any string may do
    end
    out[#out + 1] = value
  end
  return #out > 0 and out or nil
end

-- A string literal where a literal alias or a duration is expected.
local function check_literal(ctx, ty, tok)
  local value = lexer.string_value(tok)
  if ty == DURATION then
    if type(value) == "string" and not is_duration(value) then
      ctx.report(tok.line, "param-type-mismatch", ("%s is not a %s: expected <number>ms|s|m|h, "
        .. "such as \"250ms\", \"30s\", \"5m\" or \"1h\""):format(tok.text, ty))
    end
    return
  end
  local allowed = literals(ctx.model.aliases[ty])
  if allowed and not contains(allowed, value) then
    ctx.report(tok.line, "param-type-mismatch", ("%s is not a %s: expected one of \"%s\""):format(tok.text, ty,
      table.concat(allowed, "\", \"")))
  end
end

-- Checks the expression code[a..b] against the type `ty`: a string literal against literal
-- aliases and durations; a table constructor's fields against a class's fields, and its
-- items against an array's element type.
local function check_value(ctx, ty, a, b)
  local code = ctx.code
  if not ty then
    return
  elseif a == b and code[a].kind == "string" then
    check_literal(ctx, ty, code[a])
  elseif code[a].text == "{" and closing(code, a) == b then
    local class = ctx.model.classes[ty]
    for _, part in ipairs(split(code, a + 1, b - 1)) do
      local key = code[part[1]]
      if key.kind == "name" and code[part[1] + 1] and code[part[1] + 1].text == "=" then
        local field = class and class.members[key.text]
        check_value(ctx, field and field.type, part[1] + 2, part[2])
      else
        check_value(ctx, ty:match("^(.*)%[%]$"), part[1], part[2])
      end
    end
  end
end

local function params_text(sig)
  local out = {}
  for _, p in ipairs(sig.params) do
    out[#out + 1] = p.name .. (p.optional and "?" or "")
  end
  out[#out + 1] = sig.vararg and "..." or nil
  return table.concat(out, ", ")
end

-- The arguments of the call whose arguments start at code[k] (`(`, `{` or a string), as
-- {first, last} pairs; nil when there is no call there.
local function call_args(code, k)
  local t = code[k]
  if t and t.text == "(" then
    return split(code, k + 1, closing(code, k) - 1)
  elseif t and (t.text == "{" or t.kind == "string") then
    return { { k, t.kind == "string" and k or closing(code, k) } }
  end
  return nil
end

-- The call whose arguments start at code[k], if it is one: the number of arguments and their values.
local function check_call(ctx, k, sig, label)
  local code = ctx.code
  local args = call_args(code, k)
  if not args then
    return -- not a call: the function is only named
  end
  local required = 0
  for i, p in ipairs(sig.params) do
    required = p.optional and required or i
  end
  local open = #args > 0 and is_open(code, args[#args])
  if #args < required and not open then
    ctx.report(code[k - 1].line, "missing-parameter", ("%s(%s) needs %d argument(s), got %d")
      :format(label, params_text(sig), required, #args))
  elseif #args > #sig.params and not sig.vararg then
    ctx.report(code[k - 1].line, "redundant-parameter", ("%s(%s) takes at most %d argument(s), got %d")
      :format(label, params_text(sig), #sig.params, #args))
  end
  for i, part in ipairs(args) do
    check_value(ctx, sig.params[i] and sig.params[i].type, part[1], part[2])
  end
end

-- Follows `x.a.b` / `x:m(...)` from code[i], where x is of `class`: each name must be a
-- member of the class it is looked up in; a function's call is checked.
local function check_chain(ctx, i, class, label)
  local code = ctx.code
  while class do
    local sep, name = code[i + 1], code[i + 2]
    if not (sep and name and (sep.text == "." or sep.text == ":") and name.kind == "name") then
      return
    end
    local members = ctx.model.classes[class] and ctx.model.classes[class].members or {}
    local m = members[name.text]
    label = label .. sep.text .. name.text
    if not m then
      ctx.report(name.line, "undefined-field", ("%s: %s has no field %q; it has: %s"):format(label, class,
        name.text, table.concat(sorted_keys(members), ", ")))
      return
    end
    i = i + 2
    if m.sig then
      if m.sig.method == (sep.text == ":") then -- h.advance(h, d) has one argument more
        check_call(ctx, i + 1, m.sig, label)
      end
      return
    end
    class = m.class or (ctx.model.classes[m.type] and m.type)
  end
end

-- The names that hold a fake host in this file (see the rules above).
local function host_names(file, model)
  local names, code = {}, file.code
  for i = 1, #code - 4 do
    if code[i].kind == "name" and code[i + 1].text == "=" then
      local maker = code[i + 2].text .. code[i + 3].text .. code[i + 4].text
      names[code[i].text] = names[code[i].text] or HOST_MAKERS[maker]
    end
  end
  for _, block in ipairs(file.blocks) do
    for _, a in ipairs(block.tags) do
      if a.tag == "param" and a.type and a.type.text == model.host_class then
        names[a.name] = true
      end
    end
  end
  return names
end

-- Checks the code of `file` (a luals_file.read_file) against `model` (luals_meta.load_meta);
-- report(line, diagnostic, message) takes each problem.
local function check_code(file, model, report)
  local code = file.code
  local ctx = { code = code, model = model, report = report }
  local hosts = host_names(file, model)
  local events = not file.path:match("_test%.lua$")
  for i, t in ipairs(code) do
    local prev = code[i - 1] and code[i - 1].text
    -- Names after `.`/`:` are fields; after `function`, a definition, not a use.
    if t.kind == "name" and prev ~= "." and prev ~= ":" and prev ~= "function" then
      if model.roots[t.text] then
        check_chain(ctx, i, model.roots[t.text], t.text)
      elseif model.functions[t.text] then
        check_call(ctx, i + 1, model.functions[t.text], t.text)
      elseif hosts[t.text] then
        check_chain(ctx, i, model.host_class, t.text)
      elseif t.text == "e" and events then
        check_chain(ctx, i, EVENT_CLASS, t.text)
      end
    end
  end
end

return { check_code = check_code }
