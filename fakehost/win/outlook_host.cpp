#include "outlook_host.h"

#include "host_run.h"
#include "offline_text.h"
#include "registry.h"
#include "utf16.h"

#include <cstdio>
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

OutlookHost::OutlookHost(HostOptions options, Transcript& out)
    : opt_(std::move(options)), out_(out) {}

int OutlookHost::run() {
    HostRun r(opt_, out_);
    if (!r.start_com() || !r.load_mapi() || !r.read_addin_key()) return r.exit_status();
    r.merge_classes();
    if (!r.activate()) return r.exit_status();
    r.connect();
    r.play_steps();
    r.shut_down();
    r.release_addin();
    r.report_mapi();
    return r.verdict();
}

namespace {

const std::wstring kAddinsKey = L"Software\\Microsoft\\Office\\Outlook\\Addins\\";
const std::wstring kClassesKey = L"Software\\Classes\\";

void WINAPI mapi_log(const char* line, void* context) {
    static_cast<Transcript*>(context)->line(line);
}

std::string dword_text(const std::optional<DWORD>& v) {
    return v ? std::to_string(*v) : std::string("missing");
}

} // namespace

HostRun::HostRun(const HostOptions& options, Transcript& out)
    : opt_(options), out_(out), wine_(running_on_wine()) {
    out_.line("standin: wine=" + std::string(wine_ ? "yes" : "no") +
              " progid=" + to_utf8(opt_.progid) + " profile=" + quoted(opt_.profile));
    stats_.main_thread = GetCurrentThreadId();
    stats_.mode_delay_ms = opt_.mode_delay_ms;
    stats_.refuse_mode = opt_.refuse_mode;
    stats_.refuse_send_and_receive = opt_.refuse_send_and_receive;
}

bool HostRun::start_com() {
    com_.emplace();
    if (SUCCEEDED(com_->result())) return true;
    out_.line("error: CoInitializeEx failed: " + hresult_hex(com_->result()));
    exit_ = kExitSetup;
    return false;
}

bool HostRun::load_mapi() {
    if (!opt_.load_mapi) {
        out_.line("mapi-dll: none");
        return true;
    }
    const std::wstring path =
        opt_.mapi_path.empty() ? own_folder() + L"olmapi32.dll" : opt_.mapi_path;
    Result<MapiStandin> loaded = MapiStandin::load(path, &mapi_log, &out_);
    if (!loaded.ok()) {
        out_.line("error: " + loaded.error());
        exit_ = kExitSetup;
        return false;
    }
    mapi_ = std::move(loaded).value();
    out_.line("mapi-dll: " + to_utf8(path));
    return true;
}

bool HostRun::read_addin_key() {
    HKEY root = HKEY_CURRENT_USER;
    UniqueKey key = open_key(root, kAddinsKey + opt_.progid);
    if (!key) {
        root = HKEY_LOCAL_MACHINE;
        key = open_key(root, kAddinsKey + opt_.progid);
    }
    if (!key) {
        out_.line("error: no Addins key HKCU\\" + to_utf8(kAddinsKey + opt_.progid) +
                  " (is the add-in registered?)");
        exit_ = kExitSetup;
        return false;
    }
    const auto load_behavior = read_dword(key.get(), L"LoadBehavior");
    const auto require_shutdown = read_dword(key.get(), L"RequireShutdownNotification");
    const std::wstring friendly = read_string(key.get(), L"FriendlyName").value_or(L"");
    description_ = read_string(key.get(), L"Description").value_or(L"");
    out_.line("addin-key: " + root_name(root) + " LoadBehavior=" + dword_text(load_behavior) +
              " RequireShutdownNotification=" + dword_text(require_shutdown) +
              " FriendlyName=" + quoted(friendly) + " Description=" + quoted(description_));
    if (load_behavior != 3u) {
        out_.line("error: LoadBehavior must be 3 for Outlook to load the add-in at start-up");
        exit_ = kExitSetup;
        return false;
    }
    notify_shutdown_ = opt_.shutdown == ShutdownMode::Notify ||
                       (opt_.shutdown == ShutdownMode::Auto && require_shutdown == 1u);
    return true;
}

// Wine does not merge HKCU\Software\Classes into HKCR: emulate Windows by copying the per-user
// class to HKLM inside this (test) prefix. Never done on Windows by default.
void HostRun::merge_classes() {
    if (!(opt_.classes_merge == Toggle::On || (opt_.classes_merge == Toggle::Auto && wine_))) {
        out_.line("classes-merge: off");
        return;
    }
    const std::wstring progid_path = kClassesKey + opt_.progid;
    UniqueKey progid_clsid = open_key(HKEY_CURRENT_USER, progid_path + L"\\CLSID");
    const auto clsid_text = progid_clsid ? read_string(progid_clsid.get(), nullptr) : std::nullopt;
    if (!clsid_text) {
        out_.line("classes-merge: skipped (no HKCU\\" + to_utf8(progid_path) + "\\CLSID)");
        return;
    }
    const LSTATUS a = merge_.copy(progid_path);
    const LSTATUS b = merge_.copy(kClassesKey + L"CLSID\\" + *clsid_text);
    out_.line("classes-merge: copied HKCU -> HKLM progid=" + std::to_string(a) +
              " clsid=" + std::to_string(b) + " " + to_utf8(*clsid_text));
}

bool HostRun::activate() {
    threads_before_ = thread_count();
    CLSID clsid{};
    HRESULT hr = CLSIDFromProgID(opt_.progid.c_str(), &clsid);
    if (FAILED(hr)) {
        out_.line("activate: CLSIDFromProgID hr=" + hresult_hex(hr));
        out_.misbehavior("the add-in's ProgID is not registered as a class");
        exit_ = kExitMisbehavior;
        return false;
    }
    for (HKEY root : {HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE}) {
        UniqueKey k = open_key(root, kClassesKey + L"CLSID\\" + to_utf16(guid_text(clsid)) +
                                         L"\\InprocServer32");
        if (k && dll_path_.empty()) dll_path_ = read_string(k.get(), nullptr).value_or(L"");
    }
    const double t0 = now_ms();
    hr = CoCreateInstance(clsid, nullptr, CLSCTX_INPROC_SERVER, IID_IDTExtensibility2,
                          addin_.put_void());
    out_.line("activate: clsid=" + guid_text(clsid) + " dll=" + to_utf8(dll_path_) +
              " hr=" + hresult_hex(hr) + " ms=" + ms_text(now_ms() - t0));
    if (FAILED(hr)) {
        out_.misbehavior("CoCreateInstance(IDTExtensibility2) failed");
        exit_ = kExitMisbehavior;
        return false;
    }
    addin_module_ = dll_path_.empty() ? nullptr : GetModuleHandleW(dll_path_.c_str());
    return true;
}

double HostRun::call_addin(const std::string& label, const char* failure,
                           const std::function<HRESULT(SAFEARRAY**)>& call) {
    CustomArray custom;
    const double t0 = now_ms();
    const HRESULT hr = call(custom.ref());
    const double ms = now_ms() - t0;
    out_.line(label + " hr=" + hresult_hex(hr) + " ms=" + ms_text(ms));
    if (FAILED(hr)) out_.misbehavior(failure);
    return ms;
}

void HostRun::connect() {
    application_ = make_application(stats_, opt_.profile);
    comaddin_ = make_comaddin(stats_, opt_.progid, description_);
    const bool startup = opt_.connect_mode == ext_cm_Startup;
    double ms =
        call_addin(std::string("on-connection: mode=") + (startup ? "startup" : "after"),
                   "OnConnection failed (Outlook unloads the add-in)", [&](SAFEARRAY** custom) {
                       return addin_->OnConnection(application_.get(), opt_.connect_mode,
                                                   comaddin_.get(), custom);
                   });
    if (startup)
        ms += call_addin("on-startup-complete:", "OnStartupComplete failed",
                         [&](SAFEARRAY** custom) { return addin_->OnStartupComplete(custom); });
    if (ms > opt_.max_connect_ms)
        out_.misbehavior("start-up took " + ms_text(ms) + " ms (Outlook disables add-ins over " +
                         ms_text(opt_.max_connect_ms) + " ms)");
}

} // namespace oh::win
