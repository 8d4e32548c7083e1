#include "outlook_bridge.h"

#include "late_binding.h"

#include <memory>
#include <utility>

namespace oh::win {

namespace {

// A posted read's answer, given exactly once: by the read, or else (the task was dropped
// unrun: the main thread's queue closed at shutdown, or the post failed) as unknown when the
// last copy of the task goes.
class PendingRead {
  public:
    explicit PendingRead(ModeReader::Done done) : done_(std::move(done)) {}
    ~PendingRead() { answer(ConnectionMode::unknown); }
    PendingRead(const PendingRead&) = delete;
    PendingRead& operator=(const PendingRead&) = delete;

    void answer(ConnectionMode mode) noexcept {
        ModeReader::Done done = std::exchange(done_, nullptr);
        if (!done) return;
        try {
            done(mode);
        } catch (...) {
            // The dispatcher's callback only stores the answer; nothing may reach Outlook.
        }
    }

  private:
    ModeReader::Done done_;
};

Result<long> read_exchange_mode(IDispatch* application) {
    Variant session;
    if (Status got = get_session(application, session); !got.ok()) return fail(got.error());
    Variant value;
    if (Status got = get_property((*session).pdispVal, L"ExchangeConnectionMode", value); !got.ok())
        return fail(got.error());
    Variant number;
    if (FAILED(VariantChangeType(number.get(), value.get(), 0, VT_I4)))
        return fail("Session.ExchangeConnectionMode is not a number");
    return static_cast<long>((*number).lVal);
}

} // namespace

ConnectionMode OutlookBridge::read_mode_now() {
    Result<long> value = read_exchange_mode(application_.get());
    if (value.ok()) return connection_mode_from_ol(value.value());
    // Older Outlook, or an object model that refuses: every e.mode is "unknown". Once is
    // enough in the log; later failures only at debug level.
    log_.write(mode_failure_logged_ ? LogLevel::debug : LogLevel::warn,
               "cannot read Outlook's connection mode (Application.Session."
               "ExchangeConnectionMode): " +
                   value.error() + "; e.mode is \"unknown\"");
    mode_failure_logged_ = true;
    return ConnectionMode::unknown;
}

void OutlookBridge::read_mode(Done done) {
    auto pending = std::make_shared<PendingRead>(std::move(done));
    // When the post fails, `pending` is the last owner: it answers unknown as it goes.
    main_.post([this, pending] { pending->answer(read_mode_now()); });
}

Status OutlookBridge::send_receive(const std::string& script) {
    if (main_.post([this, script] { send_receive_now(script); })) return {};
    return fail("Outlook's main thread cannot be reached (the add-in is shutting down)");
}

void OutlookBridge::send_receive_now(const std::string& script) {
    Variant session;
    Status done = get_session(application_.get(), session);
    if (done.ok()) {
        VARIANT show_progress;
        VariantInit(&show_progress);
        show_progress.vt = VT_BOOL;
        show_progress.boolVal = VARIANT_FALSE; // no progress dialog: the script asked, not the user
        done = call_method((*session).pdispVal, L"SendAndReceive", {show_progress});
    }
    if (done.ok())
        log_.write(LogLevel::debug, "Outlook started Send/Receive (Session.SendAndReceive)",
                   script);
    else
        log_.write(LogLevel::warn, "send_receive failed: " + done.error(), script);
}

} // namespace oh::win
