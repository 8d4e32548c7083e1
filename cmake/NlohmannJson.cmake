# Provides the target oh::json: nlohmann-json 3.11 (header-only), which reads and writes the
# journal and the `--json` transcript (scripting/json.h wraps it).
#  - Linux, and MSVC with vcpkg's nlohmann-json port: the package's own CMake config.
#  - MinGW: Debian's nlohmann-json3-dev. Its config points at /usr/include, which must never
#    reach a Windows compiler (glibc's headers would shadow MinGW's), so the include path is a
#    folder in the build tree holding only a link to /usr/include/nlohmann.
if(TARGET oh::json)
    return()
endif()

add_library(oh_json INTERFACE)
add_library(oh::json ALIAS oh_json)

if(MINGW AND CMAKE_CROSSCOMPILING)
    set(OH_NLOHMANN_JSON_DIR /usr/include/nlohmann
        CACHE PATH "Debian's nlohmann-json headers, for the MinGW build")
    set(OH_NLOHMANN_JSON_MACROS ${OH_NLOHMANN_JSON_DIR}/detail/abi_macros.hpp)
    if(NOT EXISTS ${OH_NLOHMANN_JSON_DIR}/json.hpp OR NOT EXISTS ${OH_NLOHMANN_JSON_MACROS})
        message(FATAL_ERROR "nlohmann-json 3.11 not found in ${OH_NLOHMANN_JSON_DIR}: "
                            "install nlohmann-json3-dev (tools/deps.sh)")
    endif()
    file(STRINGS ${OH_NLOHMANN_JSON_MACROS} OH_NLOHMANN_JSON_VERSION_LINES
         REGEX "^#define NLOHMANN_JSON_VERSION_(MAJOR|MINOR) ")
    string(REGEX MATCH "MAJOR ([0-9]+)" _ "${OH_NLOHMANN_JSON_VERSION_LINES}")
    set(OH_NLOHMANN_JSON_MAJOR ${CMAKE_MATCH_1})
    string(REGEX MATCH "MINOR ([0-9]+)" _ "${OH_NLOHMANN_JSON_VERSION_LINES}")
    set(OH_NLOHMANN_JSON_MINOR ${CMAKE_MATCH_1})
    if(NOT OH_NLOHMANN_JSON_MAJOR EQUAL 3 OR OH_NLOHMANN_JSON_MINOR LESS 11)
        message(FATAL_ERROR "nlohmann-json 3.11 or a later 3.x is needed, "
                            "${OH_NLOHMANN_JSON_DIR} holds "
                            "${OH_NLOHMANN_JSON_MAJOR}.${OH_NLOHMANN_JSON_MINOR}")
    endif()
    # A folder of our own that holds only a link to it (as tests/wine does for Catch2).
    set(OH_NLOHMANN_JSON_INCLUDE ${CMAKE_BINARY_DIR}/nlohmann-include)
    file(MAKE_DIRECTORY ${OH_NLOHMANN_JSON_INCLUDE})
    file(CREATE_LINK ${OH_NLOHMANN_JSON_DIR} ${OH_NLOHMANN_JSON_INCLUDE}/nlohmann SYMBOLIC)
    target_include_directories(oh_json SYSTEM INTERFACE ${OH_NLOHMANN_JSON_INCLUDE})
    message(STATUS "nlohmann-json ${OH_NLOHMANN_JSON_MAJOR}.${OH_NLOHMANN_JSON_MINOR} "
                   "from ${OH_NLOHMANN_JSON_DIR}, through ${OH_NLOHMANN_JSON_INCLUDE}")
else()
    find_package(nlohmann_json 3.11 CONFIG REQUIRED)
    target_link_libraries(oh_json INTERFACE nlohmann_json::nlohmann_json)
endif()
