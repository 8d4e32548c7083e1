# Windows x64 cross build with Debian's MinGW-w64 (g++-mingw-w64-x86-64). Tests run under Wine
# through tools/wine-run.sh (CMAKE_CROSSCOMPILING_EMULATOR), so ctest works unchanged.
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(OH_MINGW_TRIPLET x86_64-w64-mingw32)
include(${CMAKE_CURRENT_LIST_DIR}/toolchain-mingw.cmake)

# Runs a built .exe under Wine (its own prefix in the build folder, WINEDEBUG=-all, timeout).
set(CMAKE_CROSSCOMPILING_EMULATOR ${CMAKE_CURRENT_LIST_DIR}/../tools/wine-run.sh)
