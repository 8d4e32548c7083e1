-- luacheck configuration for the OfflineHooks scripts folder.
-- From the repository root: luacheck --config scripts/.luacheckrc scripts/
-- From this folder: luacheck .

std = "lua54"

-- Scripts see one global of the host's; they must not create any of their own.
read_globals = { "hooks" }

-- Lines up to 120 columns.
max_line_length = 120

-- Test files also get the test API of `fakehost test`. Plain assert is callable as usual;
-- its fields are the added checks. Journal lines pasted into strings cannot be wrapped.
files["**/*_test.lua"] = {
  max_string_line_length = false,
  read_globals = {
    "describe",
    "it",
    "fakehost",
    assert = {
      fields = {
        "equal", "truthy", "falsy", "matches", "error",
        "equals", "same", "has_error", "errors", -- other names for equal and error (busted's)
      },
    },
  },
}

-- The language server definitions declare the globals they describe, with empty bodies.
files["**/meta/*.lua"] = {
  globals = { "hooks", "describe", "it", "assert", "fakehost" },
  unused_args = false,
  ignore = { "241" }, -- "mutated but never accessed": the class tables exist only to be read by LuaLS
}
