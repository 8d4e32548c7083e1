#include "mode_wait.h"

#include <algorithm>
#include <chrono>
#include <utility>

namespace oh {

ModeWait::ModeWait(Read read, double cap) : read_(std::move(read)), cap_(cap) {}

// The answer's target: kept alive by the shared_ptr however late it comes.
void ModeWait::answer(const std::shared_ptr<Shared>& shared, std::uint64_t id, ConnectionMode m) {
    std::lock_guard lock(shared->mutex);
    if (id == shared->unanswered) shared->unanswered = 0; // Outlook's thread answers again
    if (id != shared->read_id || shared->answer) {
        ++shared->late;
        return;
    }
    shared->answer = m;
    shared->cv.notify_all();
}

ConnectionMode ModeWait::read(std::optional<double> wait) {
    std::uint64_t id = 0;
    {
        std::lock_guard lock(shared_->mutex);
        if (shared_->stopped || shared_->unanswered != 0) return ConnectionMode::unknown;
        id = ++shared_->read_id;
        shared_->answer.reset();
    }
    // Not under the lock: the reader may answer before it returns.
    bool asked = true;
    try {
        read_([shared = shared_, id](ConnectionMode m) { answer(shared, id, m); });
    } catch (...) {
        asked = false; // nothing will answer: no wait
    }
    std::unique_lock lock(shared_->mutex);
    if (asked)
        shared_->cv.wait_for(lock,
                             std::chrono::duration<double>(std::min(wait.value_or(cap_), cap_)),
                             [this] { return shared_->answer || shared_->stopped; });
    const ConnectionMode got = shared_->answer.value_or(ConnectionMode::unknown);
    // A reader that threw will never answer: it must not stop every later read from waiting.
    if (asked && !shared_->answer) shared_->unanswered = id;
    ++shared_->read_id; // from now on an answer to this read is late
    shared_->answer.reset();
    return got;
}

void ModeWait::stop() {
    std::lock_guard lock(shared_->mutex);
    shared_->stopped = true;
    shared_->cv.notify_all();
}

void ModeWait::resume() {
    std::lock_guard lock(shared_->mutex);
    shared_->stopped = false;
}

std::uint64_t ModeWait::late_answers() const {
    std::lock_guard lock(shared_->mutex);
    return shared_->late;
}

} // namespace oh
