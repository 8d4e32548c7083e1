// fakehost check [DIR]: compiles every script, loads it in a throw-away host, and reports
// syntax errors, runtime errors at load and unknown event names with file:line.
#include "cli.h"
#include "lua_include.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

namespace oh::cli {

namespace {

std::vector<fs::path> scripts_in(const fs::path& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        const bool is_test = name.size() > 9 && name.compare(name.size() - 9, 9, "_test.lua") == 0;
        if (e.is_regular_file() && e.path().extension() == ".lua" && !is_test) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// Compiles without running: a syntax error, or empty.
std::string syntax_error(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const std::string src = text.str();
    lua_State* L = luaL_newstate();
    if (!L) return "cannot create a Lua state";
    const std::string chunk = "@" + file.generic_string();
    std::string error;
    if (luaL_loadbufferx(L, src.data(), src.size(), chunk.c_str(), "t") != LUA_OK)
        error = lua_tostring(L, -1) ? lua_tostring(L, -1) : "cannot compile";
    lua_close(L);
    return error;
}

} // namespace

int check(Args& args) {
    const auto rest = args.rest();
    if (!args.ok()) return args.usage_error(args.error());
    if (rest.size() > 1) return args.usage_error("give at most one folder");
    const fs::path dir = rest.empty() ? fs::path(".") : fs::path(rest.front());
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        std::fprintf(stderr, "fakehost check: %s is not a folder\n", dir.generic_string().c_str());
        return 2;
    }
    const auto files = scripts_in(dir);
    if (files.empty()) {
        std::fprintf(stderr, "fakehost check: no scripts (*.lua) in %s\n", dir.generic_string().c_str());
        return 1;
    }

    std::map<std::string, std::vector<std::string>> problems; // by script name
    for (const auto& f : files)
        if (auto e = syntax_error(f); !e.empty()) problems[f.stem().string()].push_back(e);

    // Load, start and stop them all in a throw-away host: errors at load, in "start" and in
    // "stop" handlers, and unknown event names (hooks.on raises) show up here.
    FakeHostOptions options;
    options.dir = dir;
    options.finish_runs_at_once = true;
    {
        FakeHost host(options);
        host.start();
        host.stop();
        for (const auto& e : host.record().errors) {
            auto& list = problems[e.error.script];
            if (list.empty()) list.push_back(e.error.message); // a syntax error is said once
        }
    }

    std::size_t bad = 0;
    for (const auto& f : files) {
        const auto it = problems.find(f.stem().string());
        if (it == problems.end()) {
            std::printf("ok    %s\n", f.generic_string().c_str());
            continue;
        }
        ++bad;
        std::printf("FAIL  %s\n", f.generic_string().c_str());
        for (const auto& p : it->second) std::printf("      %s\n", p.c_str());
    }
    std::printf("checked %zu script(s): %zu ok, %zu with problems\n", files.size(), files.size() - bad, bad);
    return bad ? 1 : 0;
}

} // namespace oh::cli
