// The Lua side of `fakehost test`: describe, it and assert, as a chunk run in each test
// file's state before the file. Kept in Lua: it is mostly formatting of values.
#include "test_runner.h"

namespace oh {

const char* const test_prelude = R"LUA(
local tests, names = {}, {}
local registry = ...

-- describe(name, fn): groups tests; its body runs at once, while the file loads.
function describe(name, fn)
  if type(name) ~= "string" or type(fn) ~= "function" then
    error("describe(name, fn): expected a string and a function", 2)
  end
  names[#names + 1] = name
  fn()
  names[#names] = nil
end

-- it(name, fn): one test; it runs later, with a fresh host for each fakehost.new.
function it(name, fn)
  if type(name) ~= "string" or type(fn) ~= "function" then
    error("it(name, fn): expected a string and a function", 2)
  end
  -- The runner sets registry.running while a test runs: an it() there would never run.
  if registry.running then
    error("it(\"" .. name .. "\") inside the running test \"" .. registry.running ..
      "\": tests do not nest (group them with describe)", 2)
  end
  local info = debug.getinfo(2, "Sl")
  local full = #names > 0 and (table.concat(names, " ") .. " " .. name) or name
  registry[#registry + 1] = { name = full, fn = fn, line = info.currentline }
end

local function show(v, depth)
  depth = depth or 0
  if type(v) == "string" then return string.format("%q", v) end
  if type(v) ~= "table" then return tostring(v) end
  if depth > 2 then return "{...}" end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    if type(a) == type(b) and (type(a) == "number" or type(a) == "string") then return a < b end
    return type(a) < type(b)
  end)
  local parts, n = {}, #v
  for _, k in ipairs(keys) do
    if math.type(k) == "integer" and k >= 1 and k <= n then
      parts[#parts + 1] = show(v[k], depth + 1)
    else
      local key = type(k) == "string" and k:match("^[%a_][%w_]*$") and k or "[" .. show(k, depth + 1) .. "]"
      parts[#parts + 1] = key .. " = " .. show(v[k], depth + 1)
    end
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

-- Deep equality for tables; returns false and where they first differ.
local function same(a, b, path)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false, path end
  for k, v in pairs(a) do
    local ok, where = same(v, b[k], path .. "[" .. show(k) .. "]")
    if not ok then return false, where end
  end
  for k in pairs(b) do
    if a[k] == nil then return false, path .. "[" .. show(k) .. "]" end
  end
  return true
end

local function fail(msg, text)
  error((msg and (tostring(msg) .. ": ") or "") .. text, 3)
end

local A = {}
function A.equal(expected, actual, msg)
  local ok, where = same(expected, actual, "")
  if not ok then
    fail(msg, "expected: " .. show(expected) .. "\n  actual: " .. show(actual) ..
      ((where and where ~= "") and ("\n  (they differ at " .. where .. ")") or ""))
  end
end
A.equals, A.same = A.equal, A.equal
function A.truthy(v, msg)
  if not v then fail(msg, "expected a truthy value, got " .. show(v)) end
end
function A.falsy(v, msg)
  if v then fail(msg, "expected a falsy value, got " .. show(v)) end
end
function A.matches(pattern, s, msg)
  if type(s) ~= "string" or not s:find(pattern) then
    fail(msg, "expected " .. show(s) .. " to match the pattern " .. show(pattern))
  end
end
function A.error(fn, pattern, msg)
  local ok, err = pcall(fn)
  if ok then fail(msg, "expected an error, but the function returned normally") end
  if pattern and not tostring(err):find(pattern) then
    fail(msg, "expected an error matching " .. show(pattern) .. ", got " .. show(tostring(err)))
  end
  return err
end
A.has_error, A.errors = A.error, A.error
-- Plain assert(v [, msg]) still works, and says where.
setmetatable(A, { __call = function(_, v, msg, ...)
  if not v then error(msg or "assertion failed!", 2) end
  return v, msg, ...
end })
assert = A
)LUA";

} // namespace oh
