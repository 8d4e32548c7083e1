// The Job Object of one hooks.run: everything the program starts (cmd.exe's children, their
// children, ...) belongs to it, and closing or terminating it ends the whole tree. Without
// one, TerminateProcess ends only the direct child, and a grandchild started through
// `cmd.exe /c` would outlive Outlook (under Wine it also keeps the inherited stdout open).
#pragma once

#include "handles.h"

#include <string>

namespace oh::win {

class ProcessJob {
  public:
    ProcessJob() = default;

    // Puts `process` (created suspended, not yet resumed) in a new job that kills on close.
    // Since Windows 8 jobs nest, so this works when Outlook itself runs in a job. On Windows 7
    // a process already in a job cannot join another: then false, and `breakaway` says
    // whether Outlook's job lets a child leave it (CREATE_BREAKAWAY_FROM_JOB, then try
    // again). false with `why` when there is no job: the caller runs the program without.
    bool adopt(HANDLE process, bool& breakaway, std::string& why);

    // Ends every process in the job (none left: nothing happens). Any thread.
    void terminate() const noexcept;
    explicit operator bool() const { return valid(job_); }

  private:
    UniqueHandle job_; // closing it ends whatever still runs in it (KILL_ON_JOB_CLOSE)
};

} // namespace oh::win
