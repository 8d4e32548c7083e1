// What the scripts do, for people: error reports, quarantine, and the status the add-in's
// ribbon shows (scripts running, quarantined, failed to load; errors since start).
#include "engine.h"

#include "long_path.h"
#include "text_file.h"

#include <algorithm>

namespace oh {

namespace fs = std::filesystem;

const char* to_string(ScriptStatus::Kind k) {
    switch (k) {
    case ScriptStatus::Kind::running:
        return "running";
    case ScriptStatus::Kind::quarantined:
        return "quarantined";
    case ScriptStatus::Kind::failed_to_load:
        return "failed to load";
    }
    return "running";
}

namespace {

// The error's first line and its traceback, apart.
ScriptError split_error(const std::string& script, std::string text) {
    // The last frame is our trampoline or lua_pcall itself: nothing a script author wrote.
    const std::string tail = "\n\t[C]: in ?";
    if (text.size() > tail.size() &&
        text.compare(text.size() - tail.size(), tail.size(), tail) == 0)
        text.resize(text.size() - tail.size());
    const auto cut = text.find("\nstack traceback:");
    return {script, text.substr(0, cut),
            cut == std::string::npos ? std::string() : text.substr(cut + 1)};
}

} // namespace

// ---------------------------------------------------------------- errors

void Engine::report_script_error(Script& s, const std::string& error, std::string_view what) {
    const ScriptError e = split_error(s.name(), valid_utf8(error));
    log(&s, LogLevel::error,
        "error in " + std::string(what) + ": " + e.message +
            (e.traceback.empty() ? std::string() : "\n" + e.traceback));
    note_error(path_to_utf8(s.path()), e.message);
    if (observer_) observer_->on_script_error(e);
}

void Engine::report_load_error(const fs::path& file, const std::string& error) {
    log(nullptr, LogLevel::error, "cannot load " + path_to_utf8(file) + ": " + error);
    const ScriptError e = split_error(path_to_utf8(file.stem()), valid_utf8(error));
    const std::string key = path_to_utf8(file);
    note_error(key, e.message);
    // Until a version of it runs (add_script) or it is gone. A save that does not compile
    // leaves the previous version running: listed once, as running, with this error.
    const bool runs = std::any_of(scripts_.begin(), scripts_.end(),
                                  [&](const auto& s) { return path_to_utf8(s->path()) == key; });
    if (!runs) load_failed_.insert(key);
    if (observer_) observer_->on_script_error(e);
}

void Engine::on_quarantined(Script& s, std::string_view why) {
    cancel_script_work(s);
    const std::string reason = why.empty()
                                   ? std::to_string(options_.max_failures) + " failures in a row"
                                   : std::string(why);
    const std::string why_text = "script '" + s.name() + "' is quarantined after " + reason +
                                 "; it stays off until " + path_to_utf8(s.path()) + " changes";
    log(&s, LogLevel::error, why_text);
    status_changed();
    // Told once, where a person sees it: a script that stopped working must not go unnoticed.
    platform_.notify(s.name(), "OfflineHooks: script '" + s.name() + "' turned off",
                     why.empty()
                         ? "It failed " + std::to_string(options_.max_failures) +
                               " times in a row. Fix it and save the file to turn it "
                               "back on."
                         : "It ran " + reason + ". Fix it and save the file to turn it back on.");
}

// ---------------------------------------------------------------- status

// The first line only, and a menu line's worth of it: the menu has one line per script, and
// the status is copied for each look at it (the log has the whole error).
void Engine::note_error(const std::string& path_key, const std::string& message) {
    constexpr std::size_t max_shown = 200;
    std::string line = message.substr(0, std::min(message.find('\n'), max_shown + 1));
    if (line.size() > max_shown) {
        std::size_t keep = max_shown; // not inside a UTF-8 sequence
        while (keep > 0 && (static_cast<unsigned char>(line[keep]) & 0xC0) == 0x80) --keep;
        line.resize(keep);
        line += "...";
    }
    last_errors_[path_key] = std::move(line);
    ++errors_;
    status_changed();
}

// A file that failed to load and is gone from the folders is no longer shown.
void Engine::forget_load_failures_not_in(const std::vector<fs::path>& files) {
    for (auto it = load_failed_.begin(); it != load_failed_.end();) {
        const bool present = std::any_of(files.begin(), files.end(),
                                         [&](const fs::path& f) { return path_to_utf8(f) == *it; });
        if (present) {
            ++it;
            continue;
        }
        it = load_failed_.erase(it);
        status_changed();
    }
}

EngineStatus Engine::status() const {
    EngineStatus st;
    st.errors = errors_;
    st.version = status_version_;
    auto last_error = [&](const std::string& key) {
        const auto it = last_errors_.find(key);
        return it == last_errors_.end() ? std::string() : it->second;
    };
    for (const auto& s : scripts_) {
        const std::string key = path_to_utf8(s->path());
        const auto kind =
            s->quarantined() ? ScriptStatus::Kind::quarantined : ScriptStatus::Kind::running;
        (kind == ScriptStatus::Kind::running ? st.running : st.quarantined) += 1;
        st.scripts.push_back({s->name(), kind, last_error(key)});
    }
    for (const auto& key : load_failed_)
        st.scripts.push_back({path_to_utf8(path_from_utf8(key).stem()),
                              ScriptStatus::Kind::failed_to_load, last_error(key)});
    std::stable_sort(st.scripts.begin(), st.scripts.end(),
                     [](const auto& a, const auto& b) { return a.name < b.name; });
    return st;
}

} // namespace oh
