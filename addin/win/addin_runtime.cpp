#include "addin_runtime.h"

#include "admin_only.h"
#include "engine.h"
#include "module.h"
#include "offline_session.h"
#include "outlook_profile.h"
#include "text_file.h"
#include "utf16.h"

#include <chrono>
#include <cstdio>
#include <exception>

#ifndef OH_VERSION
#define OH_VERSION "dev"
#endif

namespace oh::win {

namespace {

constexpr const char* kNotMonitoring = "OfflineHooks is not monitoring Outlook: ";

double elapsed_ms(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since)
        .count();
}

template <class Step>
void guarded(Step step) noexcept {
    try {
        step();
    } catch (...) {
    }
}

std::string ms_text(double ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f ms", ms);
    return buf;
}

} // namespace

AddinRuntime::AddinRuntime(MainThread& main)
    : main_(main), data_dir_(local_data_dir()), settings_(read_settings()),
      log_(data_dir_ / "offlinehooks.log", settings_.log_level.value), notifier_(log_),
      runner_(settings_.scripts_dir.value),
      requests_(main_, log_, [this](State s) { return core_ ? core_->set_state(s) : E_FAIL; }),
      outlook_(main_, log_), platform_(log_, notifier_, runner_, requests_, outlook_) {
    runner_.set_warning_sink([this](const std::string& m) { log_.write(LogLevel::warn, m); });
}

AddinRuntime::~AddinRuntime() {
    shutdown();
}

Status AddinRuntime::open_offline_manager(IDispatch* application, ComPtr<IMAPIOfflineMgr>& mgr,
                                          std::wstring& profile) {
    Result<std::wstring> name = read_profile_name(application);
    if (!name.ok())
        return fail(
            "cannot read Outlook's profile name (Application.Session.CurrentProfileName): " +
            name.error());
    profile = name.value();
    Result<MapiDll> found = find_mapi_dll();
    if (!found.ok()) return fail(found.error());
    mapi_ = std::move(found).value();
    log_.write(LogLevel::debug, "MAPI DLL " + to_utf8(mapi_->path) + ", " + mapi_->found_by +
                                    "; export " + mapi_->export_name);
    const HRESULT hr = mapi_->open(0, profile.c_str(), &GUID_GlobalState, nullptr, mgr.put());
    if (FAILED(hr) || !mgr)
        return fail("HrOpenOfflineObj for profile \"" + to_utf8(profile) +
                    "\" failed: " + hresult_text(FAILED(hr) ? hr : E_POINTER));
    return {};
}

void AddinRuntime::start(IDispatch* application) {
    try {
        // Kept for the object-model calls scripts cause later (mode reads, Send/Receive).
        outlook_.attach(application);
        start_monitoring(application);
    } catch (const std::exception& e) {
        log_.write(LogLevel::error, kNotMonitoring + std::string("start-up failed: ") + e.what());
    }
}

// Written whatever the LogLevel: it says what that level is and where each setting came from.
void AddinRuntime::log_start_line() {
    log_.write_unfiltered(
        LogLevel::info,
        std::string("OfflineHooks ") + OH_VERSION + " starting in Outlook (process " +
            std::to_string(GetCurrentProcessId()) + "); scripts folder " +
            path_to_utf8(settings_.scripts_dir.value) + " (" + settings_.scripts_dir_source() +
            "); machine scripts folder " + machine_folder_text() + "; " + settings_.summary());
    for (const std::string& w : settings_.warnings) log_.write_unfiltered(LogLevel::warn, w);
}

std::string AddinRuntime::machine_folder_text() const {
    if (settings_.machine_scripts_dir.value.empty())
        return "(none: Windows did not say where ProgramData is)";
    return path_to_utf8(settings_.machine_scripts_dir.value) + " (" +
           (settings_.machine_scripts_dir.source == SettingSource::default_value
                ? std::string("the default, %ProgramData%\\OfflineHooks\\scripts")
                : std::string("policy HKLM MachineScriptsDir")) +
           ")";
}

void AddinRuntime::start_monitoring(IDispatch* application) {
    const auto t0 = std::chrono::steady_clock::now();
    log_start_line();
    if (!settings_.user_scripts_allowed.value)
        log_.write_unfiltered(
            LogLevel::warn,
            std::string("the user's scripts are not loaded: ") +
                (is_policy(settings_.user_scripts_allowed.source) ? "policy forbids user scripts"
                                                                  : "user scripts are turned off") +
                " (UserScriptsAllowed 0, " + to_string(settings_.user_scripts_allowed.source) +
                "); only the machine scripts folder " + machine_folder_text() + " is loaded");
    ComPtr<IMAPIOfflineMgr> mgr;
    std::wstring profile;
    if (const Status opened = open_offline_manager(application, mgr, profile); !opened.ok()) {
        log_.write(LogLevel::error, kNotMonitoring + opened.error());
        return;
    }
    AddinConfig config;
    settings_.apply(config, data_dir_);
    config.engine.profile = to_utf8(profile);
    config.engine.hot_reload = true;
    // Only administrators may change what runs in every user's Outlook (admin_only.h).
    config.engine.machine_check = [](const std::filesystem::path& p) {
        return check_admin_only(p);
    };
    config.engine.store_dir = data_dir_ / "store";
    config.threaded = true;
    config.folder_watch = &watch_;
    config.mode_reader = &outlook_;
    core_ = std::make_unique<AddinCore>(platform_, clock_, std::move(config));
    // The mode at start, read here on Outlook's thread where the object model may be called
    // directly. The core reads it again (posted) when the scripts load and keeps this one if
    // that read does not answer in time: Outlook is often busy right after its start.
    const ConnectionMode mode = outlook_.read_mode_now();
    core_->engine().set_mode(mode);
    if (!core_->start(mgr.get()).ok()) return; // the reason is logged by the core
    monitoring_ = true;
    // Set once started: a change before this is shown by Connect's refresh after start().
    if (status_changed_) core_->set_status_changed(status_changed_);
    log_.write(LogLevel::debug, "started on Outlook's thread in " + ms_text(elapsed_ms(t0)) +
                                    " (connection mode " + to_string(mode) +
                                    "; scripts load on the add-in's own thread)");
}

void AddinRuntime::shutdown(double deadline_seconds) noexcept {
    if (shut_down_) return;
    shut_down_ = true;
    const auto t0 = std::chrono::steady_clock::now();
    // Each step runs even if one before it failed: what is left running matters more than
    // why. Nothing may escape to Outlook.
    guarded([&] { main_.close(); });     // no queued state request may run into what follows
    guarded([&] { outlook_.detach(); }); // Outlook's object: released on its own thread
    if (core_) {
        guarded([&] { core_->shutdown(deadline_seconds); });
        // Outlook may hold the sink a little longer (a late Notify): the DLL stays loaded
        // until it lets go.
        guarded([&] { keep_until_released(core_->sink()); });
    }
    guarded([&] { runner_.shutdown(); });
    guarded([&] { notifier_.stop(); });
    guarded([&] { core_.reset(); });
    mapi_.reset();
    guarded([&] {
        log_.write(LogLevel::info, "OfflineHooks stopped (" + ms_text(elapsed_ms(t0)) + ")");
    });
}

} // namespace oh::win
