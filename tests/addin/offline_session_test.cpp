// The offline session against an IMAPIOfflineMgr (the fake Outlook): capabilities, Advise
// with the documented ADVISEINFO, state, SetCurrentState, Unadvise.
#include "catch.hpp"
#include "support.h"

#include "notify_sink.h"
#include "offline_session.h"

using namespace oh;
using namespace oh::test;

TEST_CASE("Advise passes the documented ADVISEINFO and Unadvise ends it", "[addin][session]") {
    auto outlook = ComPtr<FakeOutlook>::attach(FakeOutlook::create(State::offline));
    auto sink = ComPtr<NotifySink>::attach(NotifySink::create(0x4F48));
    OfflineSession session;
    REQUIRE(session.open(outlook.get(), sink.get(), 0x4F48).ok());
    const auto& info = outlook->last_advise_info();
    CHECK(info.ulSize == sizeof(MAPIOFFLINE_ADVISEINFO));
    CHECK(info.ulClientToken == 0x4F48);
    CHECK(info.CallbackType == MAPIOFFLINE_CALLBACK_TYPE_NOTIFY);
    CHECK(info.ulAdviseTypes == MAPIOFFLINE_ADVISE_TYPE_STATECHANGE);
    CHECK(info.ulStateMask == MAPIOFFLINE_STATE_ALL);
    CHECK(outlook->advised() == 1);
    CHECK(session.current_state() == State::offline);

    CHECK(session.set_state(State::online) == S_OK);
    REQUIRE(outlook->state_calls().size() == 1);
    CHECK(outlook->state_calls()[0].flags == MAPIOFFLINE_FLAG_DEFAULT); // asynchronous, never BLOCK
    CHECK(outlook->state_calls()[0].mask == MAPIOFFLINE_STATE_OFFLINE_MASK);
    CHECK(outlook->state_calls()[0].state == MAPIOFFLINE_STATE_ONLINE);

    session.close();
    CHECK(outlook->advised() == 0);
    CHECK(outlook->unadvise_calls() == 1);
    session.close();
    CHECK(outlook->unadvise_calls() == 1);
}

TEST_CASE("A profile that can go neither online nor offline is refused", "[addin][session]") {
    auto outlook = ComPtr<FakeOutlook>::attach(FakeOutlook::create(State::online));
    outlook->capabilities = 0;
    auto sink = ComPtr<NotifySink>::attach(NotifySink::create(1));
    OfflineSession session;
    const Status opened = session.open(outlook.get(), sink.get(), 1);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().find("neither online nor offline") != std::string::npos);
    CHECK(opened.error().find("GetCapabilities gave the mask 0x0 (none)") != std::string::npos);
    CHECK(outlook->advise_calls() == 0);
}

TEST_CASE("A failing Advise is reported and nothing stays advised", "[addin][session]") {
    auto outlook = ComPtr<FakeOutlook>::attach(FakeOutlook::create(State::online));
    outlook->advise_result = E_FAIL;
    auto sink = ComPtr<NotifySink>::attach(NotifySink::create(1));
    OfflineSession session;
    const Status opened = session.open(outlook.get(), sink.get(), 1);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error() == "Advise failed: 0x80004005 (E_FAIL)");
    CHECK_FALSE(session.advised());
    session.close();
    CHECK(outlook->unadvise_calls() == 0);
}

TEST_CASE("The add-in logs why it could not start and the host carries on", "[addin][core]") {
    ScriptDir dir;
    dir.write("s.lua", "hooks.on('start', function() hooks.log.info('started') end)\n");
    FakeHost host(
        {dir.path(), {}, "P", State::online, false, false, VirtualClock::default_epoch, {}});
    host.outlook().advise_result = E_FAIL;
    REQUIRE_FALSE(host.start().ok());
    CHECK(messages(host).empty()); // scripts are not started without a session
    bool logged = false;
    for (const auto& l : host.record().logs)
        logged = logged ||
                 l.record.message ==
                     "OfflineHooks is not monitoring Outlook: Advise failed: 0x80004005 (E_FAIL)";
    CHECK(logged);
    host.go(State::offline); // Outlook carries on; nothing reaches us
    CHECK(messages(host).empty());
}

TEST_CASE("Shutting down unadvises first, then runs stop handlers", "[addin][core]") {
    ScriptDir dir;
    dir.write("s.lua", "hooks.on('stop', function() hooks.log.info('stop') end)\n");
    auto h = start_host(dir);
    CHECK(h->outlook().advised() == 1);
    h->stop();
    CHECK(h->outlook().advised() == 0);
    CHECK(messages(*h) == std::vector<std::string>{"stop"});
}
