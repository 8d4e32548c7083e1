// The sink validates as the Offline State API requires, copies, queues and returns.
#include "catch.hpp"

#include "com_ptr.h"
#include "notify_sink.h"

#include <cstddef>

using namespace oh;

namespace {

MAPIOFFLINE_NOTIFY valid(MAPIOFFLINE_NOTIFY_TYPE type = MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE) {
    MAPIOFFLINE_NOTIFY n{};
    n.ulSize = sizeof n;
    n.NotifyType = type;
    n.ulClientToken = 7;
    n.Info.StateChange.ulMask = MAPIOFFLINE_STATE_OFFLINE_MASK;
    n.Info.StateChange.ulStateOld = MAPIOFFLINE_STATE_ONLINE;
    n.Info.StateChange.ulStateNew = MAPIOFFLINE_STATE_OFFLINE;
    return n;
}

} // namespace

TEST_CASE("The Offline State API structures have the documented layout", "[addin][api]") {
    STATIC_REQUIRE(sizeof(ULONG) == 4);
    STATIC_REQUIRE(sizeof(MAPIOFFLINE_NOTIFY) == 24);
    STATIC_REQUIRE(offsetof(MAPIOFFLINE_NOTIFY, Info) == 12);
    STATIC_REQUIRE(offsetof(MAPIOFFLINE_ADVISEINFO, pCallback) == (sizeof(void*) == 8 ? 16 : 12));
    STATIC_REQUIRE(sizeof(MAPIOFFLINE_ADVISEINFO) == (sizeof(void*) == 8 ? 32 : 24));
    CHECK(IID_IMAPIOfflineMgr.Data1 == 0x42175607);
    CHECK(IID_IMAPIOfflineNotify.Data1 == 0x0317BDE5);
    CHECK(GUID_GlobalState.Data4[7] == 0xD1);
}

TEST_CASE("A valid notification is copied into the queue with a sequence number", "[addin][sink]") {
    auto sink = ComPtr<NotifySink>::attach(NotifySink::create(7));
    for (auto type :
         {MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_START, MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE,
          MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_DONE}) {
        const auto n = valid(type);
        sink->Notify(&n);
    }
    for (std::uint64_t seq = 1; seq <= 3; ++seq) {
        auto got = sink->queue().pop();
        REQUIRE(got);
        CHECK(got->seq == seq);
        CHECK(got->phase == static_cast<Phase>(seq - 1));
        CHECK(got->old_state == State::online);
        CHECK(got->new_state == State::offline);
        CHECK(got->token == 7);
        CHECK(got->raw_size == 24);
    }
    CHECK_FALSE(sink->queue().pop());
}

TEST_CASE("Malformed and unsupported notifications are ignored safely", "[addin][sink]") {
    auto sink = ComPtr<NotifySink>::attach(NotifySink::create(7));
    sink->Notify(nullptr);
    auto small = valid();
    small.ulSize = 8;
    sink->Notify(&small);
    auto type = valid();
    type.NotifyType = static_cast<MAPIOFFLINE_NOTIFY_TYPE>(9);
    sink->Notify(&type);
    auto mask = valid();
    mask.Info.StateChange.ulMask = 0x3F037F;
    sink->Notify(&mask);
    auto other = valid();
    other.Info.StateChange.ulMask = 0x0C;
    sink->Notify(&other);
    auto state = valid();
    state.Info.StateChange.ulStateNew = 0;
    sink->Notify(&state);
    auto both = valid();
    both.Info.StateChange.ulStateOld = 3;
    sink->Notify(&both);
    CHECK_FALSE(sink->queue().pop());
    CHECK(sink->queue().ignored() == 7);
}

TEST_CASE("A notification after detach (Unadvise) is ignored", "[addin][sink]") {
    auto sink = ComPtr<NotifySink>::attach(NotifySink::create(7));
    sink->detach();
    const auto n = valid();
    sink->Notify(&n);
    CHECK_FALSE(sink->queue().pop());
}

TEST_CASE("The sink is a COM object: QueryInterface and reference counting", "[addin][sink]") {
    NotifySink* raw = NotifySink::create(1);
    void* p = nullptr;
    CHECK(raw->QueryInterface(IID_IMAPIOfflineNotify, &p) == S_OK);
    CHECK(p == static_cast<IMAPIOfflineNotify*>(raw));
    CHECK(raw->QueryInterface(IID_IUnknown, &p) == S_OK);
    CHECK(raw->QueryInterface(IID_IMAPIOfflineMgr, &p) == E_NOINTERFACE);
    CHECK(p == nullptr);
    CHECK(raw->QueryInterface(IID_IUnknown, nullptr) == E_POINTER);
    CHECK(raw->Release() == 2);
    CHECK(raw->Release() == 1);
    CHECK(raw->Release() == 0);
}
