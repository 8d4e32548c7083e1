// The pipes between hooks.run and the program it starts: a program's stdout and stderr each
// come through a one-instance named pipe that we read with overlapped I/O, so that the watcher
// can wait for output, the program's end and shutdown at once, and give up on a pipe that a
// grandchild keeps open. stdin is NUL.
#pragma once

#include "handles.h"
#include "result.h"

#include <cstddef>
#include <string>

namespace oh::win {

// Our end of a pipe: appends what the program writes to `sink`, up to `max_bytes` in all.
class PipeReader {
  public:
    PipeReader(UniqueHandle pipe, std::string& sink, std::size_t max_bytes);
    PipeReader(const PipeReader&) = delete;
    PipeReader& operator=(const PipeReader&) = delete;
    ~PipeReader() { cancel(); }

    bool ok() const { return valid(pipe_) && event_; }
    bool open() const { return open_; }
    HANDLE event() const { return event_.get(); }

    // Starts the next read (its completion signals event()).
    void start();
    // event() is signalled: takes the data and starts the next read.
    void complete();
    // Stops reading; waits for a read under way to end (the buffer must outlive it).
    void cancel();

  private:
    UniqueHandle pipe_;
    UniqueHandle event_;
    std::string& sink_;
    std::size_t max_bytes_;
    OVERLAPPED overlapped_{};
    char buffer_[4096];
    bool open_ = true;
    bool pending_ = false;
};

struct Pipe {
    UniqueHandle read;  // ours: overlapped, not inheritable
    UniqueHandle write; // the program's: inheritable
};

// A new pipe, or why Windows refused one.
Result<Pipe> make_pipe();
// NUL, inheritable: the program's stdin (a hook has no one to type to it).
UniqueHandle open_nul_for_stdin();

} // namespace oh::win
