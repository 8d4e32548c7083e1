-- recorded_journal_test.lua: tests scripts against a stretch of a real day, pasted from the
-- event journal the add-in writes (%LOCALAPPDATA%\OfflineHooks\, one JSON object per line).
--
-- When a user reports "the notice did not show" or "it showed twice", copy the lines around
-- the time in question into JOURNAL below, replay them, and assert what should have
-- happened. The notifications go in exactly as Outlook sent them (the "raw" fields), with
-- their original spacing in time, so Outlook's quirks (a repeated DONE, a missing CHANGE)
-- come along. Run with `fakehost test scripts/`.

-- The helpers the example tests share: lib/testkit.lua.
local testkit = require "testkit"
local contains, logged = testkit.contains, testkit.logged

-- A Monday morning on a laptop: a 20-second Wi-Fi drop at 09:02, a commute from 09:20 to
-- 10:05 (Outlook repeated DONE on the way back), then a flaky VPN from 10:20 to 10:23
-- (only CHANGE going offline, no CHANGE coming back).
local JOURNAL = [[
{"time":1767603720.0,"seq":1,"phase":"start","old":"online","new":"offline","token":7,"raw":{"size":24,"type":1,"mask":3,"old":2,"new":1}}
{"time":1767603720.1,"seq":2,"phase":"change","old":"online","new":"offline","token":7,"raw":{"size":24,"type":2,"mask":3,"old":2,"new":1}}
{"time":1767603720.2,"seq":3,"phase":"done","old":"online","new":"offline","token":7,"raw":{"size":24,"type":3,"mask":3,"old":2,"new":1}}
{"time":1767603740.0,"seq":4,"phase":"start","old":"offline","new":"online","token":7,"raw":{"size":24,"type":1,"mask":3,"old":1,"new":2}}
{"time":1767603740.1,"seq":5,"phase":"change","old":"offline","new":"online","token":7,"raw":{"size":24,"type":2,"mask":3,"old":1,"new":2}}
{"time":1767603740.2,"seq":6,"phase":"done","old":"offline","new":"online","token":7,"raw":{"size":24,"type":3,"mask":3,"old":1,"new":2}}
{"time":1767604800.0,"seq":7,"phase":"start","old":"online","new":"offline","token":7,"raw":{"size":24,"type":1,"mask":3,"old":2,"new":1}}
{"time":1767604800.1,"seq":8,"phase":"change","old":"online","new":"offline","token":7,"raw":{"size":24,"type":2,"mask":3,"old":2,"new":1}}
{"time":1767604800.2,"seq":9,"phase":"done","old":"online","new":"offline","token":7,"raw":{"size":24,"type":3,"mask":3,"old":2,"new":1}}
{"time":1767607500.0,"seq":10,"phase":"start","old":"offline","new":"online","token":7,"raw":{"size":24,"type":1,"mask":3,"old":1,"new":2}}
{"time":1767607500.1,"seq":11,"phase":"change","old":"offline","new":"online","token":7,"raw":{"size":24,"type":2,"mask":3,"old":1,"new":2}}
{"time":1767607500.2,"seq":12,"phase":"done","old":"offline","new":"online","token":7,"raw":{"size":24,"type":3,"mask":3,"old":1,"new":2}}
{"time":1767607500.3,"seq":13,"phase":"done","old":"offline","new":"online","token":7,"raw":{"size":24,"type":3,"mask":3,"old":1,"new":2}}
{"time":1767608400.0,"seq":14,"phase":"change","old":"online","new":"offline","token":7,"raw":{"size":24,"type":2,"mask":3,"old":2,"new":1}}
{"time":1767608580.0,"seq":15,"phase":"start","old":"offline","new":"online","token":7,"raw":{"size":24,"type":1,"mask":3,"old":1,"new":2}}
{"time":1767608580.2,"seq":16,"phase":"done","old":"offline","new":"online","token":7,"raw":{"size":24,"type":3,"mask":3,"old":1,"new":2}}
]]

-- Journal lines written by hand may leave out "raw"; these give the values Outlook sends.
local TYPE = { start = 1, change = 2, done = 3 }
local STATE = { offline = 1, online = 2 }

-- The notifications of a journal text, in order: { time =, raw = {type=, mask=, ...} }.
local function parse(journal)
  local out = {}
  for line in journal:gmatch("[^\r\n]+") do
    local time = tonumber(line:match('"time":%s*(%-?[%d.eE+%-]+)'))
    if time then
      local raw = line:match('"raw":%s*(%b{})') or ""
      local function num(name)
        return tonumber(raw:match('"' .. name .. '":%s*(%d+)'))
      end
      out[#out + 1] = {
        time = time,
        raw = {
          type = num("type") or TYPE[line:match('"phase":%s*"(%a+)"')],
          mask = num("mask") or 3,
          old = num("old") or STATE[line:match('"old":%s*"(%a+)"')],
          new = num("new") or STATE[line:match('"new":%s*"(%a+)"')],
          size = num("size") or 24,
          token = tonumber(line:match('"token":%s*(%d+)')) or 0,
        },
      }
    end
  end
  return out
end

-- Plays the journal into h, keeping the time between notifications. The first one comes
-- `lead` seconds after the host started.
local function replay(h, journal, lead)
  local entries = parse(journal)
  assert(#entries > 0, "the journal holds no notifications")
  h:advance(lead)
  local previous = entries[1].time
  for _, entry in ipairs(entries) do
    h:advance(entry.time - previous)
    previous = entry.time
    h:notify_raw(entry.raw)
  end
end

describe("a recorded Monday morning", function()
  it("is read completely from the journal", function()
    local entries = parse(JOURNAL)
    assert.equal(16, #entries)
    assert.equal(2, entries[16].raw.new)
    assert.equal(3, entries[16].raw.type)
  end)

  it("gives transition_log one line per real transition", function()
    local h = testkit.host("transition_log")
    replay(h, JOURNAL, 120)
    local info = logged(h, "transition_log", "info")
    assert.equal(7, #info) -- the start-up line and six transitions
    assert.truthy(contains(info[3], "(was offline for 20s)"))
    assert.truthy(contains(info[5], "(was offline for 45m)"))
    assert.truthy(contains(info[7], "(was offline for 3m)"))
    assert.equal(0, #h:errors())
  end)

  it("gives offline_notice one notice for the commute and none for the drops", function()
    local h = testkit.host("offline_notice")
    replay(h, JOURNAL, 120)
    h:advance("10m")
    local shown = {}
    for _, n in ipairs(h:notifications()) do
      shown[#shown + 1] = n.title
    end
    assert.equal(2, #shown)
    assert.equal("Outlook is offline", shown[1])
    assert.equal("Outlook is back online", shown[2])
    assert.equal(0, #h:errors())
  end)
end)
