-- lib/luals_check.lua: the Lua language server (LuaLS) diagnostics that could fire on the
-- scripts folder, checked without LuaLS (it cannot be installed everywhere the tests run).
-- tests/lua/luals_check_test.lua runs it; each problem reads
--   path:line: <diagnostic>: <what is wrong and what was expected>
-- with LuaLS's name for the diagnostic, so that a failure here is what an editor would show.
--
-- Annotations (every file): luals_doc_checks.lua. Code (every file but a `---@meta` one):
-- luals_code_checks.lua, against the definitions of the meta file (scripts/meta/hooks.lua)
-- as luals_meta.lua reads them. The files are read by luals_file.lua, with luals_lexer.lua
-- (Lua tokens), luals_doc.lua (doc comments) and luals_types.lua (annotation types).
--
-- It reads real Lua tokens, so text in strings and comments never counts, but it does not
-- infer types as LuaLS does: which names hold what is decided by the simple rules at the top
-- of luals_code_checks.lua.

local read_file = require("luals_file").read_file
local declare_types = require("luals_file").declare_types
local check_annotations = require("luals_doc_checks").check_annotations
local check_code = require("luals_code_checks").check_code

local M = {}

-- The model of the meta file at `path`: see luals_meta.lua.
M.load_meta = require("luals_meta").load_meta

-- The problems in the file at `path`, by line: {"path:line: diagnostic: message", ...}.
local function check_file(path, model)
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
  local problems = {}
  for _, p in ipairs(found) do
    problems[#problems + 1] = p.text
  end
  return problems
end

-- Checks `paths` (the meta file among them, if its annotations are to be checked too)
-- against the meta file at `meta_path`. Returns the problems, by file in the order given,
-- then by line: {"path:line: diagnostic: message", ...}.
function M.check(meta_path, paths)
  local model = M.load_meta(meta_path)
  local problems = {}
  for _, path in ipairs(paths) do
    for _, problem in ipairs(check_file(path, model)) do
      problems[#problems + 1] = problem
    end
  end
  return problems
end

return M
