# What the MinGW-w64 cross builds share (Debian's g++-mingw-w64-*-posix): included by
# toolchain-mingw-x64.cmake and toolchain-mingw-x86.cmake after they set OH_MINGW_TRIPLET.
set(CMAKE_SYSTEM_NAME Windows)

# The "posix" thread model: Debian's default ("win32") MinGW compilers have no std::thread,
# std::mutex or std::condition_variable, which the engine's dispatcher needs.
set(CMAKE_C_COMPILER ${OH_MINGW_TRIPLET}-gcc-posix)
set(CMAKE_CXX_COMPILER ${OH_MINGW_TRIPLET}-g++-posix)
set(CMAKE_RC_COMPILER ${OH_MINGW_TRIPLET}-windres)

# Look for headers and libraries in the MinGW sysroot only: a Linux header found in
# /usr/include would silently break a Windows build. Programs (code generators) are the host's.
set(CMAKE_FIND_ROOT_PATH /usr/${OH_MINGW_TRIPLET})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# GCC 12 (Debian's MinGW) has a known false positive: -Wrestrict fires inside libstdc++'s
# char_traits.h for ordinary std::string concatenation ("x" + s) at -O3, the Release level.
# With OH_WERROR that would fail correct code, so this one warning is off for this compiler.
set(CMAKE_CXX_FLAGS_INIT "-Wno-restrict")

# Static runtime: libgcc, libstdc++ and winpthread are linked in, so the add-in DLL, the MAPI
# stand-in and the test programs need no MinGW DLL beside them (Outlook will not have one).
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static")
