---@meta hooks

-- Definitions of the OfflineHooks Lua API (v1) for the Lua language server (LuaLS), so that
-- editors complete, document and check calls to `hooks` in scripts and to the fake host in
-- test files. scripts/.luarc.json points the server here.
--
-- This file only describes; it is never run. OfflineHooks loads the *.lua files directly in
-- the scripts folder, so this subfolder is not loaded as a script. docs/api.md is the same
-- reference in prose and must list the same functions with the same parameters.

-------------------------------------------------------------------------------------------
-- Names and values
-------------------------------------------------------------------------------------------

---@alias hooks.EventName
---| "offline" # Outlook went offline: once per transition, judged from CHANGE or DONE
---| "online"  # Outlook came back online: once per transition, judged from CHANGE or DONE
---| "change"  # every supported notification, all three phases (START, CHANGE, DONE)
---| "start"   # all scripts are loaded; e.state is the current state
---| "stop"    # the script is about to be unloaded (reload, Outlook closing)

---@alias hooks.State
---| "online"
---| "offline"

---@alias hooks.OutlookState
---| "online"
---| "offline"
---| "unknown" # before Outlook has said anything

---@alias hooks.Phase
---| "start"  # MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_START
---| "change" # MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE
---| "done"   # MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_DONE

---A number of seconds, or a string: "250ms", "30s", "5m", "1h". Anything else is an error
---that says what was expected.
---@alias hooks.Duration number|string

---@alias hooks.LogLevel
---| "debug"
---| "info"
---| "warn"
---| "error"

---What hooks.store keeps: strings, numbers (integers stay integers), booleans; nil deletes.
---@alias hooks.StoreValue string|number|boolean|nil

-------------------------------------------------------------------------------------------
-- Tables handed to scripts
-------------------------------------------------------------------------------------------

---The table each handler receives.
---@class hooks.Event
---@field name hooks.EventName the event's name, as given to hooks.on
---@field state hooks.OutlookState the state Outlook is in (is going to, for phase "start")
---@field previous? hooks.State the state before; nil when unknown (always for start and stop)
---@field phase? hooks.Phase the notification's phase; nil for start and stop
---@field time number Unix time of the event, in seconds (a float)
---@field since? number seconds in the previous state; nil when unknown (no transition seen yet)
---@field profile string the Outlook profile's name
---@field seq? integer the notification's number, from 1; nil for start and stop
---@field cause? string "outlook", or "script:<name>" after that script's set_state; nil for start/stop
---@field mode string Outlook's ExchangeConnectionMode read for it, or "unknown"
---@field reason "user"|"network"|"script"|"unknown" why Outlook is (or was) offline

---@class hooks.OnOptions
---@field after? hooks.Duration call the handler only if the state still holds after this long
---@field reason? string|string[] call the handler only for events with this e.reason (or one of these)

---What a finished program left behind, handed to on_exit.
---@class hooks.RunResult
---@field code? integer the exit code; nil when the program was stopped (timeout) or could not start
---@field stdout string everything it wrote to standard output
---@field stderr string everything it wrote to standard error
---@field timed_out boolean it ran past its timeout and was stopped

---@class hooks.RunOptions
---@field timeout? hooks.Duration stop the program after this long (default 60 s; fake host: virtual clock)
---@field on_exit? fun(result: hooks.RunResult) called when the program has ended

---Returned by hooks.on.
---@class hooks.Subscription
local subscription = {}

---Stops the handler from being called again.
---@return boolean cancelled false when it was cancelled already
function subscription:cancel() end

---Returned by hooks.after and hooks.every.
---@class hooks.Timer
local timer = {}

---Stops the timer; a function it would have called is not called.
---@return boolean cancelled false when it had fired (hooks.after) or was cancelled already
function timer:cancel() end

-------------------------------------------------------------------------------------------
-- hooks
-------------------------------------------------------------------------------------------

---The OfflineHooks API: a global in every script, and also `require "hooks"`.
---@class hooks
hooks = {}

---Calls `handler` on every event named `name`. An unknown name is an error raised here,
---naming the valid ones. With opts.after, the handler runs only if the state still holds
---after that long (flap suppression); e is then the event of the transition itself.
---@param name hooks.EventName
---@param handler fun(e: hooks.Event)
---@param opts? hooks.OnOptions
---@return hooks.Subscription subscription
function hooks.on(name, handler, opts) end

---Calls `fn` once, `d` from now.
---@param d hooks.Duration
---@param fn fun()
---@return hooks.Timer timer
function hooks.after(d, fn) end

---Calls `fn` every `d` (at least 10ms), the first time `d` from now.
---@param d hooks.Duration
---@param fn fun()
---@return hooks.Timer timer
function hooks.every(d, fn) end

---Shows a desktop notification (a Windows notification; recorded by the fake host).
---@param title string
---@param text? string
function hooks.notify(title, text) end

---Starts a program without a shell and returns at once; raises an error when the program
---cannot be started or the script already runs its maximum (8) of programs. argv[1] is the
---program, the rest its arguments, each passed as it is.
---@param argv string[]
---@param opts? hooks.RunOptions
---@return integer id the run's number (1, 2, ... per host; its index in the fake host's runs())
function hooks.run(argv, opts) end

---Logging. Messages are formatted with string.format rules; print() logs at info.
---@class hooks.log
hooks.log = {}

---@param fmt string a string.format format
---@param ... any its arguments
function hooks.log.debug(fmt, ...) end

---@param fmt string a string.format format
---@param ... any its arguments
function hooks.log.info(fmt, ...) end

---@param fmt string a string.format format
---@param ... any its arguments
function hooks.log.warn(fmt, ...) end

---@param fmt string a string.format format
---@param ... any its arguments
function hooks.log.error(fmt, ...) end

---Outlook's online/offline state.
---@class hooks.outlook
hooks.outlook = {}

---The state Outlook is in now.
---@return hooks.OutlookState state
function hooks.outlook.state() end

---Asks Outlook to go online or offline (asynchronously: the transition's events follow).
---Refused past the rate limit (5 requests per 60 s per script) or when Outlook refuses.
---The event this causes has e.cause "script:<name>" and is not delivered to the handler
---that asked for it.
---@param state hooks.State
---@return true|nil ok true when the request was sent
---@return string|nil message why not, when ok is nil
function hooks.outlook.set_state(state) end

---Outlook's ExchangeConnectionMode last read ("cached-disconnected", "online", ...), read
---for each notification; "unknown" until one was read.
---@return string mode
function hooks.outlook.mode() end

---Asks Outlook for a Send/Receive of all accounts (Application.Session.SendAndReceive),
---on Outlook's main thread; returns at once. Rate-limited like set_state, counted apart.
---@return true|nil ok true when the request was sent
---@return string|nil message why not, when ok is nil
function hooks.outlook.send_receive() end

---Persistent values, per script, kept across restarts.
---@class hooks.store
hooks.store = {}

---@param key string
---@return hooks.StoreValue value nil when the key holds nothing
function hooks.store.get(key) end

---@param key string
---@param value hooks.StoreValue nil deletes the key
function hooks.store.set(key, value) end

---The running script.
---@class hooks.script
---@field name string the file name without ".lua"
---@field path string the script file's path
hooks.script = {}

-------------------------------------------------------------------------------------------
-- Test files (*_test.lua, run by `fakehost test`): these globals exist only there.
-------------------------------------------------------------------------------------------

---Groups tests under a name.
---@param name string
---@param fn fun()
function describe(name, fn) end

---One test. Each `it` gets a fresh host.
---@param name string
---@param fn fun()
function it(name, fn) end

---Plain `assert(v [, message])` works as always; these are added. Each check takes an
---optional last argument, msg, put before the failure's text ("msg: expected: ...").
---@class fakehost.assert
---@overload fun(v: any, message?: any, ...: any): any
assert = {}

---Fails unless expected == actual; tables are compared by content, deeply, and the failure
---says where they first differ.
---@param expected any
---@param actual any
---@param msg? any
function assert.equal(expected, actual, msg) end

---Fails unless v is neither nil nor false.
---@param v any
---@param msg? any
function assert.truthy(v, msg) end

---Fails unless v is nil or false.
---@param v any
---@param msg? any
function assert.falsy(v, msg) end

---Fails unless the Lua pattern matches s.
---@param pattern string
---@param s string
---@param msg? any
function assert.matches(pattern, s, msg) end

---Fails unless fn raises an error, and, with pattern, one whose message matches it.
---@param fn fun()
---@param pattern? string a Lua pattern the error message must match
---@param msg? any
---@return any err the error fn raised
function assert.error(fn, pattern, msg) end

-- The names busted uses, for tests copied from busted suites: the same functions.
assert.equals = assert.equal
assert.same = assert.equal
assert.has_error = assert.error
assert.errors = assert.error

---@class fakehost.Options
---@field scripts? string[] script files to load
---@field dir? string a scripts folder to load, as Outlook would
---@field profile? string the profile name scripts see (e.profile)
---@field state? hooks.State Outlook's state at start-up
---@field budget? hooks.Duration each handler call's time budget (default 250 ms)

---@class fakehost.TransitionOptions
---@field phases? hooks.Phase[] the notifications to send, in order (default start, change, done)

---The fields of one MAPIOFFLINE_NOTIFY, any values, malformed ones included.
---@class fakehost.RawNotify
---@field type? integer NotifyType: 1 start, 2 change, 3 done
---@field mask? integer Info.StateChange.ulMask: 3 for online/offline
---@field old? integer ulStateOld: 1 offline, 2 online
---@field new? integer ulStateNew: 1 offline, 2 online
---@field size? integer ulSize: 24
---@field token? integer ulClientToken

---@class fakehost.LogEntry
---@field level hooks.LogLevel
---@field message string already formatted
---@field script string the script that logged it
---@field time number Unix time (virtual)

---@class fakehost.Notification
---@field title string
---@field text string
---@field script string

---@class fakehost.Run
---@field argv string[]
---@field script string
---@field done boolean true once it has ended: by finish_run, or by timing out
---@field id integer the id hooks.run returned (also its index in runs())
---@field timeout number its timeout in seconds

---How a recorded program ends, for finish_run.
---@class fakehost.RunEnd
---@field code? integer
---@field stdout? string
---@field stderr? string

---@class fakehost.StateRequest
---@field state hooks.State
---@field script string

---@class fakehost.ScriptError
---@field script string
---@field message string includes file:line

---A fake Outlook with scripts loaded, on a virtual clock that starts at Monday
---2026-01-05 09:00:00 UTC. Scripts' os.time()/os.date() follow it.
---@class fakehost.Host
local host = {}

---Outlook goes offline, sending opts.phases (default start, change, done); handlers have
---run when this returns.
---@param opts? fakehost.TransitionOptions
function host:go_offline(opts) end

---Outlook goes online, sending opts.phases (default start, change, done).
---@param opts? fakehost.TransitionOptions
function host:go_online(opts) end

---Sends one notification as given, without checking it.
---@param fields fakehost.RawNotify
function host:notify_raw(fields) end

---Moves the virtual clock on by d, firing timers at their times on the way; a pending
---hooks.run program whose timeout passes on the way times out (on_exit gets timed_out).
---@param d hooks.Duration
function host:advance(d) end

---Outlook's state now.
---@return hooks.OutlookState state
function host:state() end

---Log lines in order of occurrence, only those of `level` when given.
---@param level? hooks.LogLevel
---@return fakehost.LogEntry[] entries
function host:logs(level) end

---Desktop notifications shown, in order.
---@return fakehost.Notification[] notifications
function host:notifications() end

---Programs started, in order; a run's index is the id hooks.run returned.
---@return fakehost.Run[] runs
function host:runs() end

---Ends run `i`, which must still be pending: its on_exit is called with these values. A run
---also ends by itself when the virtual clock passes its timeout (see host:advance).
---@param i integer
---@param result fakehost.RunEnd
function host:finish_run(i, result) end

---hooks.outlook.set_state requests, in order. By default the host applies them as Outlook
---would (START/CHANGE/DONE follow).
---@return fakehost.StateRequest[] requests
function host:state_requests() end

---Script errors (raised in handlers, timers, on_exit, or while loading), in order.
---@return fakehost.ScriptError[] errors
function host:errors() end

---Reloads the scripts: "stop" runs in the old version, "start" in the new.
function host:reload() end

---Unloads the scripts as Outlook does when closing ("stop" handlers run).
function host:stop() end

---The fake host, in test files.
---@class fakehost
fakehost = {}

---A fresh host with the given scripts loaded and started. Programs started with hooks.run
---are recorded, not run; each stays pending until finish_run or its timeout.
---@param opts fakehost.Options
---@return fakehost.Host host
function fakehost.new(opts) end

return hooks
