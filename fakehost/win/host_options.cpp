#include "host_options.h"

#include "offline_api.h"
#include "win_util.h"

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

} // namespace

std::optional<HostOptions> parse_host_options(int argc, wchar_t** argv, std::string& error) {
    HostOptions o;
    for (int i = 1; i < argc; ++i) {
        const std::string opt = to_utf8(argv[i]);
        auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= argc) {
                error = opt + " needs a value";
                return std::nullopt;
            }
            return to_utf8(argv[++i]);
        };
        auto number = [&]() -> std::optional<unsigned long> {
            auto v = value();
            if (!v) return std::nullopt;
            auto n = parse_number(*v);
            if (!n) error = opt + ": not a number: " + *v;
            return n;
        };
        auto bad = [&](const std::string& v) {
            error = opt;
            error += ": cannot read \"" + v + "\"";
            return std::nullopt;
        };

        if (opt == "--progid") {
            auto v = value();
            if (!v) return std::nullopt;
            o.progid = from_utf8(*v);
        } else if (opt == "--profile") {
            auto v = value();
            if (!v) return std::nullopt;
            o.profile = from_utf8(*v);
        } else if (opt == "--mapi") {
            auto v = value();
            if (!v) return std::nullopt;
            o.mapi_path = from_utf8(*v);
        } else if (opt == "--no-mapi") {
            o.load_mapi = false;
        } else if (opt == "--connect-mode") {
            auto v = value();
            if (!v) return std::nullopt;
            if (*v == "startup")
                o.connect_mode = ext_cm_Startup;
            else if (*v == "after")
                o.connect_mode = ext_cm_AfterStartup;
            else
                return bad(*v);
        } else if (opt == "--shutdown") {
            auto v = value();
            if (!v) return std::nullopt;
            if (*v == "auto")
                o.shutdown = ShutdownMode::Auto;
            else if (*v == "notify")
                o.shutdown = ShutdownMode::Notify;
            else if (*v == "fast")
                o.shutdown = ShutdownMode::Fast;
            else
                return bad(*v);
        } else if (opt == "--classes-merge") {
            auto v = value();
            if (!v) return std::nullopt;
            if (*v == "auto")
                o.classes_merge = Toggle::Auto;
            else if (*v == "on")
                o.classes_merge = Toggle::On;
            else if (*v == "off")
                o.classes_merge = Toggle::Off;
            else
                return bad(*v);
        } else if (opt == "--timeout" || opt == "--settle" || opt == "--max-connect-ms" ||
                   opt == "--max-shutdown-ms") {
            auto n = number();
            if (!n) return std::nullopt;
            if (opt == "--timeout")
                o.timeout_ms = static_cast<DWORD>(*n);
            else if (opt == "--settle")
                o.settle_ms = static_cast<DWORD>(*n);
            else if (opt == "--max-connect-ms")
                o.max_connect_ms = static_cast<double>(*n);
            else
                o.max_shutdown_ms = static_cast<double>(*n);
        } else if (opt == "--wait") {
            auto n = number();
            if (!n) return std::nullopt;
            o.steps.push_back(make_step(Step::Wait, "wait " + std::to_string(*n)));
            o.steps.back().ms = static_cast<DWORD>(*n);
        } else if (opt == "--go") {
            auto v = value();
            if (!v) return std::nullopt;
            Step s = make_step(Step::Go, "go " + *v);
            if (!parse_go(*v, s)) return bad(*v);
            o.steps.push_back(s);
        } else if (opt == "--raw") {
            auto v = value();
            if (!v) return std::nullopt;
            Step s = make_step(Step::Raw, "raw " + *v);
            if (!parse_raw(*v, s.raw)) return bad(*v);
            o.steps.push_back(s);
        } else if (opt == "--expect-advised") {
            o.steps.push_back(make_step(Step::ExpectAdvised, "expect-advised"));
        } else if (opt == "--expect-idle") {
            o.steps.push_back(make_step(Step::ExpectIdle, "expect-idle"));
        } else if (opt == "--expect-requests") {
            auto n = number();
            if (!n) return std::nullopt;
            o.steps.push_back(
                make_step(Step::ExpectRequests, "expect-requests " + std::to_string(*n)));
            o.steps.back().count = static_cast<ULONG>(*n);
        } else if (opt == "--expect-file") {
            auto v = value();
            if (!v) return std::nullopt;
            o.steps.push_back(make_step(Step::ExpectFile, "expect-file " + *v));
            o.steps.back().path = from_utf8(*v);
        } else if (opt == "--help" || opt == "-h") {
            error = "help";
            return std::nullopt;
        } else {
            error = "unknown option " + opt;
            return std::nullopt;
        }
    }
    if (o.progid.empty()) {
        error = "--progid is required";
        return std::nullopt;
    }
    return o;
}

const char* host_usage() {
    return "usage: outlook_standin --progid PROGID [--profile NAME] [--mapi PATH | --no-mapi]\n"
           "         [--connect-mode startup|after] [--shutdown auto|notify|fast]\n"
           "         [--classes-merge auto|on|off] [--timeout MS] [--settle MS]\n"
           "         [--max-connect-ms MS] [--max-shutdown-ms MS]\n"
           "         [--wait MS | --go online|offline[:start,change,done] | --raw K=V,...\n"
           "          | --expect-advised | --expect-requests N | --expect-idle\n"
           "          | --expect-file PATH]...\n"
           "Plays Outlook for a COM add-in: loads the stand-in olmapi32.dll, activates the\n"
           "add-in registered under HKCU\\Software\\Microsoft\\Office\\Outlook\\Addins\\PROGID,\n"
           "drives IDTExtensibility2 and the steps, and reports what the add-in did.\n"
           "Exit: 0 ok, 1 the add-in misbehaved, 2 bad setup or usage, 3 crash.\n";
}

} // namespace oh::win
