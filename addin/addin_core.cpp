#include "addin_core.h"

#include "dispatcher.h"
#include "engine.h"
#include "mode_reader.h"
#include "notify_sink.h"
#include "offline_session.h"
#include "platform.h"

#include <mutex>
#include <utility>

namespace oh {

namespace {

// The ulClientToken we give Advise; Outlook hands it back in every notification.
constexpr ULONG client_token = 0x4F48; // "OH"

} // namespace

struct AddinCore::Impl {
    Impl(Platform& p, Clock& c, AddinConfig cfg)
        : platform(p), config(std::move(cfg)),
          sink(ComPtr<NotifySink>::attach(NotifySink::create(client_token))),
          engine(p, c, config.engine), dispatcher(engine, sink->queue()) {
        sink->set_wake([this] { dispatcher.wake(); });
        if (!config.scripts_dir.empty())
            dispatcher.set_folder_watch(config.folder_watch, config.scripts_dir);
        if (ModeReader* reader = config.mode_reader)
            dispatcher.set_mode_read(
                [reader](ModeWait::Answer answer) { reader->read_mode(std::move(answer)); },
                config.mode_wait);
        dispatcher.set_after_step([this] { publish_status(); });
    }

    void load_and_start(State current) {
        // The mode at start (e.mode of "start", hooks.outlook.mode() while loading). A failed
        // read keeps one the host may have set.
        if (const ConnectionMode m = dispatcher.read_mode(); m != ConnectionMode::unknown)
            engine.set_mode(m);
        if (config.script_files.empty())
            engine.load_folder(config.scripts_dir, config.machine_scripts_dir);
        else
            engine.load_files(config.script_files);
        engine.start(current);
        publish_status();
    }

    // Dispatcher thread: a copy of the engine's status for status(), when it changed, and
    // then the listener told.
    void publish_status() {
        if (engine.status_version() == published_version) return;
        published_version = engine.status_version();
        EngineStatus fresh = engine.status();
        std::function<void()> tell;
        {
            std::lock_guard lock(status_mutex);
            status = std::move(fresh);
            tell = status_changed;
        }
        if (tell) tell();
    }

    Platform& platform;
    AddinConfig config;
    ComPtr<NotifySink> sink;
    Engine engine;
    Dispatcher dispatcher;
    OfflineSession session;
    bool started = false;
    bool shut_down = false;

    std::uint64_t published_version = 0; // dispatcher thread only
    mutable std::mutex status_mutex;     // guards the two below
    EngineStatus status;
    std::function<void()> status_changed;
};

AddinCore::AddinCore(Platform& platform, Clock& clock, AddinConfig config)
    : impl_(std::make_unique<Impl>(platform, clock, std::move(config))) {}

AddinCore::~AddinCore() {
    shutdown();
}

Status AddinCore::start(IMAPIOfflineMgr* mgr) {
    if (impl_->started) return fail("already started");
    if (Status opened = impl_->session.open(mgr, impl_->sink.get(), client_token); !opened.ok()) {
        impl_->engine.log(nullptr, LogLevel::error,
                          "OfflineHooks is not monitoring Outlook: " + opened.error());
        return opened;
    }
    impl_->started = true;
    const State current = impl_->session.current_state();
    impl_->engine.log(nullptr, LogLevel::info,
                      std::string("monitoring Outlook (state ") + to_string(current) + ")");
    if (impl_->config.threaded) {
        // Scripts load on the dispatcher thread, off the caller's (Outlook's) path.
        impl_->dispatcher.start([this, current] { impl_->load_and_start(current); });
    } else {
        impl_->dispatcher.start_watching();
        impl_->load_and_start(current);
    }
    return {};
}

void AddinCore::shutdown(double deadline_seconds) {
    if (impl_->shut_down) return;
    impl_->shut_down = true;
    // First no new notifications, then the scripts' "stop", then the thread.
    impl_->session.close();
    impl_->sink->detach();
    if (impl_->dispatcher.running())
        impl_->dispatcher.stop(deadline_seconds);
    else
        impl_->engine.stop_within(deadline_seconds);
}

void AddinCore::pump() {
    impl_->dispatcher.pump();
}

void AddinCore::wait(double seconds) {
    impl_->dispatcher.wait(seconds);
}

HRESULT AddinCore::set_state(State s) {
    return impl_->session.set_state(s);
}

State AddinCore::current_state() const {
    return impl_->engine.state();
}

EngineStatus AddinCore::status() const {
    std::lock_guard lock(impl_->status_mutex);
    return impl_->status;
}

void AddinCore::set_status_changed(std::function<void()> changed) {
    std::lock_guard lock(impl_->status_mutex);
    impl_->status_changed = std::move(changed);
}

void AddinCore::request_reload() {
    Engine& engine = impl_->engine;
    // Posted: runs on the dispatcher thread (the engine's own), which the post wakes.
    engine.post([&engine] {
        engine.log(nullptr, LogLevel::info, "reloading every script, as asked");
        engine.reload(/*force=*/true);
    });
}

Engine& AddinCore::engine() {
    return impl_->engine;
}

OfflineSession& AddinCore::session() {
    return impl_->session;
}

IMAPIOfflineNotify* AddinCore::sink() {
    return impl_->sink.get();
}

} // namespace oh
