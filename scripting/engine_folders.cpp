// The user's scripts folder and the machine's, as one list of scripts: a script name in both
// loads from the machine's folder (an administrator's decision for every user of the machine),
// and the log says so naming both files. Machine entries the host's check refuses (on Windows:
// anyone but an administrator could change them) do not load, as if they were not there.
#include "engine.h"

#include "long_path.h"
#include "text_file.h"

#include <algorithm>
#include <map>

namespace oh {

namespace fs = std::filesystem;

std::string script_clash_key(const fs::path& file) {
    std::string name = path_to_utf8(file.stem());
#ifdef _WIN32
    for (char& c : name)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
#endif
    return name;
}

std::vector<fs::path> Engine::scan_folders(std::vector<LoadProblem>* problems) {
    std::vector<fs::path> user;
    if (!folder_.empty()) user = scan_folder(folder_, problems);
    if (machine_folder_.empty()) return user;
    return merge_folders(std::move(user), scan_machine_folder());
}

// Whether the host's check refuses `p`; a refusal is logged as an error once (it reaches the
// Event Log on Windows), again when its reason changes, and forgotten once `p` passes.
bool Engine::machine_refused(const fs::path& p) {
    if (!options_.machine_check) return false;
    const std::string key = path_to_utf8(p);
    const Status ok = options_.machine_check(p);
    if (ok.ok()) {
        refused_machine_.erase(key);
        return false;
    }
    auto [it, fresh] = refused_machine_.emplace(key, ok.error());
    if (fresh || it->second != ok.error()) {
        it->second = ok.error();
        log(nullptr, LogLevel::error, ok.error() + " (not loaded)");
    }
    return true;
}

// A machine folder that is not there is the usual case (no administrator made one): said
// once at debug level, not as a problem.
std::vector<fs::path> Engine::scan_machine_folder() {
    std::error_code ec;
    if (!fs::is_directory(os_path(machine_folder_), ec)) {
        const std::string why = ec && ec != std::errc::no_such_file_or_directory
                                    ? "cannot read it (" + ec.message() + ")"
                                    : "it does not exist";
        const std::string key = path_to_utf8(machine_folder_);
        auto [it, fresh] = refused_machine_.emplace(key, why);
        if (fresh || it->second != why) {
            it->second = why;
            log(nullptr, LogLevel::debug,
                "no machine scripts: the machine scripts folder " + key + " " + why);
        }
        return {};
    }
    if (machine_refused(machine_folder_)) return {};
    std::vector<fs::path> files = scan_folder(machine_folder_, nullptr);
    files.erase(std::remove_if(files.begin(), files.end(),
                               [this](const fs::path& f) { return machine_refused(f); }),
                files.end());
    return files;
}

std::vector<fs::path> Engine::merge_folders(std::vector<fs::path> user,
                                            std::vector<fs::path> machine) {
    std::map<std::string, const fs::path*> machine_by_name;
    for (const fs::path& f : machine) machine_by_name.emplace(script_clash_key(f), &f);
    std::unordered_map<std::string, std::string> clashes;
    std::vector<fs::path> files = machine;
    for (fs::path& f : user) {
        const std::string name = script_clash_key(f);
        const auto m = machine_by_name.find(name);
        if (m == machine_by_name.end()) {
            files.push_back(std::move(f));
            continue;
        }
        // The same file seen through both folders (the machine folder is the user's, or a
        // link to it): one script, loaded once as the machine's, and no clash to tell of.
        std::error_code ec;
        if (fs::equivalent(os_path(f), os_path(*m->second), ec)) continue;
        const std::string told = "script '" + path_to_utf8(m->second->stem()) +
                                 "': the machine's " + path_to_utf8(*m->second) +
                                 " is loaded; the user's " + path_to_utf8(f) +
                                 " of the same name is not (the machine's scripts win)";
        const auto before = clashes_.find(name);
        if (before == clashes_.end() || before->second != told) log(nullptr, LogLevel::warn, told);
        clashes.emplace(name, told);
    }
    clashes_ = std::move(clashes); // a clash that ended is told again should it come back
    std::sort(files.begin(), files.end(),
              [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
    return files;
}

} // namespace oh
