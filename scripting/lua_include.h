// Lua's headers, whichever way the library was built. Lua is always compiled as C++ here
// (errors are exceptions that unwind our frames); Debian's liblua5.4-c++ keeps C linkage,
// the MinGW and vcpkg builds have C++ linkage (OH_LUA_CXX_LINKAGE).
#pragma once

#if defined(OH_LUA_CXX_LINKAGE)
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#else
#include <lua.hpp>
#endif
