#include "clock.h"

#include <chrono>

namespace oh {

double steady_seconds() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

double RealClock::now() const {
    return steady_seconds();
}

double RealClock::unix_time() const {
    using namespace std::chrono;
    return duration<double>(system_clock::now().time_since_epoch()).count();
}

} // namespace oh
