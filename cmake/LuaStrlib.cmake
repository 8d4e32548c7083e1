# Lua's own string library (lstrlib.c) with a step meter, for the sandbox's string.find,
# match, gmatch and gsub (scripting/pattern_meter.h). Included by Lua.cmake on every platform.
#
# Nothing of Lua's is in this repository: at configure time lstrlib.c is copied from the
# fetched Lua source (OH_LUA_SOURCE_DIR: tools/fetch-lua-source.sh, or upstream's tarball on
# MSVC) into the build folder and cmake/patches/lstrlib-step-meter.patch is applied to the
# copy; its header says what the patch adds and why. The copy is compiled as C++ (as the
# library is: Lua errors are exceptions) against the headers of the Lua the project links,
# whose version must be the source's, with its one exported function renamed by a compile
# definition so it does not clash with the library's: luaopen_string becomes
# oh_luaopen_string_metered.
#
# Provides oh_lstrlib_object_library(NAME [compile options...]): an OBJECT library of the
# patched copy, to add to a target with $<TARGET_OBJECTS:NAME>.
set(OH_LUA_SOURCE_DIR "${PROJECT_SOURCE_DIR}/third_party/lua-5.4"
    CACHE PATH "Unpacked Lua 5.4 source (holds src/lapi.c)")
if(NOT EXISTS "${OH_LUA_SOURCE_DIR}/src/lstrlib.c")
    message(FATAL_ERROR
        "Lua 5.4 source not found in ${OH_LUA_SOURCE_DIR}: the sandbox's string library is "
        "compiled from it.\n"
        "Run (it adds a deb-src entry and uses apt-get source, with sudo when not root):\n"
        "    bash ${PROJECT_SOURCE_DIR}/tools/fetch-lua-source.sh\n"
        "then configure again (or point OH_LUA_SOURCE_DIR at an unpacked Lua 5.4 source).")
endif()

# "5.4.4" from the lua.h in `dir`.
function(oh_lua_header_version dir out)
    file(STRINGS "${dir}/lua.h" lines REGEX "^#define[ \t]+LUA_VERSION_(MAJOR|MINOR|RELEASE)[ \t]")
    set(parts "")
    foreach(part MAJOR MINOR RELEASE)
        set(value "?")
        foreach(line IN LISTS lines)
            if(line MATCHES "LUA_VERSION_${part}[ \t]+\"([0-9]+)\"")
                set(value "${CMAKE_MATCH_1}")
            endif()
        endforeach()
        list(APPEND parts "${value}")
    endforeach()
    list(JOIN parts "." version)
    set(${out} "${version}" PARENT_SCOPE)
endfunction()

# The headers lstrlib.c is compiled against: the linked library's.
get_target_property(oh_lua_include_dirs oh::lua INTERFACE_INCLUDE_DIRECTORIES)
find_path(OH_LUA_HEADER_DIR lua.h PATHS ${oh_lua_include_dirs} NO_DEFAULT_PATH)
if(NOT OH_LUA_HEADER_DIR)
    message(FATAL_ERROR "lua.h not found in the Lua library's include folders: ${oh_lua_include_dirs}")
endif()
oh_lua_header_version("${OH_LUA_HEADER_DIR}" oh_lua_headers_version)
oh_lua_header_version("${OH_LUA_SOURCE_DIR}/src" oh_lua_source_version)
if(NOT oh_lua_headers_version STREQUAL oh_lua_source_version)
    message(FATAL_ERROR
        "The Lua source in ${OH_LUA_SOURCE_DIR} is ${oh_lua_source_version}, but the Lua the "
        "build links (headers in ${OH_LUA_HEADER_DIR}) is ${oh_lua_headers_version}. The "
        "sandbox's string library is compiled from that source against those headers, so they "
        "must be the same release: fetch the source of the installed Lua "
        "(bash tools/fetch-lua-source.sh --force) or install the matching liblua5.4-dev.")
endif()

# The copy, patched. `patch` is in Debian's base tools (and dpkg-dev); on Windows, Git's.
find_package(Git QUIET)
set(oh_patch_hints "")
if(GIT_EXECUTABLE)
    get_filename_component(oh_git_dir "${GIT_EXECUTABLE}" DIRECTORY)
    list(APPEND oh_patch_hints "${oh_git_dir}/../usr/bin" "${oh_git_dir}/../../usr/bin")
endif()
find_program(OH_PATCH_EXECUTABLE patch HINTS ${oh_patch_hints})
if(NOT OH_PATCH_EXECUTABLE)
    message(FATAL_ERROR "'patch' not found: install it (Debian: apt-get install patch; "
                        "Windows: it comes with Git for Windows, in usr/bin)")
endif()

set(OH_LSTRLIB_PATCH "${PROJECT_SOURCE_DIR}/cmake/patches/lstrlib-step-meter.patch")
set(OH_LSTRLIB_DIR "${CMAKE_BINARY_DIR}/lstrlib-metered")
file(REMOVE_RECURSE "${OH_LSTRLIB_DIR}")
file(COPY "${OH_LUA_SOURCE_DIR}/src/lstrlib.c" "${OH_LUA_SOURCE_DIR}/src/lprefix.h"
     DESTINATION "${OH_LSTRLIB_DIR}")
execute_process(
    COMMAND "${OH_PATCH_EXECUTABLE}" -p1 --forward --batch --quiet -i "${OH_LSTRLIB_PATCH}"
    WORKING_DIRECTORY "${OH_LSTRLIB_DIR}"
    RESULT_VARIABLE oh_patch_result
    OUTPUT_VARIABLE oh_patch_output
    ERROR_VARIABLE oh_patch_output)
if(NOT oh_patch_result EQUAL 0)
    message(FATAL_ERROR "${OH_LSTRLIB_PATCH} does not apply to "
                        "${OH_LUA_SOURCE_DIR}/src/lstrlib.c (Lua ${oh_lua_source_version}):\n"
                        "${oh_patch_output}")
endif()
# .cpp: compiled as C++ in whichever folder uses it (source properties are per folder).
file(RENAME "${OH_LSTRLIB_DIR}/lstrlib.c" "${OH_LSTRLIB_DIR}/lstrlib.cpp")
set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             "${OH_LSTRLIB_PATCH}" "${OH_LUA_SOURCE_DIR}/src/lstrlib.c")

function(oh_lstrlib_object_library name)
    add_library(${name} OBJECT "${OH_LSTRLIB_DIR}/lstrlib.cpp")
    target_link_libraries(${name} PRIVATE oh::lua)
    # LUA_COMPAT_5_3: as the library is built (Debian's, upstream's and LuaFromSource.cmake).
    target_compile_definitions(${name} PRIVATE luaopen_string=oh_luaopen_string_metered
                                               LUA_COMPAT_5_3)
    # Lua's code is not ours to fix: no warnings from it (so no -Werror trouble).
    target_compile_options(${name} PRIVATE -w ${ARGN})
    set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()
