// What the fake host keeps of a run: everything for tests, only counts for `fakehost run`.
#include "catch.hpp"
#include "support.h"

using namespace oh;
using namespace oh::test;

TEST_CASE("Without history, errors are counted and not kept, however many a run has",
          "[fakehost][memory]") {
    ScriptDir dir;
    dir.write("bad.lua", "hooks.on('change', function() error('every time') end)\n");
    FakeHostOptions o;
    o.engine.max_failures = 1000000; // never quarantined: it errs on every notification
    auto h = start_host(dir, o);
    h->record().keep_history = false;
    const std::size_t logs_at_start = h->record().logs.size();
    for (int i = 0; i < 500; ++i) h->go(i % 2 == 0 ? State::offline : State::online);
    CHECK(h->record().counts().errors >= 500);
    CHECK(h->record().errors.empty()); // a long scenario of errors must not grow the host
    CHECK(h->record().logs.size() == logs_at_start);
}
