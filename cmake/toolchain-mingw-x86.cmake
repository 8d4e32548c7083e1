# Windows x86 (32-bit, for 32-bit Outlook) cross build with Debian's MinGW-w64
# (g++-mingw-w64-i686-posix). Built and checked, never run: these machines cannot start a
# 32-bit process at all (the kernel's 32-bit emulation is off, so no 32-bit Wine either).
# Hence no CMAKE_CROSSCOMPILING_EMULATOR: CTest registers only the checks that read the built
# PE files (tests/wine/CMakeLists.txt), and the x86 behaviour is the x64 one, tested under Wine.
set(CMAKE_SYSTEM_PROCESSOR x86)
set(OH_MINGW_TRIPLET i686-w64-mingw32)
include(${CMAKE_CURRENT_LIST_DIR}/toolchain-mingw.cmake)

# The DLLs' .def files list their __stdcall exports undecorated (DllGetClassObject, OhFake_Init),
# as on x64, where there is no decoration: COM, regsvr32 and the stand-in host look them up by
# those names. On x86 the compiler names the functions _DllGetClassObject@12 and so on; the
# linker binds each .def name to that symbol and exports the plain name (check with objdump -p;
# tests x86.pe.addin_exports and x86.pe.olmapi32_exports). --enable-stdcall-fixup says that this
# is wanted, instead of a warning per name. A name the .def spells with its decoration
# ("HrOpenOfflineObj@20") is exported decorated. Never --kill-at: it would strip that @20.
set(CMAKE_SHARED_LINKER_FLAGS_INIT "${CMAKE_SHARED_LINKER_FLAGS_INIT} -Wl,--enable-stdcall-fixup")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "${CMAKE_MODULE_LINKER_FLAGS_INIT} -Wl,--enable-stdcall-fixup")
