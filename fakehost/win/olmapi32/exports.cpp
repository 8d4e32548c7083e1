// The DLL's exports: HrOpenOfflineObj, under the name Outlook's olmapi32.dll of the build's
// bitness uses (olmapi32.def.in: plain on x64, "HrOpenOfflineObj@20" on x86; no --kill-at,
// which would strip the @20), and the OhFake_* control functions of fake_control.h. All plain
// C entry points over the one FakeMapi.
#include "fake_control.h"
#include "fake_mapi.h"

#include <type_traits>

using oh::fake::FakeMapi;

extern "C" {

HRESULT STDMETHODCALLTYPE HrOpenOfflineObj(ULONG ulFlags, LPCWSTR pwszProfileName,
                                           const GUID* pGUID, const GUID* pInstance,
                                           IMAPIOfflineMgr** ppOffline) {
    return FakeMapi::instance().open(ulFlags, pwszProfileName, pGUID, pInstance, ppOffline);
}

HRESULT WINAPI OhFake_Init(OhFakeLogFn log, void* context) {
    return FakeMapi::instance().init(log, context);
}

void WINAPI OhFake_Shutdown() {
    FakeMapi::instance().shutdown();
}

HRESULT WINAPI OhFake_EmitTransition(ULONG newState, ULONG phases) {
    return FakeMapi::instance().emit_transition(newState, phases);
}

HRESULT WINAPI OhFake_EmitRaw(const OhFakeRawNotify* raw) {
    return raw ? FakeMapi::instance().emit_raw(*raw) : E_POINTER;
}

void WINAPI OhFake_GetCounts(OhFakeCounts* out) {
    if (out) FakeMapi::instance().counts(out);
}

BOOL WINAPI OhFake_GetAdvise(ULONG index, OhFakeAdviseRecord* out) {
    return out && FakeMapi::instance().advise_record(index, out);
}

BOOL WINAPI OhFake_GetStateRequest(ULONG index, OhFakeStateRequest* out) {
    return out && FakeMapi::instance().state_request(index, out);
}

BOOL WINAPI OhFake_GetProblem(ULONG index, char* buffer, ULONG cch) {
    return FakeMapi::instance().problem_text(index, buffer, cch);
}

BOOL WINAPI OhFake_GetProfileName(wchar_t* buffer, ULONG cch) {
    return FakeMapi::instance().profile_name(buffer, cch);
}

} // extern "C"

// Keep the declarations in fake_control.h and the definitions here in step.
static_assert(std::is_same_v<decltype(&OhFake_Init), PFN_OhFake_Init>);
static_assert(std::is_same_v<decltype(&OhFake_Shutdown), PFN_OhFake_Shutdown>);
static_assert(std::is_same_v<decltype(&OhFake_EmitTransition), PFN_OhFake_EmitTransition>);
static_assert(std::is_same_v<decltype(&OhFake_EmitRaw), PFN_OhFake_EmitRaw>);
static_assert(std::is_same_v<decltype(&OhFake_GetCounts), PFN_OhFake_GetCounts>);
static_assert(std::is_same_v<decltype(&OhFake_GetAdvise), PFN_OhFake_GetAdvise>);
static_assert(std::is_same_v<decltype(&OhFake_GetStateRequest), PFN_OhFake_GetStateRequest>);
static_assert(std::is_same_v<decltype(&OhFake_GetProblem), PFN_OhFake_GetProblem>);
static_assert(std::is_same_v<decltype(&OhFake_GetProfileName), PFN_OhFake_GetProfileName>);
static_assert(std::is_same_v<decltype(&HrOpenOfflineObj), HROPENOFFLINEOBJ>);
