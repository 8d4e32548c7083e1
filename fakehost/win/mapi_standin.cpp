#include "mapi_standin.h"

#include "offline_api.h"
#include "offline_text.h"
#include "utf16.h"

namespace oh::win {

Result<MapiStandin> MapiStandin::load(const std::wstring& path, OhFakeLogFn log, void* context) {
    MapiStandin m;
    m.module_.reset(LoadLibraryW(path.c_str()));
    if (!m.module_)
        return fail("cannot load " + to_utf8(path) + " (error " + std::to_string(GetLastError()) +
                    ")");
    HMODULE h = m.module_.get();
    auto init = proc_address<PFN_OhFake_Init>(h, kOhFakeInit);
    m.shutdown_ = proc_address<PFN_OhFake_Shutdown>(h, kOhFakeShutdown);
    m.emit_ = proc_address<PFN_OhFake_EmitTransition>(h, kOhFakeEmitTransition);
    m.emit_raw_ = proc_address<PFN_OhFake_EmitRaw>(h, kOhFakeEmitRaw);
    m.counts_ = proc_address<PFN_OhFake_GetCounts>(h, kOhFakeGetCounts);
    m.advise_ = proc_address<PFN_OhFake_GetAdvise>(h, kOhFakeGetAdvise);
    m.request_ = proc_address<PFN_OhFake_GetStateRequest>(h, kOhFakeGetStateRequest);
    m.problem_ = proc_address<PFN_OhFake_GetProblem>(h, kOhFakeGetProblem);
    m.profile_ = proc_address<PFN_OhFake_GetProfileName>(h, kOhFakeGetProfileName);
    if (!init || !m.shutdown_ || !m.emit_ || !m.emit_raw_ || !m.counts_ || !m.advise_ ||
        !m.request_ || !m.problem_ || !m.profile_)
        return fail(to_utf8(path) + " lacks the OhFake_* control exports (not the stand-in?)");
    const HRESULT hr = init(log, context);
    if (FAILED(hr)) {
        m.shutdown_ = nullptr; // nothing started, nothing to end
        return fail("OhFake_Init failed: " + hresult_hex(hr));
    }
    return m;
}

MapiStandin::~MapiStandin() {
    if (module_ && shutdown_) shutdown_();
}

OhFakeCounts MapiStandin::counts() const {
    OhFakeCounts c{};
    counts_(&c);
    return c;
}

std::vector<OhFakeAdviseRecord> MapiStandin::advises() const {
    std::vector<OhFakeAdviseRecord> all;
    OhFakeAdviseRecord r{};
    for (ULONG i = 0; advise_(i, &r); ++i) all.push_back(r);
    return all;
}

std::vector<OhFakeStateRequest> MapiStandin::requests() const {
    std::vector<OhFakeStateRequest> all;
    OhFakeStateRequest r{};
    for (ULONG i = 0; request_(i, &r); ++i) all.push_back(r);
    return all;
}

std::vector<std::string> MapiStandin::problems() const {
    std::vector<std::string> all;
    char buf[512];
    for (ULONG i = 0; problem_(i, buf, sizeof buf); ++i) all.emplace_back(buf);
    return all;
}

std::wstring MapiStandin::profile_name() const {
    wchar_t buf[256];
    return profile_(buf, 256) ? std::wstring(buf) : std::wstring();
}

} // namespace oh::win
