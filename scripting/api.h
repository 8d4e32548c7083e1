// The `hooks` table a script sees, built from one small file per concern.
#pragma once

#include "lua_include.h"
#include "script.h"

#include <cstdint>
#include <string>

namespace oh {

// Builds `hooks` (also require "hooks"), print and warn into the state's globals.
void open_hooks_api(lua_State* L);

// Each adds its functions to the hooks table at the top of the stack.
void open_api_events(lua_State* L);
void open_api_timers(lua_State* L);
void open_api_log(lua_State* L);
void open_api_actions(lua_State* L);
void open_api_outlook(lua_State* L);
void open_api_store(lua_State* L);

// --- helpers shared by the API files ---

// A duration argument: seconds (number) or "250ms" / "30s" / "5m" / "1h". Raises with what
// was expected, naming `what` (e.g. "hooks.after").
double check_duration(lua_State* L, int idx, const char* what);
// Handles to subscriptions and timers: a userdata holding an id, with a :cancel() method.
void push_handle(lua_State* L, const char* metatable, std::uint64_t id);
std::uint64_t check_handle(lua_State* L, int idx, const char* metatable);
void new_handle_metatable(lua_State* L, const char* metatable, lua_CFunction cancel);
// Raises unless every key of the options table at `idx` is one of `allowed` (a
// NULL-terminated list): a typo in an option name must not pass silently.
void check_option_names(lua_State* L, int idx, const char* what, const char* const* allowed);
// The event table handed to handlers.
void push_event(lua_State* L, const EventData& ev, const std::string& profile);

constexpr const char* subscription_mt = "oh.subscription";
constexpr const char* timer_mt = "oh.timer";

} // namespace oh
