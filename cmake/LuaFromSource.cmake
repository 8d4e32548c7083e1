# Lua 5.4 built from Debian's lua5.4 source package (tools/fetch-lua-source.sh puts it in
# third_party/lua-5.4), for toolchains with no packaged Lua: MinGW. Included by Lua.cmake.
#
# Compiled as C++ on purpose (the Lua manual's "compile as C" advice notwithstanding): with
# __cplusplus, luaconf.h/ldo.c raise Lua errors as C++ exceptions instead of longjmp, so a
# Lua error raised inside one of our C++ API functions unwinds its frames and runs the
# destructors of its RAII objects (longjmp across them is undefined behaviour). The symbols
# then have C++ linkage, which OH_LUA_CXX_LINKAGE tells scripting/lua_include.h.
set(OH_LUA_SOURCE_DIR "${PROJECT_SOURCE_DIR}/third_party/lua-5.4"
    CACHE PATH "Unpacked Lua 5.4 source (holds src/lapi.c)")

if(NOT EXISTS "${OH_LUA_SOURCE_DIR}/src/lapi.c")
    message(FATAL_ERROR
        "Lua 5.4 source not found in ${OH_LUA_SOURCE_DIR}.\n"
        "Run (as root, it adds a deb-src entry and uses apt-get source):\n"
        "    bash ${PROJECT_SOURCE_DIR}/tools/fetch-lua-source.sh\n"
        "then configure again (or point OH_LUA_SOURCE_DIR at an unpacked Lua 5.4 source).")
endif()

file(GLOB OH_LUA_SOURCES "${OH_LUA_SOURCE_DIR}/src/*.c")
# The stand-alone interpreter and compiler have a main() each; the library is the rest.
list(REMOVE_ITEM OH_LUA_SOURCES "${OH_LUA_SOURCE_DIR}/src/lua.c" "${OH_LUA_SOURCE_DIR}/src/luac.c")
# Source properties are directory-scoped: this file is included from the top-level
# CMakeLists.txt, the same directory that defines the library, so the property applies.
set_source_files_properties(${OH_LUA_SOURCES} PROPERTIES LANGUAGE CXX)

add_library(oh_lua_cxx STATIC ${OH_LUA_SOURCES})
target_include_directories(oh_lua_cxx SYSTEM PUBLIC "${OH_LUA_SOURCE_DIR}/src")
# Same configuration as upstream's and Debian's builds (math.pow & co. stay available), so
# scripts see the same Lua on Windows as on Linux.
target_compile_definitions(oh_lua_cxx PRIVATE LUA_COMPAT_5_3)
target_compile_definitions(oh_lua_cxx PUBLIC OH_LUA_CXX_LINKAGE=1)
# Lua's own sources are not ours to fix: no warnings from them (and so no -Werror trouble),
# while every target of ours keeps its full warning set.
target_compile_options(oh_lua_cxx PRIVATE -w)
set_target_properties(oh_lua_cxx PROPERTIES POSITION_INDEPENDENT_CODE ON)

add_library(oh::lua ALIAS oh_lua_cxx)
