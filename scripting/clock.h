// Time as the engine sees it: real in the add-in, virtual in the fake host (no real waiting).
#pragma once

namespace oh {

// The steady clock in seconds. Time budgets and deadlines are real time, also when the
// engine runs on a virtual clock.
double steady_seconds();

class Clock {
  public:
    virtual ~Clock() = default;
    // Monotonic seconds, for timers and durations.
    virtual double now() const = 0;
    // Unix seconds (float), for e.time, os.time() and os.date().
    virtual double unix_time() const = 0;
};

class RealClock final : public Clock {
  public:
    double now() const override;
    double unix_time() const override;
};

// Starts at 0 monotonic seconds and at `epoch` Unix seconds; moves only when told.
class VirtualClock final : public Clock {
  public:
    // Monday 2026-01-05 09:00:00 UTC: a fixed start makes transcripts repeatable.
    static constexpr double default_epoch = 1767603600.0;
    explicit VirtualClock(double epoch = default_epoch) : epoch_(epoch) {}
    double now() const override { return now_; }
    double unix_time() const override { return epoch_ + now_; }
    void set(double t) {
        if (t > now_) now_ = t;
    }

  private:
    double epoch_;
    double now_ = 0.0;
};

} // namespace oh
