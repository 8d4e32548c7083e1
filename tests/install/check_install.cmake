# The CTest install.layout: `cmake --install` into a fresh folder, then every file a user gets
# is there, and LICENSE and THIRD_PARTY_NOTICES sit beside the programs (Windows) or in the
# documentation folder (elsewhere), equal to the sources.
#   cmake -DBUILD_DIR=... -DPREFIX=... -DSOURCE_DIR=... -DPROGRAMS="a;b" -DDOC_DIR=... -P check_install.cmake
foreach(v BUILD_DIR PREFIX SOURCE_DIR PROGRAMS DOC_DIR)
    if(NOT DEFINED ${v})
        message(FATAL_ERROR "check_install.cmake: -D${v}=... missing")
    endif()
endforeach()

file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cmake --install failed (${rc}):\n${out}")
endif()

set(failures "")
foreach(p IN LISTS PROGRAMS)
    if(NOT EXISTS ${PREFIX}/${p})
        string(APPEND failures "  not installed: ${p}\n")
    endif()
endforeach()
foreach(f LICENSE THIRD_PARTY_NOTICES README.md)
    set(got ${PREFIX}/${DOC_DIR}/${f})
    if(NOT EXISTS ${got})
        string(APPEND failures "  not installed: ${DOC_DIR}/${f}\n")
        continue()
    endif()
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${got} ${SOURCE_DIR}/${f}
                    RESULT_VARIABLE differs)
    if(differs)
        string(APPEND failures "  ${DOC_DIR}/${f} differs from ${SOURCE_DIR}/${f}\n")
    endif()
endforeach()
if(failures)
    message(FATAL_ERROR "cmake --install into ${PREFIX}:\n${failures}")
endif()
message(STATUS "cmake --install into ${PREFIX}: ${PROGRAMS}, and LICENSE, THIRD_PARTY_NOTICES "
               "and README.md in ${DOC_DIR}")
