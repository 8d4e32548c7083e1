// libFuzzer target: parse_scenario and parse_events_spec on any bytes. An accepted scenario has
// steps in time order within the limit and an end step only last; an error names its source.
#include "duration.h"
#include "scenario.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

// Stops the run with a message, so that a broken property (not only a crash) is a finding.
void require(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "check failed: %s\n", what);
    std::abort();
}

void check_scenario(const oh::Scenario& s) {
    require(!s.steps.empty(), "at least one step");
    double previous = 0.0;
    for (std::size_t i = 0; i < s.steps.size(); ++i) {
        const oh::ScenarioStep& step = s.steps[i];
        require(step.time >= previous, "times never go backwards");
        require(step.time <= oh::max_duration_seconds, "times within the limit");
        require(step.line >= 1, "steps have a line number");
        if (step.kind == oh::ScenarioStep::Kind::end)
            require(i + 1 == s.steps.size(), "end is the last step");
        if (step.kind == oh::ScenarioStep::Kind::transition)
            require(!step.phases.empty(), "a transition sends something");
        previous = step.time;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const oh::Result<oh::Scenario> s = oh::parse_scenario(text, "fuzz.scn");
    if (s.ok())
        check_scenario(s.value());
    else
        require(s.error().rfind("fuzz.scn", 0) == 0, "error names the file");

    const oh::Result<oh::Scenario> events = oh::parse_events_spec(text);
    if (events.ok())
        check_scenario(events.value());
    else
        require(events.error().rfind("--events", 0) == 0, "error names --events");
    return 0;
}
