// How the add-in learns Outlook's ExchangeConnectionMode, which only the object model knows and
// which may be read on Outlook's main thread only. The Windows add-in reads it through its
// main-thread window; the fake host answers with the mode its scenario plays.
#pragma once

#include "event.h"

#include <functional>

namespace oh {

class ModeReader {
  public:
    using Done = std::function<void(ConnectionMode)>;
    virtual ~ModeReader() = default;
    // Any thread, never blocks. `done` is called exactly once, from any thread (possibly
    // before this returns), with the mode, or ConnectionMode::unknown when it cannot be read.
    virtual void read_mode(Done done) = 0;
};

} // namespace oh
