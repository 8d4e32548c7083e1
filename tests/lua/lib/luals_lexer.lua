-- lib/luals_lexer.lua: Lua source cut into tokens for the LuaLS checks (luals_check.lua).
-- LuaLS cannot be installed everywhere the tests run, so our checks read the code
-- themselves; reading real tokens means that text in strings and comments never counts.

local set = require("luals_tables").set

local KEYWORDS = set([[and break do else elseif end false for function goto if in local nil
  not or repeat return then true until while]])

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

return { KEYWORDS = KEYWORDS, tokenize = tokenize, string_value = string_value }
