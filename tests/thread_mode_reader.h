// A ModeReader as the Windows add-in's is built: each read is posted through a queue to a
// thread of its own (Outlook's main thread there), which answers. For the tests of the
// dispatcher's wait for the mode and for its benchmark.
#pragma once

#include "mode_reader.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace oh::test {

class ThreadModeReader final : public ModeReader {
  public:
    // answers: the reads are answered with `mode`; else they are kept unanswered (held()).
    explicit ThreadModeReader(ConnectionMode mode, bool answers = true)
        : mode_(mode), answers_(answers), thread_([this] { run(); }) {}
    ~ThreadModeReader() override {
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        cv_.notify_one();
        thread_.join();
    }
    ThreadModeReader(const ThreadModeReader&) = delete;
    ThreadModeReader& operator=(const ThreadModeReader&) = delete;

    void read_mode(Done done) override {
        {
            std::lock_guard lock(mutex_);
            if (answers_)
                queue_.push_back(std::move(done));
            else
                held_.push_back(std::move(done)); // kept at once: held() sees every read
        }
        reads.fetch_add(1);
        cv_.notify_one();
    }
    void set_mode(ConnectionMode m) {
        std::lock_guard lock(mutex_);
        mode_ = m;
    }
    // The reads not answered (answers == false), in order; answer them when you like.
    std::vector<Done> held() {
        std::lock_guard lock(mutex_);
        return std::exchange(held_, {});
    }

    std::atomic<int> reads{0};

  private:
    void run() {
        std::unique_lock lock(mutex_);
        for (;;) {
            cv_.wait(lock, [this] { return done_ || !queue_.empty(); });
            if (queue_.empty()) return;
            Done done = std::move(queue_.front());
            queue_.pop_front();
            const ConnectionMode m = mode_;
            lock.unlock();
            done(m);
            lock.lock();
        }
    }

    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<Done> queue_;
    std::vector<Done> held_;
    ConnectionMode mode_;
    bool answers_;
    bool done_ = false;
    std::thread thread_; // last: started once the rest is ready
};

} // namespace oh::test
