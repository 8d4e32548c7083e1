# Lua's own string and table libraries with a step meter, for the sandbox. Included by
# Lua.cmake on every platform.
#  - lstrlib.c: string.find, match, gmatch and gsub charge their matching steps
#    (scripting/pattern_meter.h);
#  - ltablib.c: table.insert, remove, move and concat charge each element
#    (scripting/sandbox_limits.cpp).
#
# Nothing of Lua's is in this repository: at configure time each file is copied from the
# fetched Lua source (OH_LUA_SOURCE_DIR: tools/fetch-lua-source.sh, or upstream's tarball on
# MSVC) into the build folder and cmake/patches/<file>-step-meter.patch is applied to the
# copy; each patch's header says what it adds and why. A copy is compiled as C++ (as the
# library is: Lua errors are exceptions) against the headers of the Lua the project links,
# whose version must be the source's, with its one exported function renamed by a compile
# definition so it does not clash with the library's: luaopen_string becomes
# oh_luaopen_string_metered, luaopen_table oh_luaopen_table_metered.
#
# Provides oh_lua_metered_object_library(NAME lstrlib|ltablib [compile options...]): an
# OBJECT library of that patched copy, to add to a target with $<TARGET_OBJECTS:NAME>.
set(OH_LUA_SOURCE_DIR "${PROJECT_SOURCE_DIR}/third_party/lua-5.4"
    CACHE PATH "Unpacked Lua 5.4 source (holds src/lapi.c)")
if(NOT EXISTS "${OH_LUA_SOURCE_DIR}/src/lstrlib.c")
    message(FATAL_ERROR
        "Lua 5.4 source not found in ${OH_LUA_SOURCE_DIR}: the sandbox's string and table "
        "libraries are compiled from it.\n"
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
set(OH_LUA_HEADER_DIR "")
foreach(dir IN LISTS oh_lua_include_dirs) # not find_path: a cross build re-roots its search
    if(NOT OH_LUA_HEADER_DIR AND EXISTS "${dir}/lua.h")
        set(OH_LUA_HEADER_DIR "${dir}")
    endif()
endforeach()
if(NOT OH_LUA_HEADER_DIR)
    message(FATAL_ERROR "lua.h not found in the Lua library's include folders: ${oh_lua_include_dirs}")
endif()
oh_lua_header_version("${OH_LUA_HEADER_DIR}" oh_lua_headers_version)
oh_lua_header_version("${OH_LUA_SOURCE_DIR}/src" oh_lua_source_version)
if(NOT oh_lua_headers_version STREQUAL oh_lua_source_version)
    message(FATAL_ERROR
        "The Lua source in ${OH_LUA_SOURCE_DIR} is ${oh_lua_source_version}, but the Lua the "
        "build links (headers in ${OH_LUA_HEADER_DIR}) is ${oh_lua_headers_version}. The "
        "sandbox's string and table libraries are compiled from that source against those "
        "headers, so they must be the same release: fetch the source of the installed Lua "
        "(bash tools/fetch-lua-source.sh --force) or install the matching liblua5.4-dev.")
endif()

# The copies, patched. `patch` is in Debian's base tools (and dpkg-dev); on Windows, Git's.
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

set(OH_LUA_METERED_DIR "${CMAKE_BINARY_DIR}/lua-metered")
file(REMOVE_RECURSE "${OH_LUA_METERED_DIR}")
file(COPY "${OH_LUA_SOURCE_DIR}/src/lprefix.h" DESTINATION "${OH_LUA_METERED_DIR}")
foreach(oh_lib lstrlib ltablib)
    set(oh_patch "${PROJECT_SOURCE_DIR}/cmake/patches/${oh_lib}-step-meter.patch")
    file(COPY "${OH_LUA_SOURCE_DIR}/src/${oh_lib}.c" DESTINATION "${OH_LUA_METERED_DIR}")
    execute_process(
        COMMAND "${OH_PATCH_EXECUTABLE}" -p1 --forward --batch --quiet -i "${oh_patch}"
        WORKING_DIRECTORY "${OH_LUA_METERED_DIR}"
        RESULT_VARIABLE oh_patch_result
        OUTPUT_VARIABLE oh_patch_output
        ERROR_VARIABLE oh_patch_output)
    if(NOT oh_patch_result EQUAL 0)
        message(FATAL_ERROR "${oh_patch} does not apply to "
                            "${OH_LUA_SOURCE_DIR}/src/${oh_lib}.c (Lua ${oh_lua_source_version}):\n"
                            "${oh_patch_output}")
    endif()
    # .cpp: compiled as C++ in whichever folder uses it (source properties are per folder).
    file(RENAME "${OH_LUA_METERED_DIR}/${oh_lib}.c" "${OH_LUA_METERED_DIR}/${oh_lib}.cpp")
    set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
                 "${oh_patch}" "${OH_LUA_SOURCE_DIR}/src/${oh_lib}.c")
endforeach()

function(oh_lua_metered_object_library name lib)
    add_library(${name} OBJECT "${OH_LUA_METERED_DIR}/${lib}.cpp")
    target_link_libraries(${name} PRIVATE oh::lua)
    # LUA_COMPAT_5_3: as the library is built (Debian's, upstream's and LuaFromSource.cmake).
    target_compile_definitions(${name} PRIVATE luaopen_string=oh_luaopen_string_metered
                                               luaopen_table=oh_luaopen_table_metered
                                               LUA_COMPAT_5_3)
    # Lua's code is not ours to fix: no warnings from it (so no -Werror trouble).
    target_compile_options(${name} PRIVATE -w ${ARGN})
    set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()
