// The dispatcher's wait for Outlook's ExchangeConnectionMode: it asks for the mode when it
// takes a notification from the queue and delivers it once the answer is in, or after at most
// `cap` seconds with "unknown", never longer. stop() ends a wait at once. The answer may come
// on any thread, late, or after the dispatcher is gone: it only touches a shared block, and a
// late one is dropped.
#pragma once

#include "event.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace oh {

class ModeWait {
  public:
    using Answer = std::function<void(ConnectionMode)>;
    // Starts a read (any thread, never blocks); calls the answer exactly once, from any
    // thread, possibly before it returns. AddinCore passes ModeReader::read_mode.
    using Read = std::function<void(Answer)>;

    ModeWait(Read read, double cap);

    // Blocks until the mode is read, `wait` seconds (the cap when none) have passed or stop()
    // was called; unknown in the last two cases, at once while an earlier read is still
    // unanswered, and at once when the reader throws instead of answering (it broke its
    // contract; the dispatcher thread must not die of it).
    ConnectionMode read(std::optional<double> wait = std::nullopt);
    double cap() const { return cap_; }
    // Any thread: ends the wait under way and makes every later one return unknown at once.
    void stop();
    // Lets read() wait again after a stop (a dispatcher started again).
    void resume();
    // Answers that came after their wait had ended (the benchmark and tests look).
    std::uint64_t late_answers() const;

  private:
    struct Shared {
        mutable std::mutex mutex;
        std::condition_variable cv;
        std::uint64_t read_id = 0;    // of the read under way; answers to others are late
        std::uint64_t unanswered = 0; // the read not answered in its wait, 0: none
        std::optional<ConnectionMode> answer;
        bool stopped = false;
        std::uint64_t late = 0;
    };
    static void answer(const std::shared_ptr<Shared>& shared, std::uint64_t id, ConnectionMode m);

    Read read_;
    double cap_;
    std::shared_ptr<Shared> shared_ = std::make_shared<Shared>();
};

} // namespace oh
