// The host's handle on the stand-in olmapi32.dll: loads it into this process (so that the
// add-in finds it with GetModuleHandle, as inside Outlook) and resolves its control exports.
#pragma once

#include "fake_control.h"
#include "handles.h"
#include "result.h"

#include <string>
#include <vector>

namespace oh::win {

class MapiStandin {
  public:
    // Loads the DLL and starts it on the calling thread (Outlook's main thread), or says why
    // it cannot.
    static Result<MapiStandin> load(const std::wstring& path, OhFakeLogFn log, void* context);
    MapiStandin(MapiStandin&&) noexcept = default;
    MapiStandin& operator=(MapiStandin&&) noexcept = default;
    ~MapiStandin();

    HRESULT emit_transition(ULONG state, ULONG phases) const { return emit_(state, phases); }
    HRESULT emit_raw(const OhFakeRawNotify& raw) const { return emit_raw_(&raw); }
    OhFakeCounts counts() const;
    std::vector<OhFakeAdviseRecord> advises() const;
    std::vector<OhFakeStateRequest> requests() const;
    std::vector<std::string> problems() const;
    std::wstring profile_name() const;

  private:
    MapiStandin() = default;

    UniqueModule module_;
    PFN_OhFake_Shutdown shutdown_ = nullptr;
    PFN_OhFake_EmitTransition emit_ = nullptr;
    PFN_OhFake_EmitRaw emit_raw_ = nullptr;
    PFN_OhFake_GetCounts counts_ = nullptr;
    PFN_OhFake_GetAdvise advise_ = nullptr;
    PFN_OhFake_GetStateRequest request_ = nullptr;
    PFN_OhFake_GetProblem problem_ = nullptr;
    PFN_OhFake_GetProfileName profile_ = nullptr;
};

} // namespace oh::win
