#include "host_options.h"

#include "offline_api.h"
#include "utf16.h"

#include <cstdlib>
#include <sstream>

namespace oh::win {
namespace {

std::optional<unsigned long> parse_number(const std::string& s) {
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    const unsigned long v = std::strtoul(s.c_str(), &end, 0); // decimal or 0x.. hex
    if (*end != '\0') return std::nullopt;
    return v;
}

std::optional<ULONG> parse_state(const std::string& s) {
    if (s == "online") return MAPIOFFLINE_STATE_ONLINE;
    if (s == "offline") return MAPIOFFLINE_STATE_OFFLINE;
    if (auto n = parse_number(s)) return static_cast<ULONG>(*n);
    return std::nullopt;
}

std::optional<ULONG> parse_phase(const std::string& s) {
    if (s == "start") return MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_START;
    if (s == "change") return MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE;
    if (s == "done") return MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE_DONE;
    if (auto n = parse_number(s)) return static_cast<ULONG>(*n);
    return std::nullopt;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> parts;
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, sep)) parts.push_back(item);
    return parts;
}

bool parse_go(const std::string& arg, Step& step) {
    const auto colon = arg.find(':');
    auto state = parse_state(arg.substr(0, colon));
    if (!state || (*state != MAPIOFFLINE_STATE_ONLINE && *state != MAPIOFFLINE_STATE_OFFLINE))
        return false;
    step.state = *state;
    step.phases = OH_FAKE_PHASE_ALL;
    if (colon != std::string::npos) {
        step.phases = 0;
        for (const auto& p : split(arg.substr(colon + 1), ',')) {
            if (p == "start")
                step.phases |= OH_FAKE_PHASE_START;
            else if (p == "change")
                step.phases |= OH_FAKE_PHASE_CHANGE;
            else if (p == "done")
                step.phases |= OH_FAKE_PHASE_DONE;
            else if (!p.empty())
                return false;
        }
    }
    return true;
}

// OlExchangeConnectionMode by the name e.mode gives it ("cached-disconnected"), or a number.
std::optional<long> parse_exchange_mode(const std::string& s) {
    static constexpr std::pair<const char*, long> kModes[] = {{"no-exchange", 0},
                                                              {"offline", 100},
                                                              {"cached-offline", 200},
                                                              {"disconnected", 300},
                                                              {"cached-disconnected", 400},
                                                              {"cached-connected-headers", 500},
                                                              {"cached-connected-drizzle", 600},
                                                              {"cached-connected-full", 700},
                                                              {"online", 800}};
    for (const auto& [name, value] : kModes)
        if (s == name) return value;
    if (auto n = parse_number(s)) return static_cast<long>(*n);
    return std::nullopt;
}

bool parse_raw(const std::string& arg, OhFakeRawNotify& raw) {
    // Defaults: a well-formed CHANGE online -> offline, so a test spells out only the fault.
    raw = {};
    raw.size = sizeof(MAPIOFFLINE_NOTIFY);
    raw.type = MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE;
    raw.mask = MAPIOFFLINE_STATE_OFFLINE_MASK;
    raw.old_state = MAPIOFFLINE_STATE_ONLINE;
    raw.new_state = MAPIOFFLINE_STATE_OFFLINE;
    for (const auto& kv : split(arg, ',')) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos) return false;
        const std::string k = kv.substr(0, eq), v = kv.substr(eq + 1);
        std::optional<ULONG> n;
        if (k == "type")
            n = parse_phase(v);
        else if (k == "old" || k == "new")
            n = parse_state(v);
        else if (auto num = parse_number(v))
            n = static_cast<ULONG>(*num);
        if (!n) return false;
        if (k == "size")
            raw.size = *n;
        else if (k == "type")
            raw.type = *n;
        else if (k == "mask")
            raw.mask = *n;
        else if (k == "old")
            raw.old_state = *n;
        else if (k == "new")
            raw.new_state = *n;
        else if (k == "token") {
            raw.override_token = TRUE;
            raw.token = *n;
        } else
            return false;
    }
    return true;
}

// What one option's argument gives its setter: the text, and for a Number option its value.
struct Arg {
    std::string text;
    unsigned long number = 0;
};

// One row of the command line: the option, its argument (nullptr: none), what it sets (false:
// the argument cannot be read) and its help. Steps are options too, kept in the order given.
struct OptionSpec {
    enum Kind { Flag, Text, Number, Help };
    const char* name;
    Kind kind;
    const char* arg;
    bool (*set)(HostOptions& o, const Arg& a);
    const char* help;
};

Step& add_step(HostOptions& o, Step::Kind kind, std::string text) {
    o.steps.push_back(make_step(kind, std::move(text)));
    return o.steps.back();
}

template <class T>
bool pick(const std::string& v, std::initializer_list<std::pair<const char*, T>> choices, T& out) {
    for (const auto& [name, value] : choices)
        if (v == name) {
            out = value;
            return true;
        }
    return false;
}

constexpr OptionSpec kOptions[] = {
    {"--progid", OptionSpec::Text, "PROGID",
     [](HostOptions& o, const Arg& a) {
         o.progid = to_utf16(a.text);
         return true;
     },
     "the add-in to load (required)"},
    {"--profile", OptionSpec::Text, "NAME",
     [](HostOptions& o, const Arg& a) {
         o.profile = to_utf16(a.text);
         return true;
     },
     "Session.CurrentProfileName (default \"OfflineHooks Test\")"},
    {"--mapi", OptionSpec::Text, "PATH",
     [](HostOptions& o, const Arg& a) {
         o.mapi_path = to_utf16(a.text);
         return true;
     },
     "the stand-in olmapi32.dll (default: beside this program)"},
    {"--no-mapi", OptionSpec::Flag, nullptr,
     [](HostOptions& o, const Arg&) {
         o.load_mapi = false;
         return true;
     },
     "load no MAPI DLL (the add-in must cope: HrOpenOfflineObj missing)"},
    {"--connect-mode", OptionSpec::Text, "startup|after",
     [](HostOptions& o, const Arg& a) {
         return pick(a.text, {{"startup", ext_cm_Startup}, {"after", ext_cm_AfterStartup}},
                     o.connect_mode);
     },
     "ext_cm_Startup then OnStartupComplete (default), or ext_cm_AfterStartup alone"},
    {"--shutdown", OptionSpec::Text, "auto|notify|fast",
     [](HostOptions& o, const Arg& a) {
         return pick(a.text,
                     {{"auto", ShutdownMode::Auto},
                      {"notify", ShutdownMode::Notify},
                      {"fast", ShutdownMode::Fast}},
                     o.shutdown);
     },
     "auto (default: notify only when RequireShutdownNotification=1, as Outlook 2010+), notify, "
     "or fast (no OnBeginShutdown/OnDisconnection)"},
    {"--classes-merge", OptionSpec::Text, "auto|on|off",
     [](HostOptions& o, const Arg& a) {
         return pick(a.text, {{"auto", Toggle::Auto}, {"on", Toggle::On}, {"off", Toggle::Off}},
                     o.classes_merge);
     },
     "copy the add-in's HKCU\\Software\\Classes keys to HKLM before activation (auto: under "
     "Wine only)"},
    {"--timeout", OptionSpec::Number, "MS",
     [](HostOptions& o, const Arg& a) {
         o.timeout_ms = static_cast<DWORD>(a.number);
         return true;
     },
     "limit for each --expect-* step (default 10000)"},
    {"--settle", OptionSpec::Number, "MS",
     [](HostOptions& o, const Arg& a) {
         o.settle_ms = static_cast<DWORD>(a.number);
         return true;
     },
     "messages pumped after the last step (default 300)"},
    {"--max-connect-ms", OptionSpec::Number, "MS",
     [](HostOptions& o, const Arg& a) {
         o.max_connect_ms = static_cast<double>(a.number);
         return true;
     },
     "OnConnection + OnStartupComplete budget (default 1000, Outlook's)"},
    {"--max-shutdown-ms", OptionSpec::Number, "MS",
     [](HostOptions& o, const Arg& a) {
         o.max_shutdown_ms = static_cast<double>(a.number);
         return true;
     },
     "OnBeginShutdown + OnDisconnection budget (default 500)"},
    {"--wait", OptionSpec::Number, "MS",
     [](HostOptions& o, const Arg& a) {
         add_step(o, Step::Wait, "wait " + std::to_string(a.number)).ms =
             static_cast<DWORD>(a.number);
         return true;
     },
     "step: pump messages for MS milliseconds"},
    {"--go", OptionSpec::Text, "online|offline[:start,change,done]",
     [](HostOptions& o, const Arg& a) {
         Step s = make_step(Step::Go, "go " + a.text);
         if (!parse_go(a.text, s)) return false;
         o.steps.push_back(s);
         return true;
     },
     "step: Outlook goes online/offline, sending those phases (default all three)"},
    {"--raw", OptionSpec::Text, "K=V,...",
     [](HostOptions& o, const Arg& a) {
         Step s = make_step(Step::Raw, "raw " + a.text);
         if (!parse_raw(a.text, s.raw)) return false;
         o.steps.push_back(s);
         return true;
     },
     "step: one notification as given: size, type, mask, old, new, token (numbers, 0x.. hex, "
     "online/offline, start/change/done)"},
    {"--mode", OptionSpec::Text, "NAME|NUMBER",
     [](HostOptions& o, const Arg& a) {
         const auto mode = parse_exchange_mode(a.text);
         if (mode) add_step(o, Step::Mode, "mode " + a.text).mode = *mode;
         return mode.has_value();
     },
     "step: Session.ExchangeConnectionMode from now on (cached-disconnected, online, ... as "
     "e.mode names them, or OlExchangeConnectionMode's number; default cached-connected-full)"},
    {"--mode-delay-ms", OptionSpec::Number, "MS",
     [](HostOptions& o, const Arg& a) {
         o.mode_delay_ms = static_cast<DWORD>(a.number);
         return true;
     },
     "each read of Session.ExchangeConnectionMode takes MS milliseconds (a busy Outlook)"},
    {"--refuse", OptionSpec::Text, "mode|send-and-receive",
     [](HostOptions& o, const Arg& a) {
         if (a.text == "mode")
             o.refuse_mode = true;
         else if (a.text == "send-and-receive")
             o.refuse_send_and_receive = true;
         else
             return false;
         return true;
     },
     "Session.ExchangeConnectionMode / Session.SendAndReceive fails with E_FAIL (repeatable)"},
    {"--expect-advised", OptionSpec::Flag, nullptr,
     [](HostOptions& o, const Arg&) {
         add_step(o, Step::ExpectAdvised, "expect-advised");
         return true;
     },
     "step: until a sink is advised"},
    {"--expect-requests", OptionSpec::Number, "N",
     [](HostOptions& o, const Arg& a) {
         add_step(o, Step::ExpectRequests, "expect-requests " + std::to_string(a.number)).count =
             static_cast<ULONG>(a.number);
         return true;
     },
     "step: until N SetCurrentState requests have arrived in total"},
    {"--expect-mode-reads", OptionSpec::Number, "N",
     [](HostOptions& o, const Arg& a) {
         add_step(o, Step::ExpectModeReads, "expect-mode-reads " + std::to_string(a.number)).count =
             static_cast<ULONG>(a.number);
         return true;
     },
     "step: until Session.ExchangeConnectionMode has been read N times in total"},
    {"--expect-send-and-receive", OptionSpec::Number, "N",
     [](HostOptions& o, const Arg& a) {
         add_step(o, Step::ExpectSendAndReceive,
                  "expect-send-and-receive " + std::to_string(a.number))
             .count = static_cast<ULONG>(a.number);
         return true;
     },
     "step: until Session.SendAndReceive has been called N times in total"},
    {"--expect-idle", OptionSpec::Flag, nullptr,
     [](HostOptions& o, const Arg&) {
         add_step(o, Step::ExpectIdle, "expect-idle");
         return true;
     },
     "step: until no requested state change is under way"},
    {"--expect-file", OptionSpec::Text, "PATH",
     [](HostOptions& o, const Arg& a) {
         add_step(o, Step::ExpectFile, "expect-file " + a.text).path = to_utf16(a.text);
         return true;
     },
     "step: until the file exists"},
    // The ribbon, played as Office plays it (ribbon_driver.h).
    {"--ribbon", OptionSpec::Flag, nullptr,
     [](HostOptions& o, const Arg&) {
         add_step(o, Step::Ribbon, "ribbon").ribbon = Step::All;
         return true;
     },
     "step: GetCustomUI (first time), then every callback of the ribbon XML and its menus"},
    {"--ribbon-refresh", OptionSpec::Flag, nullptr,
     [](HostOptions& o, const Arg&) {
         add_step(o, Step::Ribbon, "ribbon-refresh").ribbon = Step::Refresh;
         return true;
     },
     "step: the ribbon's get* callbacks again, as after an invalidation"},
    {"--ribbon-click", OptionSpec::Text, "ID",
     [](HostOptions& o, const Arg& a) {
         Step& s = add_step(o, Step::Ribbon, "ribbon-click " + a.text);
         s.ribbon = Step::Click;
         s.control = a.text;
         return true;
     },
     "step: the onAction of ribbon control ID"},
    {"--expect-invalidated", OptionSpec::Text, "ID",
     [](HostOptions& o, const Arg& a) {
         Step& s = add_step(o, Step::Ribbon, "expect-invalidated " + a.text);
         s.ribbon = Step::ExpectInvalidated;
         s.control = a.text;
         return true;
     },
     "step: until the add-in invalidates ribbon control ID (since the last --ribbon*)"},
    {"--expect-label", OptionSpec::Text, "ID=TEXT",
     [](HostOptions& o, const Arg& a) {
         const auto eq = a.text.find('=');
         if (eq == std::string::npos || eq == 0) return false;
         Step& s = add_step(o, Step::Ribbon, "expect-label " + a.text);
         s.ribbon = Step::ExpectLabel;
         s.control = a.text.substr(0, eq);
         s.expected = a.text.substr(eq + 1);
         return true;
     },
     "step: until control ID's getLabel, asked again after each invalidation, contains TEXT"},
    {"--help", OptionSpec::Help, nullptr, nullptr, "this text"},
    {"-h", OptionSpec::Help, nullptr, nullptr, nullptr},
};

const OptionSpec* find_option(const std::string& name) {
    for (const auto& spec : kOptions)
        if (name == spec.name) return &spec;
    return nullptr;
}

} // namespace

Result<HostOptions> parse_host_options(int argc, wchar_t** argv) {
    HostOptions o;
    for (int i = 1; i < argc; ++i) {
        const std::string opt = to_utf8(argv[i]);
        const OptionSpec* spec = find_option(opt);
        if (!spec) return fail("unknown option " + opt);
        if (spec->kind == OptionSpec::Help) return fail("help");
        Arg arg;
        if (spec->kind != OptionSpec::Flag) {
            if (i + 1 >= argc) return fail(opt + " needs a value");
            arg.text = to_utf8(argv[++i]);
        }
        if (spec->kind == OptionSpec::Number) {
            const auto n = parse_number(arg.text);
            if (!n) return fail(opt + ": not a number: " + arg.text);
            arg.number = *n;
        }
        if (!spec->set(o, arg)) return fail(opt + ": cannot read \"" + arg.text + "\"");
    }
    if (o.progid.empty()) return fail("--progid is required");
    return o;
}

std::string host_usage() {
    std::string text = "usage: outlook_standin --progid PROGID [options] [steps...]\n"
                       "Plays Outlook for a COM add-in: loads the stand-in olmapi32.dll, activates "
                       "the\nadd-in registered under "
                       "HKCU\\Software\\Microsoft\\Office\\Outlook\\Addins\\PROGID,\n"
                       "drives IDTExtensibility2 and the steps (run in the order given, pumping "
                       "Windows\nmessages all along), and reports what the add-in did.\n";
    for (const auto& spec : kOptions) {
        if (!spec.help) continue;
        std::string line =
            "  " + std::string(spec.name) + (spec.arg ? " " + std::string(spec.arg) : "");
        line.resize(line.size() < 26 ? 26 : line.size() + 1, ' ');
        text += line + spec.help + "\n";
    }
    text += "Exit: 0 ok, 1 the add-in misbehaved, 2 bad setup or usage, 3 crash.\n";
    return text;
}

} // namespace oh::win
