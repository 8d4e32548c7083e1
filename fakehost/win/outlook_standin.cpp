// outlook_standin.exe: the Outlook stand-in for end-to-end tests of a COM add-in under Wine (or
// on Windows without Outlook). See outlook_host.h for what it prints and host_options.h for the
// command line.
#include "host_options.h"
#include "outlook_host.h"

#include <windows.h>

#include <cstdio>
#include <exception>

namespace {

constexpr int kExitSetup = 2;
constexpr int kExitCrash = 3;

// A crash inside the add-in must end the run with a clear line and status 3 - not a hang in
// Wine's debugger, nor an exit status a test could mistake for a verdict.
LONG WINAPI on_unhandled_exception(EXCEPTION_POINTERS* info) {
    std::printf("crash: unhandled exception 0x%08lX at %p\n",
                static_cast<unsigned long>(info->ExceptionRecord->ExceptionCode),
                info->ExceptionRecord->ExceptionAddress);
    std::printf("result: FAIL (crash)\n");
    std::fflush(stdout);
    TerminateProcess(GetCurrentProcess(), kExitCrash);
    return EXCEPTION_EXECUTE_HANDLER;
}

[[noreturn]] void on_terminate() {
    std::printf("crash: std::terminate (a C++ exception crossed a COM boundary?)\n");
    std::printf("result: FAIL (crash)\n");
    std::fflush(stdout);
    TerminateProcess(GetCurrentProcess(), kExitCrash);
    for (;;) Sleep(INFINITE); // TerminateProcess does not return for the current process
}

} // namespace

int wmain(int argc, wchar_t** argv) {
    SetUnhandledExceptionFilter(&on_unhandled_exception);
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
    std::set_terminate(&on_terminate);

    auto options = oh::win::parse_host_options(argc, argv);
    if (!options.ok()) {
        const std::string& error = options.error();
        if (error == "help") {
            std::fputs(oh::win::host_usage().c_str(), stdout);
            return 0;
        }
        std::fprintf(stderr, "outlook_standin: %s\n%s", error.c_str(),
                     oh::win::host_usage().c_str());
        return kExitSetup;
    }
    oh::win::Transcript transcript;
    try {
        return oh::win::OutlookHost(std::move(options).value(), transcript).run();
    } catch (const std::exception& e) {
        transcript.line(std::string("crash: exception: ") + e.what());
    } catch (...) {
        transcript.line("crash: unknown C++ exception");
    }
    transcript.line("result: FAIL (crash)");
    return kExitCrash;
}
