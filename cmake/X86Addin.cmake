# The x86 add-in DLL (for 32-bit Outlook) as seen from the x64 MinGW tree, for the installer,
# which packages both DLLs. The x86 DLL is built in a tree of its own (preset mingw-x86,
# cmake/toolchain-mingw-x86.cmake): one CMake tree has one compiler.
#
#   target   oh_x86_addin       configures <OH_X86_BUILD_DIR> with the mingw-x86 preset if it
#                               has no CMakeCache.txt yet, then builds its OfflineHooks target
#                               (a no-op when up to date). Not part of ALL: depend on it.
#   variable OH_X86_ADDIN_DLL   the x86 OfflineHooks.dll that target writes (also the target's
#                               OH_DLL property: $<TARGET_PROPERTY:oh_x86_addin,OH_DLL>)
#   variable OH_X86_TOOLCHAIN_FOUND  whether i686-w64-mingw32-g++-posix is installed
#                               (tools/deps.sh all); without it the target fails, saying so.
# Included by the top-level CMakeLists.txt for a 64-bit MinGW build only.
set(OH_X86_BUILD_DIR "${PROJECT_SOURCE_DIR}/build/mingw-x86" CACHE PATH
    "Build tree of the x86 add-in DLL (preset mingw-x86), used by the target oh_x86_addin")
set(OH_X86_ADDIN_DLL "${OH_X86_BUILD_DIR}/addin/win/OfflineHooks.dll")

find_program(OH_X86_CXX i686-w64-mingw32-g++-posix NO_CMAKE_FIND_ROOT_PATH)
if(OH_X86_CXX)
    set(OH_X86_TOOLCHAIN_FOUND TRUE)
else()
    set(OH_X86_TOOLCHAIN_FOUND FALSE)
    message(STATUS "i686-w64-mingw32-g++-posix not found (tools/deps.sh all): "
                   "target oh_x86_addin will fail")
endif()

add_custom_target(oh_x86_addin
    COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DBINARY_DIR=${OH_X86_BUILD_DIR}
            -DTARGETS=OfflineHooks -P ${CMAKE_CURRENT_LIST_DIR}/BuildX86.cmake
    BYPRODUCTS ${OH_X86_ADDIN_DLL}
    COMMENT "Building the x86 OfflineHooks.dll in ${OH_X86_BUILD_DIR}"
    USES_TERMINAL
    VERBATIM)
set_target_properties(oh_x86_addin PROPERTIES OH_DLL ${OH_X86_ADDIN_DLL})
