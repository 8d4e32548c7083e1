# Provides the imported target oh::lua: Lua 5.4 compiled as C++, so that a Lua error
# unwinds C++ frames as an exception and RAII objects in our API functions are released.
#  - Linux: Debian's liblua5.4-c++ (pkg-config lua5.4-c++), C linkage.
#  - MinGW (or OH_LUA_FROM_SOURCE): Debian's lua5.4 source package, compiled here as C++ (see LuaFromSource.cmake).
#  - MSVC: vcpkg's lua port with its "cpp" feature.
# OH_LUA_CXX_LINKAGE tells scripting/lua.hpp whether the symbols have C++ linkage.
if(TARGET oh::lua)
    return()
endif()

# OH_LUA_FROM_SOURCE builds Debian's source on Linux too: a profile then names Lua's own
# functions (Debian's shared library has no symbols for them).
option(OH_LUA_FROM_SOURCE "Build Lua from Debian's source package (tools/fetch-lua-source.sh)" OFF)
if(MINGW OR OH_LUA_FROM_SOURCE)
    include(LuaFromSource)
elseif(MSVC)
    find_package(unofficial-lua-cpp CONFIG QUIET)
    if(TARGET unofficial::lua::lua-cpp)
        add_library(oh::lua INTERFACE IMPORTED)
        target_link_libraries(oh::lua INTERFACE unofficial::lua::lua-cpp)
        target_compile_definitions(oh::lua INTERFACE OH_LUA_CXX_LINKAGE=1)
    else()
        find_package(Lua 5.4 REQUIRED)
        add_library(oh::lua INTERFACE IMPORTED)
        target_include_directories(oh::lua INTERFACE ${LUA_INCLUDE_DIR})
        target_link_libraries(oh::lua INTERFACE ${LUA_LIBRARIES})
    endif()
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
