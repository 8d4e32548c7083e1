# Provides the imported target oh::lua: Lua 5.4 compiled as C++, so that a Lua error
# unwinds C++ frames as an exception and RAII objects in our API functions are released.
#  - Linux: Debian's liblua5.4-c++ (pkg-config lua5.4-c++), C linkage.
#  - MinGW (or OH_LUA_FROM_SOURCE): Debian's lua5.4 source package, compiled here as C++ (see LuaFromSource.cmake).
#  - MSVC: upstream's lua-5.4.4 tarball (the same bytes as Debian's orig tarball), fetched at
#    configure time with a pinned hash and compiled as on MinGW.
# OH_LUA_CXX_LINKAGE tells scripting/lua.hpp whether the symbols have C++ linkage.
# Every platform also compiles Lua's lstrlib.c and ltablib.c from that source with a step
# meter for the sandbox (LuaMetered.cmake), so the Linux build needs the source too.
if(TARGET oh::lua)
    return()
endif()

# OH_LUA_FROM_SOURCE builds Debian's source on Linux too: a profile then names Lua's own
# functions (Debian's shared library has no symbols for them).
option(OH_LUA_FROM_SOURCE "Build Lua from Debian's source package (tools/fetch-lua-source.sh)" OFF)
if(MINGW OR OH_LUA_FROM_SOURCE)
    include(LuaFromSource)
elseif(MSVC)
    include(FetchContent)
    FetchContent_Declare(oh_lua_upstream
        URL https://www.lua.org/ftp/lua-5.4.4.tar.gz
        # Byte for byte Debian's lua5.4_5.4.4.orig.tar.gz (same SHA-256, top folder
        # lua-5.4.4/), which the Linux and MinGW builds get through tools/fetch-lua-source.sh.
        # Not in it: Debian's two backported fixes (CVE-2022-28805, CVE-2022-33099).
        URL_HASH SHA256=164c7849653b80ae67bec4b7473b884bf5cc8d2dca05653475ec2ed27b9ebf61)
    FetchContent_MakeAvailable(oh_lua_upstream) # a Makefile, no CMakeLists: only unpacked
    set(OH_LUA_SOURCE_DIR "${oh_lua_upstream_SOURCE_DIR}" CACHE PATH "Unpacked Lua 5.4 source" FORCE)
    include(LuaFromSource)
else()
    # pkg-config's lua5.4-c++ lists the C build too (-llua5.4); link the C++ build alone so
    # that no symbol can resolve to the longjmp flavour.
    find_package(PkgConfig REQUIRED)
    pkg_check_modules(OH_LUA54 REQUIRED lua5.4-c++)
    find_library(OH_LUA_LIBRARY NAMES lua5.4-c++ HINTS ${OH_LUA54_LIBRARY_DIRS} REQUIRED)
    add_library(oh::lua INTERFACE IMPORTED)
    target_include_directories(oh::lua INTERFACE ${OH_LUA54_INCLUDE_DIRS})
    target_link_libraries(oh::lua INTERFACE ${OH_LUA_LIBRARY})
endif()

include(LuaMetered)
