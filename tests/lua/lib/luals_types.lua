-- lib/luals_types.lua: the type expressions of LuaLS annotations (`---@param x A|B`), read
-- for the LuaLS checks (luals_check.lua), which cannot use LuaLS itself: it is not installable
-- everywhere the tests run. A type is read to find the type names it uses and where it
-- ends (what follows is its description), and a type that does not read is a problem too.
--
-- Types: A|B, A?, A[], table<K, V>, fun(a: T, b?: U): R, (A), {x: T, [K]: V}, "literal", 10,
-- `...`.

local set = require("luals_tables").set

-- The names any annotation may use without declaring them.
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

-- A reader of one type expression: `s` the text, `ts` its tokens, `p` the index of the next
-- token, `names` the type names read so far. A type that does not read raises an error with
-- the reason.
local Reader = {}
Reader.__index = Reader

function Reader:peek(k)
  local t = self.ts[self.p + (k or 0)]
  return t and t.text
end

function Reader:take(x)
  if self:peek() ~= x then
    return false
  end
  self.p = self.p + 1
  return true
end

function Reader:need(x)
  if not self:take(x) then
    error(("expected %s at %q"):format(x, self:peek() or "the end"), 0)
  end
end

-- A parameter or field name, with an optional `?`.
function Reader:name_part()
  local t = self:peek()
  if not (t == "..." or (t and t:match("^[%a_][%w_]*$"))) then
    error(("expected a name at %q"):format(t or "the end"), 0)
  end
  self.p = self.p + 1
  self:take("?")
end

-- Items read by `item` up to `close`, separated by commas.
function Reader:list(close, item)
  while not self:take(close) do
    item(self)
    if not self:take(",") then
      self:need(close)
      return
    end
  end
end

-- A field of a table type: `name?: T` or `[K]: V`.
function Reader:field()
  if self:take("[") then
    self:union()
    self:need("]")
  else
    self:name_part()
  end
  self:need(":")
  self:union()
end

-- A parameter of a function type: `name?`, with `: T` or not.
function Reader:param()
  self:name_part()
  if self:take(":") then
    self:union()
  end
end

-- The rest of `fun(a: T): R` after `fun(`.
function Reader:fun_rest()
  self:list(")", Reader.param)
  if self:take(":") then
    self:union() -- one result type: `fun(): A, B` would read B as the description
  end
end

-- The rest of `table<K, V>` after `table<`.
function Reader:table_rest()
  self:union()
  self:need(",")
  self:union()
  self:need(">")
end

-- Any `?` and `[]` after a type: A?, A[], A[]?.
function Reader:suffixes()
  while self:take("?") or (self:peek() == "[" and self:peek(1) == "]" and self:take("[") and self:take("]")) do
  end
end

-- One alternative of a union, with its suffixes.
function Reader:primary()
  local t = self:peek()
  if not t then
    error("expected a type", 0)
  elseif t:match("^[\"'`]") or t:match("^%-?%d") then
    self.p = self.p + 1
  elseif t == "(" then
    self.p = self.p + 1
    self:union()
    self:need(")")
  elseif t == "{" then
    self.p = self.p + 1
    self:list("}", Reader.field)
  elseif t == "fun" and self:peek(1) == "(" then
    self.p = self.p + 2
    self:fun_rest()
  elseif t == "table" and self:peek(1) == "<" then
    self.p = self.p + 2
    self:table_rest()
  elseif t == "..." or t:match("^[%a_]") then
    self.names[#self.names + 1] = t
    self.p = self.p + 1
  else
    error(("expected a type at %q"):format(t), 0)
  end
  self:suffixes()
end

-- A|B|C; the text of each alternative goes into `alts` when it is given (at the top level).
function Reader:union(alts)
  repeat
    local first = self.ts[self.p]
    self:primary()
    if alts then
      local last = self.ts[self.p - 1]
      alts[#alts + 1] = self.s:sub(first.pos, last.pos + #last.text - 1)
    end
  until not self:take("|")
end

-- Reads the type at the start of `s`: {text =, names = {...}, alts = {...}} where names are
-- the type names it uses and alts the text of its top-level alternatives (A|B|C). nil and a
-- reason when `s` does not start with a type.
local function parse_type(s)
  local reader = setmetatable({ s = s, ts = type_tokens(s), p = 1, names = {} }, Reader)
  local alts = {}
  local ok, err = pcall(reader.union, reader, alts)
  if not ok then
    return nil, err
  end
  local last = reader.ts[reader.p - 1]
  return { text = s:sub(1, last.pos + #last.text - 1), names = reader.names, alts = alts }
end

return { BUILTIN_TYPES = BUILTIN_TYPES, parse_type = parse_type }
