// How the Offline State API's values read in the log: a result code is eight hex digits and its
// name, a capability mask is the bits it has, a state is its name.
#include "catch.hpp"

#include "offline_text.h"

using namespace oh;

TEST_CASE("An HRESULT reads as eight hex digits and, when known, its name", "[addin][text]") {
    CHECK(hresult_text(S_OK) == "0x00000000 (S_OK)");
    CHECK(hresult_text(E_PENDING) == "0x8000000A (E_PENDING)");
    CHECK(hresult_text(MAPI_E_NOT_FOUND) == "0x8004010F (MAPI_E_NOT_FOUND)");
    CHECK(hresult_text(static_cast<HRESULT>(0x80070005)) == "0x80070005");
    CHECK(hresult_hex(E_FAIL) == "0x80004005");
    CHECK(hex8(0x1F) == "0x0000001F"); // flags and masks in transcripts: the same width
}

TEST_CASE("A capability mask reads as the bits it has, never as an HRESULT", "[addin][text]") {
    CHECK(capability_mask_text(0) == "0x0 (none)");
    CHECK(capability_mask_text(MAPIOFFLINE_CAPABILITY_OFFLINE) == "0x1 (OFFLINE)");
    CHECK(capability_mask_text(MAPIOFFLINE_CAPABILITY_OFFLINE | MAPIOFFLINE_CAPABILITY_ONLINE) ==
          "0x3 (OFFLINE|ONLINE)");
    CHECK(capability_mask_text(0x6) == "0x6 (ONLINE|unknown 0x4)");
    CHECK(capability_mask_text(0x80000000) == "0x80000000 (unknown 0x80000000)");
}

TEST_CASE("A state reads as its name, or as the number Outlook gave", "[addin][text]") {
    CHECK(offline_state_text(MAPIOFFLINE_STATE_ONLINE) == "online");
    CHECK(offline_state_text(MAPIOFFLINE_STATE_OFFLINE) == "offline");
    CHECK(offline_state_text(0x7) == "0x7");
}
