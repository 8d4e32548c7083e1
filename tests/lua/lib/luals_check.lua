-- lib/luals_check.lua: the Lua language server (LuaLS) diagnostics that could fire on the
-- scripts folder, checked without LuaLS (it cannot be installed everywhere the tests run).
-- tests/lua/luals_check_test.lua runs it; each problem reads
--   path:line: <diagnostic>: <what is wrong and what was expected>
-- with LuaLS's name for the diagnostic, so that a failure here is what an editor would show.
--
-- Annotations (every file): undefined-doc-name, undefined-doc-param, duplicate-doc-param,
-- duplicate-doc-field, doc-field-no-class, and luadoc-miss-type-name for a type that does not
-- parse. Code (every file but a `---@meta` one): undefined-field, param-type-mismatch (string
-- literals only), missing-parameter and redundant-parameter, against the definitions of the
-- meta file (scripts/meta/hooks.lua).
--
-- It reads real Lua tokens, so text in strings and comments never counts, but it does not
-- infer types as LuaLS does: which names hold what is decided by the simple rules under
-- "Code" below.

local M = {}

local function set(words)
  local out = {}
  for w in words:gmatch("%S+") do
    out[w] = true
  end
  return out
end

local function sorted_keys(t)
  local out = {}
  for k in pairs(t) do
    out[#out + 1] = k
  end
  table.sort(out)
  return out
end

-- The text of code[k], nil past the end.
local function text_at(code, k)
  return code[k] and code[k].text
end

-------------------------------------------------------------------------------------------
-- Lua tokens
-------------------------------------------------------------------------------------------

local KEYWORDS = set([[and break do else elseif end false for function goto if in local nil
  not or repeat return then true until while]])

-- Blocks nest like brackets when counting a call's arguments: the commas of a function
-- passed as an argument are not the call's.
local OPENS = set("( { [ function if do repeat")
local CLOSES = set(") } ] end until")

-- The end of the long bracket (`[[...]]`, `[==[...]==]`) starting at i, or nil.
local function long_bracket(text, i)
  local eq = text:match("^%[(=*)%[", i)
  if not eq then
    return nil
  end
  local _, stop = text:find("]" .. eq .. "]", i + #eq + 2, true)
  return stop or #text -- unfinished: the file would not compile anyway
end

-- The end of the short string starting at i; a backslash escapes the next character.
local function short_string(text, i)
  local quote, j = text:sub(i, i), i + 1
  while j <= #text and text:sub(j, j) ~= quote and text:sub(j, j) ~= "\n" do
    j = j + (text:sub(j, j) == "\\" and 2 or 1)
  end
  return j
end

local function number_at(text, i)
  return text:match("^0[xX][%x.]*[pP][+-]?%d+", i) or text:match("^0[xX][%x.]*", i)
    or text:match("^%d*%.?%d*[eE][+-]?%d+", i) or text:match("^%d*%.?%d*", i)
end

local function punctuation_at(text, i)
  return text:match("^%.%.%.", i) or text:match("^[=~<>]=", i) or text:match("^//", i)
    or text:match("^::", i) or text:match("^<<", i) or text:match("^>>", i)
    or text:match("^%.%.", i) or text:sub(i, i)
end

-- Tokens {kind = "name"|"number"|"string"|"comment"|"op", text =, line =}; keywords are names.
local function tokenize(text)
  local toks, i, line = {}, 1, 1
  local function add(kind, stop)
    local s = text:sub(i, stop)
    toks[#toks + 1] = { kind = kind, text = s, line = line }
    line = line + select(2, s:gsub("\n", ""))
    i = stop + 1
  end
  while i <= #text do
    local c = text:sub(i, i)
    if c == "\n" then
      line, i = line + 1, i + 1
    elseif c:match("%s") then
      i = i + 1
    elseif text:find("^%-%-", i) then
      add("comment", long_bracket(text, i + 2) or (text:find("\n", i, true) or #text + 1) - 1)
    elseif c == "[" and long_bracket(text, i) then
      add("string", long_bracket(text, i))
    elseif c == '"' or c == "'" then
      add("string", short_string(text, i))
    elseif c:match("[%a_]") then
      add("name", i + #text:match("^[%w_]+", i) - 1)
    elseif text:find("^%.?%d", i) then
      add("number", i + #number_at(text, i) - 1)
    else
      add("op", i + #punctuation_at(text, i) - 1)
    end
  end
  return toks
end

-- The value of a string token, decoded by Lua itself (escapes, long brackets).
local function string_value(tok)
  local chunk = load("return " .. tok.text, "=string", "t", {})
  return chunk and chunk()
end

-------------------------------------------------------------------------------------------
-- Type expressions in annotations: A|B, A?, A[], table<K, V>, fun(a: T, b?: U): R, (A),
-- {x: T, [K]: V}, "literal", 10, `...`. What follows the type is its description.
-------------------------------------------------------------------------------------------

local BUILTIN_TYPES = set([[nil any boolean string number integer function table thread
  userdata lightuserdata unknown self true false ...]])

local function type_tokens(s)
  local out, i = {}, 1
  while i <= #s do
    local space = s:match("^%s+", i)
    if space then
      i = i + #space
    else
      local t = s:match("^%.%.%.", i) or s:match("^[%a_][%w_.]*", i) or s:match("^%-?%d+", i)
        or s:match('^"[^"]*"', i) or s:match("^'[^']*'", i) or s:match("^`[^`]*`", i) or s:sub(i, i)
      out[#out + 1] = { text = t, pos = i }
      i = i + #t
    end
  end
  return out
end

-- Reads the type at the start of `s`: {text =, names = {...}, alts = {...}} where names are
-- the type names it uses and alts the text of its top-level alternatives (A|B|C). nil and a
-- reason when `s` does not start with a type.
local function parse_type(s)
  local ts, p, names = type_tokens(s), 1, {}
  local function peek(k)
    local t = ts[p + (k or 0)]
    return t and t.text
  end
  local function take(x)
    if peek() ~= x then
      return false
    end
    p = p + 1
    return true
  end
  local function need(x)
    if not take(x) then
      error(("expected %s at %q"):format(x, peek() or "the end"), 0)
    end
  end
  local union
  local function name_part() -- a parameter or field name, with an optional `?`
    local t = peek()
    if not (t == "..." or (t and t:match("^[%a_][%w_]*$"))) then
      error(("expected a name at %q"):format(t or "the end"), 0)
    end
    p = p + 1
    take("?")
  end
  -- A list of items up to `close`, separated by commas.
  local function list(close, item)
    while not take(close) do
      item()
      if not take(",") then
        need(close)
        return
      end
    end
  end
  local function primary()
    local t = peek()
    if not t then
      error("expected a type", 0)
    elseif t:match("^[\"'`]") or t:match("^%-?%d") then
      p = p + 1
    elseif t == "(" then
      p = p + 1
      union()
      need(")")
    elseif t == "{" then
      p = p + 1
      list("}", function()
        if take("[") then
          union()
          need("]")
        else
          name_part()
        end
        need(":")
        union()
      end)
    elseif t == "fun" and peek(1) == "(" then
      p = p + 2
      list(")", function()
        name_part()
        if take(":") then
          union()
        end
      end)
      if take(":") then
        union() -- one result type: `fun(): A, B` would read B as the description
      end
    elseif t == "table" and peek(1) == "<" then
      p = p + 2
      union()
      need(",")
      union()
      need(">")
    elseif t == "..." or t:match("^[%a_]") then
      names[#names + 1] = t
      p = p + 1
    else
      error(("expected a type at %q"):format(t), 0)
    end
    while take("?") or (peek() == "[" and peek(1) == "]" and take("[") and take("]")) do
    end
  end
  function union(alts)
    repeat
      local first = ts[p]
      primary()
      if alts then
        alts[#alts + 1] = s:sub(first.pos, ts[p - 1].pos + #ts[p - 1].text - 1)
      end
    until not take("|")
  end
  local alts = {}
  local ok, err = pcall(union, alts)
  if not ok then
    return nil, err
  end
  local last = ts[p - 1]
  return { text = s:sub(1, last.pos + #last.text - 1), names = names, alts = alts }
end

-------------------------------------------------------------------------------------------
-- Doc comments: blocks of `---` lines and the tags in them
-------------------------------------------------------------------------------------------

local TYPED_TAGS = set("param field return alias | type overload")
local ACCESS = set("private protected public package")

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
    local scope, after = rest:match("^(%a+)%s+(.*)$") -- `@field private x T`
    if tag == "field" and ACCESS[scope] then
      rest = after
    end
    local optional
    a.name, optional, rest = rest:match("^([%w_.]+)(%??)%s*(.*)$")
    a.optional = optional == "?"
  elseif tag == "class" or tag == "alias" then
    a.name, rest = rest:gsub("^%(%a+%)%s*", ""):match("^([%w_.]+)%s*(.*)$") -- `@class (exact) X`
  elseif tag == "generic" then
    a.names = {}
    for name in rest:gsub(":[^,]*", ""):gmatch("[%a_][%w_]*") do -- `@generic T, U: table`
      a.names[#a.names + 1] = name
    end
  end
  if TYPED_TAGS[tag] and rest and (rest ~= "" or tag ~= "alias") then
    a.type, a.bad_type = parse_type(rest)
  end
  return a
end

-- The doc blocks of a file: runs of `---` comments on consecutive lines, each
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
  local params = {}
  for j = k + 1, #code do
    if code[j].text == ")" then
      break
    elseif code[j].text ~= "," then
      params[#params + 1] = code[j].text
    end
  end
  return { name = name, params = params }
end

-- A file, read and split: {path, toks, code (no comments), blocks, first (line -> index
-- in code of the line's first token)}.
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

-------------------------------------------------------------------------------------------
-- The meta file: what scripts and tests may use
-------------------------------------------------------------------------------------------

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
      local nilable = a.type and (a.type.text:match("%?$") or a.type.text:match("^nil|") or a.type.text:match("|nil"))
      sig.params[#sig.params + 1] = { name = name, optional = a.optional or nilable ~= nil,
        type = a.type and a.type.text:gsub("%s", "") }
    end
  end
  return sig
end

-- model = {
--   declared[name] = sig        every function as the meta file names it ("host:advance")
--   functions[name] = sig       global functions (describe, it)
--   roots[name] = class         global tables (hooks, assert, fakehost)
--   classes[class].members[n] = {sig =} | {type =} | {class =}  (a function, field, table)
--   types, aliases              as declare_types gives them
-- }
function M.load_meta(path)
  local file = read_file(path)
  local model = { declared = {}, functions = {}, roots = {}, classes = {}, types = {}, aliases = {} }
  local paths = {} -- a table's path in the meta file -> its class ("host" -> "fakehost.Host")
  declare_types(file, model.types, model.aliases)
  local function members(class)
    model.classes[class] = model.classes[class] or { members = {} }
    return model.classes[class].members
  end
  local function add_member(path, member) -- "a.b" or "a:b": member b of a's class
    local owner, name = path:match("^(.*)[.:]([%w_]+)$")
    if owner then
      members(paths[owner] or owner)[name] = member
    end
  end
  local blocks_at = {} -- first code index after a block -> the block
  for _, block in ipairs(file.blocks) do
    local class
    for _, a in ipairs(block.tags) do
      class = a.tag == "class" and a.name or class
      if a.tag == "field" and class and a.name and a.type then
        members(class)[a.name] = { type = a.type.text:gsub("%s", "") }
      end
    end
    if block.subject then
      blocks_at[block.subject] = { block = block, class = class }
    end
  end
  -- Each statement of a meta file starts a line: `function ...`, `[local] x = {}`, `a.b = a.c`.
  local code, lines = file.code, sorted_keys(file.first)
  for _, line in ipairs(lines) do
    local k = file.first[line]
    local doc = blocks_at[k] or {}
    local fn = function_at(code, k)
    local is_local = code[k].text == "local"
    local lhs, j = read_path(code, is_local and k + 1 or k, false)
    local rhs, after = read_path(code, j + 1, false)
    if fn then
      local sig = signature(fn, doc.block, fn.name:find(":") ~= nil)
      sig.line = line
      model.declared[fn.name] = sig
      if fn.name:find("[.:]") then
        add_member(fn.name, { sig = sig })
      else
        model.functions[fn.name] = sig
      end
    elseif lhs and text_at(code, j) == "=" and text_at(code, j + 1) == "{" and text_at(code, j + 2) == "}" then
      local class = doc.class or lhs
      paths[lhs] = class
      if not lhs:find("%.") and not is_local then
        model.roots[lhs] = class
      end
      add_member(lhs, { class = class })
    elseif lhs and text_at(code, j) == "=" and rhs and model.declared[rhs]
      and not (code[after] and code[after].line == code[j].line) then
      model.declared[lhs] = model.declared[rhs] -- assert.equals = assert.equal
      add_member(lhs, { sig = model.declared[rhs] })
    end
  end
  local new = model.declared["fakehost.new"]
  model.host_class = new and new.returns[1] or "fakehost.Host"
  return model
end

-------------------------------------------------------------------------------------------
-- Annotations
-------------------------------------------------------------------------------------------

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
      report(a.line, "undefined-doc-param", ("@param %s: %s has the parameters (%s)"):format(a.name, fn.name,
        table.concat(fn.params, ", ")))
    end
  end
end

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

-------------------------------------------------------------------------------------------
-- Code. Which names hold what, LuaLS would infer; here simple rules stand in for that:
--   * the meta file's global tables (hooks, assert, fakehost) and functions (describe, it)
--     are found by name, wherever they are not after `.` or `:`;
--   * a name assigned `fakehost.new(...)` or `testkit.host(...)`, or a parameter annotated
--     with fakehost.new's result class, is a fake host in the whole file (tests call their
--     hosts h and use h for nothing else);
--   * in a script (not a *_test.lua file), `e` is an event: the scripts name their handlers'
--     parameter e and use e for nothing else.
-------------------------------------------------------------------------------------------

local HOST_MAKERS = set("fakehost.new testkit.host")
local EVENT_CLASS = "hooks.Event"
local DURATION = "hooks.Duration"

-- The index of the token that closes the bracket or block opened at code[k].
local function closing(code, k)
  local depth = 0
  for j = k, #code do
    local t = code[j]
    local name_or_op = t.kind == "name" or t.kind == "op"
    depth = depth + ((name_or_op and OPENS[t.text]) and 1 or 0) - ((name_or_op and CLOSES[t.text]) and 1 or 0)
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
    if OPENS[code[j].text] and code[j].kind ~= "string" then
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
  return number ~= nil and not number:match("%.$") and set("ms s m h")[unit] ~= nil
end

local function literals(alts)
  local out = {}
  for _, alt in ipairs(alts or {}) do
    out[#out + 1] = alt:match('^"(.*)"$') or alt:match("^'(.*)'$")
    if not out[#out] then
      return nil -- not only literals: any string may do
    end
  end
  return #out > 0 and out or nil
end

local check_value

-- A string literal where a literal alias or a duration is expected.
local function check_literal(ctx, ty, tok)
  local value = string_value(tok)
  if ty == DURATION then
    if type(value) == "string" and not is_duration(value) then
      ctx.report(tok.line, "param-type-mismatch", ("%s is not a %s: expected <number>ms|s|m|h, "
        .. "such as \"250ms\", \"30s\", \"5m\" or \"1h\""):format(tok.text, ty))
    end
    return
  end
  local allowed = literals(ctx.model.aliases[ty])
  if allowed and not set(table.concat(allowed, " "))[value] then
    ctx.report(tok.line, "param-type-mismatch", ("%s is not a %s: expected one of \"%s\""):format(tok.text, ty,
      table.concat(allowed, "\", \"")))
  end
end

-- Checks the expression code[a..b] against the type `ty`: a string literal against literal
-- aliases and durations; a table constructor's fields against a class's fields, and its
-- items against an array's element type.
function check_value(ctx, ty, a, b)
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

-- The call whose arguments start at code[k] (`(`, `{` or a string), if it is one.
local function check_call(ctx, k, sig, label)
  local code, t = ctx.code, ctx.code[k]
  local args
  if t and t.text == "(" then
    args = split(code, k + 1, closing(code, k) - 1)
  elseif t and (t.text == "{" or t.kind == "string") then
    args = { { k, t.kind == "string" and k or closing(code, k) } }
  else
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

-------------------------------------------------------------------------------------------
-- The checker
-------------------------------------------------------------------------------------------

-- Checks `paths` (the meta file among them, if its annotations are to be checked too)
-- against the meta file at `meta_path`. Returns the problems, by file in the order given,
-- then by line: {"path:line: diagnostic: message", ...}.
function M.check(meta_path, paths)
  local model = M.load_meta(meta_path)
  local problems = {}
  for _, path in ipairs(paths) do
    local file, found = read_file(path), {}
    local function report(line, diagnostic, message)
      found[#found + 1] = { line = line, text = ("%s:%d: %s: %s"):format(path, line, diagnostic, message) }
    end
    local types = setmetatable({}, { __index = model.types })
    declare_types(file, types, {})
    check_annotations(file, types, report)
    if not file.is_meta then
      check_code(file, model, report)
    end
    table.sort(found, function(x, y)
      return x.line < y.line or (x.line == y.line and x.text < y.text)
    end)
    for _, p in ipairs(found) do
      problems[#problems + 1] = p.text
    end
  end
  return problems
end

return M
