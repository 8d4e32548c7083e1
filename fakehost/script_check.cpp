#include "script_check.h"

#include "engine.h"
#include "fake_host.h"
#include "folder_scan.h"
#include "long_path.h"
#include "lua_include.h"
#include "text_file.h"

#include <algorithm>
#include <map>

namespace oh::cli {

namespace fs = std::filesystem;

namespace {

// Larger than any script a person writes; a bigger file is refused, not read into memory.
constexpr std::size_t max_script_bytes = std::size_t{16} * 1024 * 1024;

bool is_script(const std::string& name) {
    const auto ends_with = [&](std::string_view s) {
        return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
    };
    return ends_with(".lua") && !ends_with("_test.lua");
}

// Compiles without running: a syntax error, or empty.
std::string syntax_error(const fs::path& file) {
    const Result<TextFile> read = read_text_file(file, max_script_bytes);
    if (!read.ok()) return read.error();
    const TextFile& text = read.value();
    std::string error;
    lua_State* L = luaL_newstate();
    if (!L) return "cannot create a Lua state";
    const std::string chunk = "@" + path_to_utf8(file);
    if (luaL_loadbufferx(L, text.text.data(), text.text.size(), chunk.c_str(), "t") != LUA_OK)
        error = lua_tostring(L, -1) ? lua_tostring(L, -1) : "cannot compile";
    lua_close(L);
    return error;
}

} // namespace

std::size_t ScriptCheck::bad() const {
    std::size_t n = 0;
    for (const auto& s : scripts) n += s.problems.empty() ? 0 : 1;
    return n;
}

Result<ScriptCheck> check_scripts(const fs::path& dir, const fs::path& machine_dir) {
    ScriptCheck result;
    const auto scripts_of = [&](const fs::path& d) {
        FolderScan scan = scan_folder_files(d, false, is_script);
        for (auto& w : scan.warnings) result.warnings.push_back(std::move(w));
        return std::move(scan.files);
    };
    std::vector<fs::path> files;
    if (!machine_dir.empty()) files = scripts_of(machine_dir);
    const std::size_t machine_count = files.size();
    for (auto& f : scripts_of(dir)) {
        const auto machine_end = files.begin() + static_cast<std::ptrdiff_t>(machine_count);
        // The same file through both folders (one is the other, or a link to it): one script.
        const auto same_file = [&](const fs::path& m) {
            std::error_code ec;
            return fs::equivalent(os_path(m), os_path(f), ec);
        };
        // Clashing names as the engine sees them (on Windows "VPN.lua" hides "vpn.lua").
        const auto same = [&](const fs::path& m) {
            return script_clash_key(m) == script_clash_key(f);
        };
        if (std::any_of(files.begin(), machine_end, same_file)) continue;
        if (std::any_of(files.begin(), machine_end, same))
            result.shadowed.push_back(std::move(f));
        else
            files.push_back(std::move(f));
    }
    if (files.empty()) return result;

    std::map<std::string, std::vector<std::string>> problems; // by script name
    for (const auto& f : files)
        if (auto e = syntax_error(f); !e.empty()) problems[path_to_utf8(f.stem())].push_back(e);

    // Load, start and stop them all in a throw-away host: errors at load, in "start" and in
    // "stop" handlers, and unknown event names (hooks.on raises) show up here.
    FakeHostOptions options;
    options.dir = dir;
    options.machine_dir = machine_dir;
    options.finish_runs_at_once = true;
    {
        FakeHost host(options);
        if (Status started = host.start(); !started.ok())
            return fail("the add-in did not start: " + started.error());
        host.stop();
        for (const auto& e : host.record().errors) {
            auto& list = problems[e.error.script];
            if (list.empty()) list.push_back(e.error.message); // a syntax error is said once
        }
    }
    for (auto& f : files) {
        ScriptFinding finding{std::move(f), {}};
        if (auto it = problems.find(path_to_utf8(finding.file.stem())); it != problems.end())
            finding.problems = it->second;
        result.scripts.push_back(std::move(finding));
    }
    return result;
}

} // namespace oh::cli
