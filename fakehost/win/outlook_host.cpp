#include "outlook_host.h"

#include "com_ptr.h"
#include "mapi_standin.h"
#include "outlook_objects.h"
#include "registry.h"
#include "win_util.h"

#include <ole2.h>
#include <tlhelp32.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace oh::win {

void Transcript::line(const std::string& text) {
    std::lock_guard lock(mu_);
    std::fputs(text.c_str(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout); // a test must see every line, even those before a crash
}

void Transcript::misbehavior(const std::string& why) {
    {
        std::lock_guard lock(mu_);
        ++misbehaviors_;
    }
    line("misbehavior: " + why);
}

std::size_t Transcript::misbehaviors() const {
    std::lock_guard lock(mu_);
    return misbehaviors_;
}

namespace {

constexpr int kExitOk = 0;
constexpr int kExitMisbehavior = 1;
constexpr int kExitSetup = 2;

const std::wstring kAddinsKey = L"Software\\Microsoft\\Office\\Outlook\\Addins\\";
const std::wstring kClassesKey = L"Software\\Classes\\";

// COM on this thread as Outlook's main thread has it: a single-threaded apartment.
class ComApartment {
  public:
    ComApartment() : hr_(CoInitializeEx(nullptr, COINIT_APARTMENTTHREADED)) {}
    ~ComApartment() {
        if (SUCCEEDED(hr_)) CoUninitialize();
    }
    ComApartment(const ComApartment&) = delete;
    ComApartment& operator=(const ComApartment&) = delete;
    HRESULT result() const { return hr_; }

  private:
    HRESULT hr_;
};

struct SafeArrayDestroyer {
    void operator()(SAFEARRAY* a) const {
        if (a) SafeArrayDestroy(a);
    }
};
using UniqueSafeArray = std::unique_ptr<SAFEARRAY, SafeArrayDestroyer>;

// The "custom" argument: an empty array of VARIANTs, passed by reference as Outlook does. The
// add-in may replace it; whatever is there afterwards is destroyed here.
class CustomArray {
  public:
    CustomArray() : a_(SafeArrayCreateVector(VT_VARIANT, 0, 0)) {}
    SAFEARRAY** ref() { return &a_; }
    ~CustomArray() { UniqueSafeArray(a_).reset(); }
    CustomArray(const CustomArray&) = delete;
    CustomArray& operator=(const CustomArray&) = delete;

  private:
    SAFEARRAY* a_;
};

// Keys copied from HKCU to HKLM for Wine; removed again when the host ends.
class ClassesMerge {
  public:
    ClassesMerge() = default;
    ClassesMerge(const ClassesMerge&) = delete;
    ClassesMerge& operator=(const ClassesMerge&) = delete;
    ~ClassesMerge() {
        for (const auto& p : copied_) delete_tree(HKEY_LOCAL_MACHINE, p);
    }
    LSTATUS copy(const std::wstring& path) {
        const LSTATUS st = copy_tree(HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE, path);
        if (st == ERROR_SUCCESS) copied_.push_back(path);
        return st;
    }

  private:
    std::vector<std::wstring> copied_;
};

std::string ms_text(double ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", ms);
    return buf;
}

std::string quoted(const std::wstring& s) {
    // Built by appending: GCC 12's -Wrestrict misfires on "\"" + std::string at -O3.
    std::string q(1, '"');
    q += to_utf8(s);
    q += '"';
    return q;
}

std::string guid_text(const GUID& g) {
    wchar_t buf[64];
    StringFromGUID2(g, buf, 64);
    return to_utf8(buf);
}

long thread_count() {
    UniqueHandle snap(CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0));
    if (snap.get() == INVALID_HANDLE_VALUE) return -1;
    THREADENTRY32 te{};
    te.dwSize = sizeof te;
    long n = 0;
    const DWORD pid = GetCurrentProcessId();
    for (BOOL ok = Thread32First(snap.get(), &te); ok; ok = Thread32Next(snap.get(), &te))
        if (te.th32OwnerProcessID == pid) ++n;
    return n;
}

// Runs this thread's message loop (as Outlook's UI thread does) until done() holds or the
// time is up. done nullptr: just for the whole time. Returns whether done() held.
bool pump(DWORD ms, const std::function<bool()>& done) {
    const double deadline = now_ms() + ms;
    for (;;) {
        MSG msg;
        while (PeekMessageW(&msg, nullptr, 0, 0, PM_REMOVE)) {
            TranslateMessage(&msg);
            DispatchMessageW(&msg);
        }
        if (done && done()) return true;
        const double left = deadline - now_ms();
        if (left <= 0) return !done;
        // Wake for input at once; otherwise every 10 ms, since done() may depend on other
        // threads (an Advise from the add-in's worker, a file written by a child process).
        MsgWaitForMultipleObjectsEx(0, nullptr, static_cast<DWORD>(left < 10 ? left + 1 : 10),
                                    QS_ALLINPUT, MWMO_INPUTAVAILABLE);
    }
}

void WINAPI mapi_log(const char* line, void* context) {
    static_cast<Transcript*>(context)->line(line);
}

std::wstring own_folder() {
    wchar_t path[MAX_PATH];
    const DWORD n = GetModuleFileNameW(nullptr, path, MAX_PATH);
    std::wstring p(path, n);
    return p.substr(0, p.find_last_of(L"\\/") + 1);
}

} // namespace

OutlookHost::OutlookHost(HostOptions options, Transcript& out)
    : opt_(std::move(options)), out_(out) {}

int OutlookHost::run() {
    const bool wine = running_on_wine();
    out_.line("standin: wine=" + std::string(wine ? "yes" : "no") +
              " progid=" + to_utf8(opt_.progid) + " profile=" + quoted(opt_.profile));

    // Declared first, destroyed last: an add-in that leaks an Outlook object may release it
    // as late as when the MAPI DLL drops the sinks it still holds (step 9's end).
    ObjectModelStats stats;
    stats.main_thread = GetCurrentThreadId();

    ComApartment com;
    if (FAILED(com.result())) {
        out_.line("error: CoInitializeEx failed: " + hr_text(com.result()));
        return kExitSetup;
    }

    // 1. Outlook's MAPI DLL is in the process before any add-in loads.
    std::optional<MapiStandin> mapi;
    if (opt_.load_mapi) {
        const std::wstring path =
            opt_.mapi_path.empty() ? own_folder() + L"olmapi32.dll" : opt_.mapi_path;
        std::string error;
        mapi = MapiStandin::load(path, &mapi_log, &out_, error);
        if (!mapi) {
            out_.line("error: " + error);
            return kExitSetup;
        }
        out_.line("mapi-dll: " + to_utf8(path));
    } else {
        out_.line("mapi-dll: none");
    }

    // 2. The add-in's Addins key, per user first, as Outlook reads it.
    HKEY addins_root = HKEY_CURRENT_USER;
    UniqueKey addin_key = open_key(addins_root, kAddinsKey + opt_.progid);
    if (!addin_key) {
        addins_root = HKEY_LOCAL_MACHINE;
        addin_key = open_key(addins_root, kAddinsKey + opt_.progid);
    }
    if (!addin_key) {
        out_.line("error: no Addins key HKCU\\" + to_utf8(kAddinsKey + opt_.progid) +
                  " (is the add-in registered?)");
        return kExitSetup;
    }
    const auto load_behavior = read_dword(addin_key.get(), L"LoadBehavior");
    const auto require_shutdown = read_dword(addin_key.get(), L"RequireShutdownNotification");
    const std::wstring friendly = read_string(addin_key.get(), L"FriendlyName").value_or(L"");
    const std::wstring description = read_string(addin_key.get(), L"Description").value_or(L"");
    out_.line("addin-key: " + root_name(addins_root) + " LoadBehavior=" +
              (load_behavior ? std::to_string(*load_behavior) : std::string("missing")) +
              " RequireShutdownNotification=" +
              (require_shutdown ? std::to_string(*require_shutdown) : std::string("missing")) +
              " FriendlyName=" + quoted(friendly) + " Description=" + quoted(description));
    if (load_behavior != 3u) {
        out_.line("error: LoadBehavior must be 3 for Outlook to load the add-in at start-up");
        return kExitSetup;
    }
    const bool notify_shutdown = opt_.shutdown == ShutdownMode::Notify ||
                                 (opt_.shutdown == ShutdownMode::Auto && require_shutdown == 1u);

    // 3. Wine does not merge HKCU\Software\Classes into HKCR: emulate Windows by copying the
    // per-user class to HKLM inside this (test) prefix. Never done on Windows by default.
    ClassesMerge merge;
    const bool do_merge =
        opt_.classes_merge == Toggle::On || (opt_.classes_merge == Toggle::Auto && wine);
    if (do_merge) {
        const std::wstring progid_path = kClassesKey + opt_.progid;
        UniqueKey progid_clsid = open_key(HKEY_CURRENT_USER, progid_path + L"\\CLSID");
        const auto clsid_text =
            progid_clsid ? read_string(progid_clsid.get(), nullptr) : std::nullopt;
        if (!clsid_text) {
            out_.line("classes-merge: skipped (no HKCU\\" + to_utf8(progid_path) + "\\CLSID)");
        } else {
            const LSTATUS a = merge.copy(progid_path);
            const LSTATUS b = merge.copy(kClassesKey + L"CLSID\\" + *clsid_text);
            out_.line("classes-merge: copied HKCU -> HKLM progid=" + std::to_string(a) +
                      " clsid=" + std::to_string(b) + " " + to_utf8(*clsid_text));
        }
    } else {
        out_.line("classes-merge: off");
    }

    // 4. Activation, as Outlook does it: ProgID -> CLSID -> in-process server.
    const long threads_before = thread_count();
    CLSID clsid{};
    HRESULT hr = CLSIDFromProgID(opt_.progid.c_str(), &clsid);
    if (FAILED(hr)) {
        out_.line("activate: CLSIDFromProgID hr=" + hr_text(hr));
        out_.misbehavior("the add-in's ProgID is not registered as a class");
        return kExitMisbehavior;
    }
    std::wstring dll_path;
    for (HKEY root : {HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE}) {
        UniqueKey k = open_key(root, kClassesKey + L"CLSID\\" + from_utf8(guid_text(clsid)) +
                                         L"\\InprocServer32");
        if (k && dll_path.empty()) dll_path = read_string(k.get(), nullptr).value_or(L"");
    }
    ComPtr<IDTExtensibility2> addin;
    double t0 = now_ms();
    hr = CoCreateInstance(clsid, nullptr, CLSCTX_INPROC_SERVER, IID_IDTExtensibility2,
                          addin.put_void());
    out_.line("activate: clsid=" + guid_text(clsid) + " dll=" + to_utf8(dll_path) +
              " hr=" + hr_text(hr) + " ms=" + ms_text(now_ms() - t0));
    if (FAILED(hr)) {
        out_.misbehavior("CoCreateInstance(IDTExtensibility2) failed");
        return kExitMisbehavior;
    }
    HMODULE addin_module = dll_path.empty() ? nullptr : GetModuleHandleW(dll_path.c_str());

    // 5. The object model the add-in gets, then OnConnection (+ OnStartupComplete).
    ComPtr<IDispatch> application = make_application(stats, opt_.profile);
    ComPtr<IDispatch> comaddin = make_comaddin(stats, opt_.progid, description);

    double connect_ms = 0;
    {
        CustomArray custom;
        t0 = now_ms();
        hr =
            addin->OnConnection(application.get(), opt_.connect_mode, comaddin.get(), custom.ref());
        const double ms = now_ms() - t0;
        connect_ms += ms;
        out_.line(std::string("on-connection: mode=") +
                  (opt_.connect_mode == ext_cm_Startup ? "startup" : "after") +
                  " hr=" + hr_text(hr) + " ms=" + ms_text(ms));
        if (FAILED(hr)) out_.misbehavior("OnConnection failed (Outlook unloads the add-in)");
    }
    if (opt_.connect_mode == ext_cm_Startup) {
        CustomArray custom;
        t0 = now_ms();
        hr = addin->OnStartupComplete(custom.ref());
        const double ms = now_ms() - t0;
        connect_ms += ms;
        out_.line("on-startup-complete: hr=" + hr_text(hr) + " ms=" + ms_text(ms));
        if (FAILED(hr)) out_.misbehavior("OnStartupComplete failed");
    }
    if (connect_ms > opt_.max_connect_ms)
        out_.misbehavior("start-up took " + ms_text(connect_ms) +
                         " ms (Outlook disables add-ins over " + ms_text(opt_.max_connect_ms) +
                         " ms)");

    // 6. The scenario, on this thread's message loop.
    for (const Step& step : opt_.steps) {
        out_.line("step: " + step.text);
        bool ok = true;
        switch (step.kind) {
        case Step::Wait:
            pump(step.ms, nullptr);
            break;
        case Step::Go:
            if (mapi) mapi->emit_transition(step.state, step.phases);
            break;
        case Step::Raw:
            if (mapi) mapi->emit_raw(step.raw);
            break;
        case Step::ExpectAdvised:
            ok = mapi && pump(opt_.timeout_ms, [&] { return mapi->counts().advised_now > 0; });
            break;
        case Step::ExpectRequests:
            ok = mapi &&
                 pump(opt_.timeout_ms, [&] { return mapi->counts().state_requests >= step.count; });
            break;
        case Step::ExpectIdle:
            ok = mapi && pump(opt_.timeout_ms, [&] { return !mapi->counts().change_pending; });
            break;
        case Step::ExpectFile:
            ok = pump(opt_.timeout_ms, [&] {
                return GetFileAttributesW(step.path.c_str()) != INVALID_FILE_ATTRIBUTES;
            });
            break;
        }
        if (!ok)
            out_.misbehavior("timed out after " + std::to_string(opt_.timeout_ms) +
                             " ms: " + step.text);
    }
    pump(opt_.settle_ms, nullptr);

    // 7. Shutdown, as Outlook 2010+ does it.
    if (notify_shutdown) {
        double shutdown_ms = 0;
        {
            CustomArray custom;
            t0 = now_ms();
            hr = addin->OnBeginShutdown(custom.ref());
            const double ms = now_ms() - t0;
            shutdown_ms += ms;
            out_.line("on-begin-shutdown: hr=" + hr_text(hr) + " ms=" + ms_text(ms));
            if (FAILED(hr)) out_.misbehavior("OnBeginShutdown failed");
        }
        // Outlook's window goes on processing messages while it closes: whatever was posted
        // during OnBeginShutdown (a late notification, the add-in's own messages) runs now.
        pump(0, nullptr);
        {
            CustomArray custom;
            t0 = now_ms();
            hr = addin->OnDisconnection(ext_dm_HostShutdown, custom.ref());
            const double ms = now_ms() - t0;
            shutdown_ms += ms;
            out_.line("on-disconnection: mode=host-shutdown hr=" + hr_text(hr) +
                      " ms=" + ms_text(ms));
            if (FAILED(hr)) out_.misbehavior("OnDisconnection failed");
        }
        if (shutdown_ms > opt_.max_shutdown_ms)
            out_.misbehavior("shutdown took " + ms_text(shutdown_ms) + " ms (limit " +
                             ms_text(opt_.max_shutdown_ms) + " ms)");
        if (mapi) {
            const auto c = mapi->counts();
            if (c.advised_now > 0)
                out_.misbehavior("still advised after OnDisconnection (" +
                                 std::to_string(c.advised_now) + " sink(s))");
        }
        out_.line("threads: before-activation=" + std::to_string(threads_before) +
                  " after-disconnection=" + std::to_string(thread_count()));
    } else {
        out_.line("shutdown: fast (no RequireShutdownNotification=1: Outlook skips "
                  "OnBeginShutdown/OnDisconnection)");
    }

    // 8. Outlook lets go of the add-in and of its own objects; COM may unload the DLL.
    application.reset();
    comaddin.reset();
    IDTExtensibility2* raw_addin = addin.get();
    raw_addin->AddRef();
    addin.reset();
    const ULONG refs = raw_addin->Release(); // what is left once Outlook's reference is gone
    CoFreeUnusedLibrariesEx(0, 0);
    const bool unloaded = addin_module && !GetModuleHandleW(dll_path.c_str());
    out_.line("release: refs=" + std::to_string(refs) +
              " dll-unloaded=" + (unloaded ? "yes" : "no"));
    if (notify_shutdown) {
        if (refs != 0)
            out_.misbehavior("the add-in object still has " + std::to_string(refs) +
                             " reference(s) after Outlook released it");
        if (stats.alive > 0)
            out_.misbehavior(std::to_string(stats.alive.load()) +
                             " Outlook object(s) (Application/Session/COMAddIn) never released");
    }
    if (stats.wrong_thread_calls > 0)
        out_.misbehavior(std::to_string(stats.wrong_thread_calls.load()) +
                         " object-model call(s) off Outlook's main thread (RPC_E_WRONG_THREAD)");

    // 9. What the MAPI side saw.
    if (mapi) {
        const auto c = mapi->counts();
        out_.line(
            "counts: opens=" + std::to_string(c.opens) + " opens-ok=" + std::to_string(c.opens_ok) +
            " capabilities=" + std::to_string(c.capability_calls) + " get-state=" +
            std::to_string(c.get_state_calls) + " advise=" + std::to_string(c.advise_calls) +
            " advise-ok=" + std::to_string(c.advises_ok) + " unadvise=" +
            std::to_string(c.unadvise_calls) + " unadvise-ok=" + std::to_string(c.unadvises_ok) +
            " advised-now=" + std::to_string(c.advised_now) + " notify-calls=" +
            std::to_string(c.notify_calls) + " transitions=" + std::to_string(c.transitions) +
            " requests=" + std::to_string(c.state_requests) +
            " late-notifies=" + std::to_string(c.late_notifies) +
            " managers-alive=" + std::to_string(c.managers_alive) +
            " state=" + state_name(c.current_state) + " problems=" + std::to_string(c.problems));
        const auto advises = mapi->advises();
        for (std::size_t i = 0; i < advises.size(); ++i) {
            const auto& a = advises[i];
            char buf[256];
            std::snprintf(buf, sizeof buf,
                          "advise[%zu]: size=%lu client-token=0x%08lX callback-type=%lu "
                          "types=0x%lX mask=0x%08lX notify-sink=%s token=%lu hr=%s",
                          i, static_cast<unsigned long>(a.ulSize),
                          static_cast<unsigned long>(a.ulClientToken),
                          static_cast<unsigned long>(a.CallbackType),
                          static_cast<unsigned long>(a.ulAdviseTypes),
                          static_cast<unsigned long>(a.ulStateMask),
                          a.callback_is_notify ? "yes" : "no", static_cast<unsigned long>(a.token),
                          hr_text(a.hr).c_str());
            out_.line(buf);
        }
        const auto requests = mapi->requests();
        for (std::size_t i = 0; i < requests.size(); ++i) {
            const auto& r = requests[i];
            char buf[256];
            std::snprintf(buf, sizeof buf,
                          "request[%zu]: state=%s flags=0x%lX mask=0x%lX thread=%s%s hr=%s", i,
                          state_name(r.state).c_str(), static_cast<unsigned long>(r.flags),
                          static_cast<unsigned long>(r.mask), r.on_main_thread ? "main" : "other",
                          r.inside_notify ? " in-notify" : "", hr_text(r.hr).c_str());
            out_.line(buf);
        }
        if (c.opens_ok > 0 && mapi->profile_name() != opt_.profile)
            out_.misbehavior("HrOpenOfflineObj got profile " + quoted(mapi->profile_name()) +
                             ", Outlook's is " + quoted(opt_.profile));
        if (notify_shutdown && c.managers_alive > 0)
            out_.misbehavior(std::to_string(c.managers_alive) +
                             " IMAPIOfflineMgr object(s) never released");
        for (const auto& p : mapi->problems()) out_.misbehavior("MAPI protocol: " + p);
    }

    const std::size_t bad = out_.misbehaviors();
    out_.line(bad == 0 ? "result: ok" : "result: FAIL (" + std::to_string(bad) + " problem(s))");
    return bad == 0 ? kExitOk : kExitMisbehavior;
}

} // namespace oh::win
