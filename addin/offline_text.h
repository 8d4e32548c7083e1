// Text for log lines and transcripts of the Offline State API: the one place that spells an
// HRESULT, the capability mask (a set of bits, not a result code) and a state. Header-only and
// portable, so the add-in, the fake host and the Windows stand-ins (which link none of the
// add-in's code) all print them alike.
#pragma once

#include "offline_api.h"

#include <cstdio>
#include <string>

namespace oh {

// "0x0000001F": eight hex digits, as flags, masks and tokens are logged.
inline std::string hex8(ULONG v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08lX", static_cast<unsigned long>(v));
    return buf;
}

// "0x80004005": eight hex digits, as HRESULTs are compared and grepped.
inline std::string hresult_hex(HRESULT hr) {
    return hex8(static_cast<ULONG>(hr));
}

// The symbolic name of the HRESULTs the Offline State API returns; nullptr for any other.
inline const char* hresult_name(HRESULT hr) {
    switch (hr) {
    case S_OK:
        return "S_OK";
    case E_FAIL:
        return "E_FAIL";
    case E_NOINTERFACE:
        return "E_NOINTERFACE";
    case E_POINTER:
        return "E_POINTER";
    case E_INVALIDARG:
        return "E_INVALIDARG";
    case E_OUTOFMEMORY:
        return "E_OUTOFMEMORY";
    case E_NOTIMPL:
        return "E_NOTIMPL";
    case E_PENDING:
        return "E_PENDING";
    case MAPI_E_NOT_FOUND:
        return "MAPI_E_NOT_FOUND";
    default:
        return nullptr;
    }
}

// "0x80004005 (E_FAIL)"; the bare number when the code has no name here.
inline std::string hresult_text(HRESULT hr) {
    const char* name = hresult_name(hr);
    return name ? hresult_hex(hr) + " (" + name + ")" : hresult_hex(hr);
}

// GetCapabilities' answer, as the mask it is: "0x3 (OFFLINE|ONLINE)", "0x0 (none)",
// "0x5 (OFFLINE|unknown 0x4)" (bits this API does not define are shown as a number).
inline std::string capability_mask_text(ULONG caps) {
    std::string names;
    auto add = [&names](const std::string& name) { names += (names.empty() ? "" : "|") + name; };
    if (caps & MAPIOFFLINE_CAPABILITY_OFFLINE) add("OFFLINE");
    if (caps & MAPIOFFLINE_CAPABILITY_ONLINE) add("ONLINE");
    const ULONG unknown = caps & ~(MAPIOFFLINE_CAPABILITY_OFFLINE | MAPIOFFLINE_CAPABILITY_ONLINE);
    char buf[16];
    if (unknown != 0) {
        std::snprintf(buf, sizeof buf, "0x%lX", static_cast<unsigned long>(unknown));
        add(std::string("unknown ") + buf);
    }
    std::snprintf(buf, sizeof buf, "0x%lX", static_cast<unsigned long>(caps));
    return std::string(buf) + " (" + (names.empty() ? "none" : names) + ")";
}

// "online", "offline", or the number as given ("0x7") for anything else.
inline std::string offline_state_text(ULONG state) {
    if (state == MAPIOFFLINE_STATE_ONLINE) return "online";
    if (state == MAPIOFFLINE_STATE_OFFLINE) return "offline";
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%lX", static_cast<unsigned long>(state));
    return buf;
}

} // namespace oh
