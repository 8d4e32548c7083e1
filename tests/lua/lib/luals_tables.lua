-- lib/luals_tables.lua: the two table helpers that several luals_*.lua modules need (the
-- LuaLS checks of luals_check.lua), kept here so that each module does not define its own.

-- {word = true} for each space-separated word of `words`.
local function set(words)
  local out = {}
  for w in words:gmatch("%S+") do
    out[w] = true
  end
  return out
end

-- The keys of `t`, sorted.
local function sorted_keys(t)
  local out = {}
  for k in pairs(t) do
    out[#out + 1] = k
  end
  table.sort(out)
  return out
end

return { set = set, sorted_keys = sorted_keys }
