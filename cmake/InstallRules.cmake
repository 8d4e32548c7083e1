# What `cmake --install` puts in place. LICENSE and THIRD_PARTY_NOTICES go with the programs
# whose code they cover (Lua, nlohmann-json and, on MinGW, the statically linked GCC and
# mingw-w64 runtimes): on Windows in the one folder that holds OfflineHooks.dll and
# fakehost.exe, as the MSI lays it out (installer/OfflineHooks.wxs.in); elsewhere fakehost
# in bin/ and the texts in the documentation folder (share/doc/OfflineHooks).
include(GNUInstallDirs)

set(OH_LICENSE_FILES ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/THIRD_PARTY_NOTICES)
foreach(f IN LISTS OH_LICENSE_FILES)
    if(NOT EXISTS ${f})
        message(FATAL_ERROR "install: ${f} is missing: every build ships it")
    endif()
endforeach()

if(WIN32)
    set(oh_program_dir .)
    set(oh_doc_dir .)
else()
    set(oh_program_dir ${CMAKE_INSTALL_BINDIR})
    set(oh_doc_dir ${CMAKE_INSTALL_DOCDIR})
endif()

install(TARGETS fakehost RUNTIME DESTINATION ${oh_program_dir})
if(TARGET OfflineHooks)
    install(TARGETS OfflineHooks LIBRARY DESTINATION ${oh_program_dir})
endif()
install(FILES ${OH_LICENSE_FILES} ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${oh_doc_dir})
