// The engine's scripts: scanning a scripts folder, loading them, and hot reload (the user's and
// the machine's folders together: engine_folders.cpp).
#include "engine.h"

#include "long_path.h"
#include "text_file.h"

#include <algorithm>
#include <chrono>
#include <functional>

namespace oh {

namespace fs = std::filesystem;

namespace {

// A script or module bigger than this is refused with a message (and not read every poll).
constexpr std::size_t max_script_bytes = std::size_t{16} << 20;

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_script_name(const fs::path& p) {
    const std::string name = path_to_utf8(p.filename());
    return ends_with(name, ".lua") && !ends_with(name, "_test.lua");
}

// What hot reload compares: the text, or the reason it could not be read (so that an
// unreadable file is reported once, not at every poll).
std::uint64_t content_hash(const Result<TextFile>& read) {
    return std::hash<std::string>{}(read.ok() ? read.value().text
                                              : std::string(1, '\0') + read.error());
}

} // namespace

// ---------------------------------------------------------------- the scripts folder

void Engine::skip_entry(const fs::path& p, const std::string& why) {
    const std::string name = path_to_utf8(p);
    auto [it, fresh] = skipped_entries_.emplace(name, why);
    if (!fresh && it->second == why) return; // told already
    it->second = why;
    log(nullptr, LogLevel::warn, name + ": skipped: it cannot be read (" + why + ")");
}

// Non-throwing calls only: a symlink loop or an entry that vanishes meanwhile is skipped
// with a warning, never an exception out of the host.
std::vector<fs::path> Engine::scan_folder(const fs::path& folder,
                                          std::vector<LoadProblem>* problems) {
    std::vector<fs::path> files;
    std::error_code ec;
    if (!fs::is_directory(os_path(folder), ec)) {
        const bool missing = !ec || ec == std::errc::no_such_file_or_directory;
        if (problems)
            problems->push_back(
                {folder, path_to_utf8(folder) +
                             (missing ? ": the scripts folder does not exist"
                                      : ": cannot read the scripts folder (" + ec.message() + ")") +
                             "; running with no scripts"});
        return files;
    }
    // list_folder, not directory_iterator: MinGW's fails on a folder past 260 characters.
    const FolderListing listing = list_folder(folder);
    if (!listing.status.ok()) skip_entry(folder, listing.status.error());
    for (const auto& e : listing.entries) { // what was read before a failure still loads
        if (!is_script_name(e.path)) continue;
        if (e.type == fs::file_type::unknown)
            skip_entry(e.path, e.why);
        else if (e.type == fs::file_type::regular)
            files.push_back(e.path);
    }
    std::sort(files.begin(), files.end(),
              [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
    return files;
}

std::uint64_t Engine::lib_hash() {
    return lib_hash(folder_) * 31u + lib_hash(machine_folder_);
}

std::uint64_t Engine::lib_hash(const fs::path& folder) {
    std::uint64_t h = 0;
    std::error_code ec;
    const fs::path lib = folder / "lib";
    if (folder.empty() || !fs::is_directory(os_path(lib), ec)) return 0;
    // Symlinked folders are not followed (a loop would never end); require resolves them.
    std::vector<SkippedEntry> skipped;
    std::vector<fs::path> files = files_under(lib, &skipped);
    for (const auto& s : skipped) skip_entry(s.path, s.why);
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        const Result<TextFile> text = read_text_file(f, max_script_bytes);
        h = h * 1000003u ^ std::hash<std::string>{}(path_to_utf8(f) + '\0' +
                                                    (text.ok() ? text.value().text : text.error()));
    }
    return h;
}

// ---------------------------------------------------------------- loading

std::vector<LoadProblem> Engine::load_folder(const fs::path& dir, const fs::path& machine_dir) {
    folder_ = dir;
    machine_folder_ = machine_dir;
    from_folders_ = true;
    std::vector<LoadProblem> problems;
    const auto files = scan_folders(&problems);
    for (const auto& p : problems) log(nullptr, LogLevel::warn, p.message);
    lib_hash_ = lib_hash();
    auto more = load_files(files);
    problems.insert(problems.end(), more.begin(), more.end());
    return problems;
}

std::vector<LoadProblem> Engine::load_files(const std::vector<fs::path>& files) {
    std::vector<LoadProblem> problems;
    for (const auto& file : files) {
        if (!from_folders_) explicit_files_.push_back(file);
        Result<std::unique_ptr<Script>> s = load_script(file);
        if (!s.ok()) {
            problems.push_back({file, s.error()});
            continue;
        }
        add_script(std::move(s).value());
    }
    return problems;
}

Result<TextFile> Engine::read_script(const fs::path& file) {
    return read_text_file(file, max_script_bytes);
}

Result<std::unique_ptr<Script>> Engine::load_script(const fs::path& file) {
    const Result<TextFile> text = read_script(file);
    file_hashes_[path_to_utf8(file)] = content_hash(text);
    if (!text.ok()) {
        report_load_error(file, text.error());
        return fail(text.error());
    }
    return load_source(file, text.value());
}

Result<std::unique_ptr<Script>> Engine::load_source(const fs::path& file, const TextFile& text) {
    // Once per saved version: load_source runs when the text changed.
    if (text.bad_line) log(nullptr, LogLevel::warn, invalid_utf8_warning(file, text.bad_line));
    auto s = std::make_unique<Script>(*this, path_to_utf8(file.stem()), file, next_uid_++);
    Status loaded = s->load(text.text);
    if (loaded.ok()) {
        log(nullptr, LogLevel::debug,
            "loaded script '" + s->name() + "' from " + path_to_utf8(file));
        return s;
    }
    s.reset(); // closed (its finalizers run) before the error is told
    report_load_error(file, loaded.error());
    return fail(loaded.error());
}

void Engine::add_script(std::unique_ptr<Script> s) {
    load_failed_.erase(path_to_utf8(s->path())); // a version of it runs
    scripts_.push_back(std::move(s));
    sort_scripts();
    status_changed();
}

void Engine::sort_scripts() {
    std::stable_sort(scripts_.begin(), scripts_.end(),
                     [](const auto& a, const auto& b) { return a->name() < b->name(); });
}

void Engine::remove_script(Script& s) {
    cancel_script_work(s);
    // Its programs run on, still bounded by their timeouts, and their end is still reported to
    // the host (fakehost --live waits for it); no on_exit: the Lua state it lives in is gone.
    // Script uids start at 1, so 0 finds no script.
    for (auto& [id, run] : runs_) {
        if (run.script_uid != s.uid()) continue;
        run.script_uid = 0;
        run.on_exit_ref = LUA_NOREF;
    }
    const auto it = std::find_if(scripts_.begin(), scripts_.end(),
                                 [&](const auto& p) { return p.get() == &s; });
    // Out of the list before it closes: its finalizers run with the engine in one piece.
    const std::unique_ptr<Script> doomed = std::move(*it);
    scripts_.erase(it);
    doomed->close();
    status_changed();
}

void Engine::close_scripts() {
    auto doomed = std::move(scripts_);
    scripts_.clear();
    for (auto& s : doomed) s->close();
    status_changed();
}

Script* Engine::find_script(std::uint64_t uid) {
    for (auto& s : scripts_)
        if (s->uid() == uid) return s.get();
    return nullptr;
}

// ---------------------------------------------------------------- hot reload

bool Engine::reload(bool force) {
    std::vector<fs::path> files;
    if (!from_folders_) {
        std::error_code ec;
        for (const auto& f : explicit_files_)
            if (fs::is_regular_file(f, ec)) files.push_back(f);
    } else {
        files = scan_folders(nullptr);
    }
    forget_load_failures_not_in(files);
    const std::uint64_t lib = from_folders_ ? lib_hash() : 0;
    const bool lib_changed = lib != lib_hash_;
    lib_hash_ = lib;
    bool changed = false;

    // Removed (or renamed away) scripts: stop, then unload.
    for (std::size_t i = 0; i < scripts_.size();) {
        Script& s = *scripts_[i];
        if (std::find(files.begin(), files.end(), s.path()) != files.end()) {
            ++i;
            continue;
        }
        if (started_)
            dispatch_to(s, make_event(EventKind::stop, state_, State::unknown, {}, 0, {}));
        log(nullptr, LogLevel::info,
            "script '" + s.name() + "' removed: " + path_to_utf8(s.path()));
        file_hashes_.erase(path_to_utf8(s.path()));
        remove_script(s);
        changed = true;
    }
    for (const auto& file : files) changed = reload_file(file, force, lib_changed) || changed;
    return changed;
}

// The order for a changed script: the new text must compile (else the old version runs on,
// untouched); then "stop" in the old version and its state closed; then the new version's
// main chunk, and "start" in it. What the old "stop" saved (hooks.store) is there for the new
// main chunk. Should the new main chunk fail, the previous text is loaded and started again.
bool Engine::reload_file(const fs::path& file, bool force, bool lib_changed) {
    const Result<TextFile> text = read_script(file);
    const std::uint64_t h = content_hash(text);
    const std::string key = path_to_utf8(file);
    const auto known = file_hashes_.find(key);
    const auto existing = std::find_if(scripts_.begin(), scripts_.end(),
                                       [&](const auto& s) { return s->path() == file; });
    Script* old = existing != scripts_.end() ? existing->get() : nullptr;
    const bool same = known != file_hashes_.end() && known->second == h;
    if (same && !force && (!old || !lib_changed)) return false;
    file_hashes_[key] = h;

    const Status compiles = text.ok()
                                ? Script::check_syntax(text.value().text, file, options_.memory_cap)
                                : Status(fail(text.error()));
    if (!compiles.ok()) {
        report_load_error(file, compiles.error());
        if (old)
            log(nullptr, LogLevel::error,
                "keeping the previous version of '" + old->name() + "' running");
        return false;
    }
    const bool was_loaded = old != nullptr;
    std::string previous;
    if (old) {
        previous = old->source();
        if (started_)
            dispatch_to(*old, make_event(EventKind::stop, state_, State::unknown, {}, 0, {}));
        remove_script(*old);
        old = nullptr;
    }
    Result<std::unique_ptr<Script>> fresh = load_source(file, text.value());
    if (!fresh.ok() && was_loaded) {
        log(nullptr, LogLevel::error,
            "keeping the previous version of '" + path_to_utf8(file.stem()) +
                "' running: it is loaded and started again");
        TextFile again;
        again.text = std::move(previous);
        fresh = load_source(file, again);
    }
    if (!fresh.ok()) return was_loaded;
    Script& now = *fresh.value();
    add_script(std::move(fresh).value());
    log(nullptr, LogLevel::info,
        "script '" + now.name() + "' " + (was_loaded ? "reloaded" : "loaded") + ": " + key);
    if (started_) dispatch_to(now, make_event(EventKind::start, state_, State::unknown, {}, 0, {}));
    return true;
}

} // namespace oh
