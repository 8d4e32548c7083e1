# cmake -DSOURCE_DIR=<src> -DBINARY_DIR=<x86 tree> -DTARGETS=<t1;t2> -P BuildX86.cmake
# Builds targets of the x86 tree (preset mingw-x86), configuring it first when it has never
# been configured; afterwards its own build re-runs CMake when a CMakeLists.txt changes.
# Run by the target oh_x86_addin (cmake/X86Addin.cmake) of the x64 MinGW tree.
foreach(v SOURCE_DIR BINARY_DIR TARGETS)
    if(NOT ${v})
        message(FATAL_ERROR "BuildX86.cmake: -D${v}=... missing")
    endif()
endforeach()

if(NOT EXISTS "${BINARY_DIR}/CMakeCache.txt")
    execute_process(COMMAND ${CMAKE_COMMAND} --preset mingw-x86 -B ${BINARY_DIR}
                    WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "configuring the x86 tree ${BINARY_DIR} (preset mingw-x86) failed; "
                            "is g++-mingw-w64-i686-posix installed? (tools/deps.sh all)")
    endif()
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BINARY_DIR} --target ${TARGETS}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "building ${TARGETS} in the x86 tree ${BINARY_DIR} failed")
endif()
