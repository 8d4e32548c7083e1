#include "process_runner_job.h"

#include "win_error.h"

namespace oh::win {

namespace {

// Whether the job this process runs in (if any) lets a child break away from it.
bool own_job_allows_breakaway() {
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION info{};
    if (!QueryInformationJobObject(nullptr, JobObjectExtendedLimitInformation, &info, sizeof info,
                                   nullptr))
        return false;
    return (info.BasicLimitInformation.LimitFlags & JOB_OBJECT_LIMIT_BREAKAWAY_OK) != 0;
}

} // namespace

JobAdoption ProcessJob::adopt(HANDLE process) {
    UniqueHandle job(CreateJobObjectW(nullptr, nullptr));
    if (!valid(job)) return {fail("CreateJobObject failed: " + last_error_text())};
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    if (!SetInformationJobObject(job.get(), JobObjectExtendedLimitInformation, &limits,
                                 sizeof limits))
        return {fail("cannot make the job kill on close: " + last_error_text())};
    if (!AssignProcessToJobObject(job.get(), process)) {
        const DWORD error = GetLastError();
        JobAdoption refused{fail("AssignProcessToJobObject failed: " + error_text(error))};
        BOOL in_job = FALSE;
        if (error == ERROR_ACCESS_DENIED && IsProcessInJob(process, nullptr, &in_job) && in_job)
            refused.breakaway = own_job_allows_breakaway();
        return refused;
    }
    job_ = std::move(job);
    return {};
}

void ProcessJob::terminate() const noexcept {
    if (valid(job_)) TerminateJobObject(job_.get(), 1);
}

} // namespace oh::win
