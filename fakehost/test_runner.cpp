#include "test_runner.h"

#include "finalizers.h"
#include "long_path.h"
#include "lua_include.h"
#include "test_context.h"
#include "text_file.h"

#include <chrono>
#include <memory>

namespace oh {

namespace {

// Larger than any test file a person writes; a bigger one is refused, not read into memory.
constexpr std::size_t max_test_file_bytes = std::size_t{16} * 1024 * 1024;

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

// Lua runs a __gc with hooks off, so a test file's own looping finalizer would hang `fakehost
// test` for good: as for scripts, finalizers run in a hooked coroutine (see finalizers.h),
// within the running test's time limit, or within close_limit when the state is closed.
class TestFinalizers final : public FinalizerRunner {
  public:
    explicit TestFinalizers(TestContext& ctx) : ctx_(ctx) {}
    bool finalizer_may_run() override { return steady_seconds() < ctx_.deadline; }
    void run_finalizer(lua_State* co, lua_State* from) override {
        lua_sethook(co, time_limit_hook, LUA_MASKCOUNT, 10000);
        int results = 0;
        const int status = lua_resume(co, from, 1, &results); // co: results | err
        if (status == LUA_OK || status == LUA_YIELD) return;
        const char* msg = lua_tostring(co, -1);
        if (errors.empty()) errors = std::string("error in __gc finalizer: ") + (msg ? msg : "?");
    }
    std::string errors; // the first error a finalizer raised, taken by whoever reports it

  private:
    TestContext& ctx_;
};

// How long a test file's finalizers may run in all when its state is closed.
constexpr double close_limit = 2.0;

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
    const std::string lib = path_to_utf8(dir / "lib");
    lua_getglobal(L, "package"); // package
    lua_getfield(L, -1, "path"); // package path
    const std::string path =
        lib + "/?.lua;" + lib + "/?/init.lua;" + (lua_tostring(L, -1) ? lua_tostring(L, -1) : "");
    lua_pop(L, 1);                   // package
    lua_pushstring(L, path.c_str()); // package newpath
    lua_setfield(L, -2, "path");     // package
    lua_pop(L, 1);                   // (empty)
}

// Largest module a test file may require from lib/.
constexpr std::size_t max_module_bytes = std::size_t{16} << 20;

// Finds lib/<name>.lua or lib/<name>/init.lua under `lib` (UTF-8) and reads it. Returns 1 and
// sets `file` and `text`; 0 with the places tried in `message`; -1 with why in `message`.
int find_module(const std::string& lib, std::string name, std::string& file, std::string& text,
                std::string& message) {
    for (char& c : name)
        if (c == '.') c = '/';
    for (const std::string& candidate :
         {lib + "/" + name + ".lua", lib + "/" + name + "/init.lua"}) {
        const std::filesystem::path p = path_from_utf8(candidate);
        std::error_code ec;
        if (!std::filesystem::is_regular_file(os_path(p), ec)) {
            message += "\n\tno file '" + candidate + "'";
            continue;
        }
        Result<TextFile> f = read_text_file(p, max_module_bytes);
        if (!f.ok()) {
            message = f.error();
            return -1;
        }
        file = candidate;
        text = std::move(f).value().text;
        return 1;
    }
    return 0;
}

// A searcher for the test folder's lib/ (upvalue 1: its path in UTF-8), ahead of Lua's own:
// Lua opens files with fopen, which on Windows reads the name in the ANSI code page, so a test
// folder under C:\Users\Jürgen would find no module at all.
int lib_searcher(lua_State* L) {
    const char* name = luaL_checkstring(L, 1);
    lua_settop(L, 1); // name
    int found = 0;
    {
        std::string file, text, message;
        found = find_module(lua_tostring(L, lua_upvalueindex(1)), name, file, text, message);
        if (found == 1) {
            lua_pushlstring(L, text.data(), text.size()); // name text
            lua_pushfstring(L, "@%s", file.c_str());      // name text chunk
            lua_pushstring(L, file.c_str());              // name text chunk file
        } else {
            lua_pushstring(L, message.c_str()); // name message
        }
    }                                   // no C++ object is left for a Lua error to jump over
    if (found == 0) return 1;           // name message: not found here
    if (found < 0) return lua_error(L); // raises message
    std::size_t n = 0;
    const char* src = lua_tolstring(L, 2, &n);
    if (luaL_loadbuffer(L, src, n, lua_tostring(L, 3)) != LUA_OK) // name text chunk file fn|msg
        return lua_error(L);
    lua_pushvalue(L, 4); // name text chunk file fn file
    return 2;
}

// Puts lib_searcher for `dir`'s lib/ second in package.searchers (after the preload one).
void add_lib_searcher(lua_State* L, const std::filesystem::path& dir) {
    lua_getglobal(L, "package");      // package
    lua_getfield(L, -1, "searchers"); // package searchers
    const auto n = static_cast<lua_Integer>(luaL_len(L, -1));
    for (lua_Integer i = n; i >= 2; --i) {
        lua_geti(L, -1, i);     // package searchers s[i]
        lua_seti(L, -2, i + 1); // package searchers
    }
    lua_pushstring(L, path_to_utf8(dir / "lib").c_str()); // package searchers lib
    lua_pushcclosure(L, lib_searcher, 1);                 // package searchers fn
    lua_seti(L, -2, 2);                                   // package searchers
    lua_pop(L, 2);                                        // (empty)
}

} // namespace

TestFileResult run_test_file(const std::filesystem::path& file,
                             const std::function<void(const TestResult&)>& on_result) {
    TestFileResult result{file, {}, {}};
    TestContext ctx;
    TestFinalizers finalizers(ctx);
    std::unique_ptr<lua_State, StateCloser> owner(luaL_newstate());
    lua_State* L = owner.get();
    // Closed here, while ctx and finalizers live, with a deadline for the finalizers.
    struct Closer {
        std::unique_ptr<lua_State, StateCloser>& state;
        TestContext& ctx;
        ~Closer() {
            ctx.deadline = steady_seconds() + close_limit;
            state.reset();
        }
    } closer{owner, ctx};
    ctx.test_dir = file.parent_path();
    ctx.deadline = steady_seconds() + test_time_limit;
    *static_cast<TestContext**>(lua_getextraspace(L)) = &ctx;
    luaL_openlibs(L);
    open_finalizers(L, finalizers);
    set_module_path(L, ctx.test_dir);
    add_lib_searcher(L, ctx.test_dir);
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
    const Result<TextFile> read = read_text_file(file, max_test_file_bytes);
    if (!read.ok()) {
        result.load_error = read.error();
        return result;
    }
    const TextFile& source = read.value();
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
        std::string error = protected_call(L, 0); // registry
        if (error.empty() && !finalizers.errors.empty()) error = finalizers.errors;
        finalizers.errors.clear();
        lua_pushnil(L);                       // registry nil
        lua_setfield(L, registry, "running"); // registry
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
