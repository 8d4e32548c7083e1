// The Job Object of one hooks.run: everything the program starts (cmd.exe's children, their
// children, ...) belongs to it, and closing or terminating it ends the whole tree. Without
// one, TerminateProcess ends only the direct child, and a grandchild started through
// `cmd.exe /c` would outlive Outlook (under Wine it also keeps the inherited stdout open).
#pragma once

#include "handles.h"
#include "result.h"

namespace oh::win {

// What ProcessJob::adopt did: `status` fails, saying why, when the process is in no job of
// ours; then `breakaway` says whether starting it again with CREATE_BREAKAWAY_FROM_JOB may help.
struct [[nodiscard]] JobAdoption {
    Status status;
    bool breakaway = false;
};

class ProcessJob {
  public:
    ProcessJob() = default;

    // Puts `process` (created suspended, not yet resumed) in a new job that kills on close.
    // Since Windows 8 jobs nest, so this works when Outlook itself runs in a job. On Windows 7
    // a process already in a job cannot join another: then it fails, with `breakaway` telling
    // whether Outlook's job lets a child leave it (CREATE_BREAKAWAY_FROM_JOB, then try
    // again). On any failure the caller runs the program without a job.
    JobAdoption adopt(HANDLE process);

    // Ends every process in the job (none left: nothing happens). Any thread.
    void terminate() const noexcept;
    explicit operator bool() const { return valid(job_); }

  private:
    UniqueHandle job_; // closing it ends whatever still runs in it (KILL_ON_JOB_CLOSE)
};

} // namespace oh::win
