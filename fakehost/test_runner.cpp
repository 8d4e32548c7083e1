#include "test_runner.h"

#include "lua_include.h"
#include "test_context.h"
#include "text_file.h"

#include <chrono>
#include <memory>

namespace oh {

namespace {

// Larger than any test file a person writes; a bigger one is refused, not read into memory.
constexpr std::size_t max_test_file_bytes = std::size_t{16} * 1024 * 1024;

double steady_seconds() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

struct StateCloser {
    void operator()(lua_State* L) const { lua_close(L); }
};

int traceback_handler(lua_State* L) {
    const char* msg = lua_tostring(L, 1);
    if (!msg) msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    luaL_traceback(L, L, msg, 1); // msg ... traceback
    return 1;
}

// An assertion names its line already; a traceback helps only for other errors.
std::string shorten(const std::string& text) {
    const auto cut = text.find("\nstack traceback:");
    if (cut == std::string::npos) return text;
    const std::string head = text.substr(0, cut);
    const bool assertion = head.find("expected") != std::string::npos ||
                           head.find("assertion failed") != std::string::npos;
    return assertion ? head : text;
}

void time_limit_hook(lua_State* L, lua_Debug*) {
    if (steady_seconds() > TestContext::of(L).deadline)
        luaL_error(L, "test stopped: it ran longer than %d s", static_cast<int>(test_time_limit));
}

// Runs the function on top of the stack, protected; empty on success.
std::string protected_call(lua_State* L, int nargs) {
    const int base = lua_gettop(L) - nargs;  // fn args...
    lua_pushcfunction(L, traceback_handler); // fn args... msgh
    lua_insert(L, base);                     // msgh fn args...
    const int status = lua_pcall(L, nargs, 0, base);
    std::string error;
    if (status != LUA_OK) {
        error = lua_tostring(L, -1) ? lua_tostring(L, -1) : "error";
        lua_pop(L, 1); // msgh
    }
    lua_pop(L, 1); // (empty)
    return error;
}

// Test files may require modules from their folder's lib/ (shared test helpers, or a
// script's own modules) before the usual places.
void set_module_path(lua_State* L, const std::filesystem::path& dir) {
    const std::string lib = (dir / "lib").generic_string();
    lua_getglobal(L, "package"); // package
    lua_getfield(L, -1, "path"); // package path
    const std::string path =
        lib + "/?.lua;" + lib + "/?/init.lua;" + (lua_tostring(L, -1) ? lua_tostring(L, -1) : "");
    lua_pop(L, 1);                   // package
    lua_pushstring(L, path.c_str()); // package newpath
    lua_setfield(L, -2, "path");     // package
    lua_pop(L, 1);                   // (empty)
}

} // namespace

TestFileResult run_test_file(const std::filesystem::path& file,
                             const std::function<void(const TestResult&)>& on_result) {
    TestFileResult result{file, {}, {}};
    std::unique_ptr<lua_State, StateCloser> owner(luaL_newstate());
    lua_State* L = owner.get();
    TestContext ctx;
    ctx.test_dir = file.parent_path();
    ctx.deadline = steady_seconds() + test_time_limit;
    *static_cast<TestContext**>(lua_getextraspace(L)) = &ctx;
    luaL_openlibs(L);
    set_module_path(L, ctx.test_dir);
    open_test_host_api(L);
    lua_sethook(L, time_limit_hook, LUA_MASKCOUNT, 10000);

    // The prelude defines describe/it/assert and fills `registry` with the tests.
    lua_newtable(L); // registry
    const int registry = lua_gettop(L);
    if (luaL_loadstring(L, test_prelude) != LUA_OK) { // registry prelude | registry err
        result.load_error = lua_tostring(L, -1);
        return result;
    }
    lua_pushvalue(L, registry); // registry prelude registry
    if (auto e = protected_call(L, 1); !e.empty()) {
        result.load_error = e;
        return result;
    }
    // BOM skipped, UTF-16 refused naming the fix, FIFOs and folders refused.
    TextFile source;
    if (!read_text_file(file, max_test_file_bytes, source, result.load_error)) return result;
    const std::string chunk = "@" + path_to_utf8(file);
    if (luaL_loadbufferx(L, source.text.data(), source.text.size(), chunk.c_str(), "t") != LUA_OK) {
        result.load_error = lua_tostring(L, -1); // registry err
        return result;
    }
    if (auto e = protected_call(L, 0); !e.empty()) { // registry
        result.load_error = e;
        return result;
    }

    const lua_Integer n = luaL_len(L, registry);
    if (n == 0) {
        result.load_error = "no tests in " + path_to_utf8(file) +
                            " (a test file declares its tests with it(name, fn))";
        return result;
    }
    for (lua_Integer i = 1; i <= n; ++i) {
        lua_geti(L, registry, i);    // registry test
        lua_getfield(L, -1, "name"); // registry test name
        lua_getfield(L, -2, "line"); // registry test name line
        TestResult r;
        r.name = lua_tostring(L, -2) ? lua_tostring(L, -2) : "?";
        r.line = static_cast<int>(lua_tointeger(L, -1));
        lua_pop(L, 2);                        // registry test
        lua_getfield(L, -1, "fn");            // registry test fn
        lua_remove(L, -2);                    // registry fn
        lua_pushstring(L, r.name.c_str());    // registry fn name
        lua_setfield(L, registry, "running"); // registry fn
        const double t0 = steady_seconds();
        ctx.deadline = t0 + test_time_limit;
        const std::string error = protected_call(L, 0); // registry
        lua_pushnil(L);                                 // registry nil
        lua_setfield(L, registry, "running");           // registry
        ctx.stop_hosts(); // each test gets fresh hosts: the ones it made end with it
        r.seconds = steady_seconds() - t0;
        r.passed = error.empty();
        r.message = shorten(error);
        on_result(r);
        result.tests.push_back(std::move(r));
    }
    return result;
}

} // namespace oh
