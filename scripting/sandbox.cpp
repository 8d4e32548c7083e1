#include "sandbox.h"

#include "engine.h"
#include "long_path.h"
#include "pattern.h"
#include "script.h"
#include "text_file.h"

#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace oh {

namespace fs = std::filesystem;

namespace {

// Longest range table.move may walk: it loops in C, where the time budget cannot reach.
constexpr lua_Integer max_move_span = lua_Integer{1} << 24;

void budget_tick(lua_State* L) {
    Script::of(L).check_budget(L);
}

fs::path scripts_folder(lua_State* L) {
    return Script::of(L).path().parent_path();
}

// Resolves `name` inside the scripts folder; raises when it would leave it.
fs::path resolve_in_folder(lua_State* L, const char* fname, const char* name) {
    const fs::path folder = fs::weakly_canonical(fs::absolute(scripts_folder(L)));
    fs::path p = path_from_utf8(name);
    if (p.is_relative()) p = folder / p;
    p = fs::weakly_canonical(p);
    const auto rel = p.lexically_relative(folder);
    if (rel.empty() || *rel.begin() == "..")
        luaL_error(L, "%s: '%s' is outside the scripts folder (%s)", fname, name,
                   path_to_utf8(folder).c_str());
    return p;
}

// Loads a file as a text chunk; pushes the function, or nil and a message.
int load_text_file(lua_State* L, const fs::path& p) {
    std::ifstream in(os_path(p), std::ios::binary);
    if (!in) {
        lua_pushnil(L);                                                // nil
        lua_pushfstring(L, "cannot open %s", path_to_utf8(p).c_str()); // nil msg
        return 2;
    }
    std::ostringstream text;
    text << in.rdbuf();
    const std::string src = text.str();
    const std::string chunk = "@" + path_to_utf8(p);
    if (luaL_loadbufferx(L, src.data(), src.size(), chunk.c_str(), "t") != LUA_OK) {
        lua_pushnil(L);    // msg nil
        lua_insert(L, -2); // nil msg
        return 2;
    }
    return 1; // fn
}

// loadfile(filename [, mode [, env]]): text only, inside the scripts folder.
int sandbox_loadfile(lua_State* L) {
    const char* name = luaL_checkstring(L, 1);
    const bool has_env = !lua_isnone(L, 3);
    const fs::path p = resolve_in_folder(L, "loadfile", name);
    const int n = load_text_file(L, p); // fn | nil msg
    if (n == 1 && has_env) {
        lua_pushvalue(L, 3);                          // fn env
        if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1); // fn
    }
    return n;
}

// dofile(filename): inside the scripts folder; errors propagate.
int sandbox_dofile(lua_State* L) {
    const char* name = luaL_checkstring(L, 1);
    lua_settop(L, 1); // name
    const fs::path p = resolve_in_folder(L, "dofile", name);
    if (load_text_file(L, p) != 1) return lua_error(L); // name nil msg -> raises msg
    lua_call(L, 0, LUA_MULTRET);                        // name results...
    return lua_gettop(L) - 1;
}

// load(chunk [, chunkname [, mode [, env]]]): the original, with the mode forced to text.
int sandbox_load(lua_State* L) {
    const int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));       // args... load
    lua_insert(L, 1);                            // load args...
    lua_settop(L, 5);                            // load chunk name mode env
    if (n < 4) lua_remove(L, 5);                 // load chunk name mode (env absent stays absent)
    lua_pushliteral(L, "t");                     // load chunk name mode [env] "t"
    lua_replace(L, 4);                           // load chunk name "t" [env]
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET); // results...
    return lua_gettop(L);
}

// require(name): "hooks", or a module from the scripts folder's lib/ subfolder only.
int sandbox_require(lua_State* L) {
    const char* name = luaL_checkstring(L, 1);
    lua_settop(L, 1);                                         // name
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE); // name LOADED
    lua_getfield(L, 2, name);                                 // name LOADED mod?
    if (lua_toboolean(L, -1)) return 1;
    lua_pop(L, 1); // name LOADED
    std::string file = name;
    for (char& c : file) {
        if (c == '.')
            c = '/';
        else if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'))
            luaL_error(L, "module '%s': names may hold letters, digits, '_', '-' and '.'", name);
    }
    const fs::path p = scripts_folder(L) / "lib" / path_from_utf8(file + ".lua");
    if (!fs::is_regular_file(os_path(p)))
        luaL_error(L,
                   "module '%s' not found: require looks only in the scripts folder's lib/ (no %s)",
                   name, path_to_utf8(p).c_str());
    if (load_text_file(L, p) != 1) return lua_error(L); // name LOADED fn
    lua_pushstring(L, name);                            // name LOADED fn name
    lua_call(L, 1, 1);                                  // name LOADED mod
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);         // name LOADED
        lua_pushboolean(L, 1); // name LOADED true
    }
    lua_pushvalue(L, -1);     // name LOADED mod mod
    lua_setfield(L, 2, name); // name LOADED mod
    return 1;
}

// os.time([t]): with no table, the host's clock (virtual in the fake host).
int sandbox_os_time(lua_State* L) {
    if (!lua_isnoneornil(L, 1)) {
        lua_pushvalue(L, lua_upvalueindex(1)); // t time
        lua_insert(L, 1);                      // time t
        lua_call(L, 1, 1);                     // result
        return 1;
    }
    lua_pushinteger(
        L, static_cast<lua_Integer>(std::floor(Script::of(L).engine().clock().unix_time())));
    return 1;
}

// os.date([format [, time]]): time defaults to the host's clock.
int sandbox_os_date(lua_State* L) {
    if (lua_isnoneornil(L, 2)) {
        const lua_Integer now =
            static_cast<lua_Integer>(std::floor(Script::of(L).engine().clock().unix_time()));
        if (lua_isnone(L, 1)) lua_pushliteral(L, "%c"); // fmt
        lua_settop(L, 1);                               // fmt
        lua_pushinteger(L, now);                        // fmt now
    }
    lua_pushvalue(L, lua_upvalueindex(1)); // fmt time date
    lua_insert(L, 1);                      // date fmt time
    lua_call(L, 2, 1);                     // result
    return 1;
}

// string.rep: an empty result of huge count would loop in C without allocating.
int sandbox_rep(lua_State* L) {
    size_t l = 0, lsep = 0;
    luaL_checklstring(L, 1, &l);
    const lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n <= 0 || l + lsep == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    lua_pushvalue(L, lua_upvalueindex(1)); // s n [sep] rep
    lua_insert(L, 1);                      // rep s n [sep]
    lua_call(L, lua_gettop(L) - 1, 1);     // result
    return 1;
}

// table.move: refuses spans it could not finish within a handler's budget.
int sandbox_move(lua_State* L) {
    const lua_Integer f = luaL_checkinteger(L, 2);
    const lua_Integer e = luaL_checkinteger(L, 3);
    if (e >= f && (e - f >= max_move_span || (f < 0 && e > LUA_MAXINTEGER + f)))
        luaL_error(L, "table.move: range of %I elements is too large (at most %I)", e - f + 1,
                   max_move_span);
    lua_pushvalue(L, lua_upvalueindex(1)); // args... move
    lua_insert(L, 1);                      // move args...
    lua_call(L, lua_gettop(L) - 1, 1);     // result
    return 1;
}

void remove_field(lua_State* L, int table, const char* name) {
    lua_pushnil(L);               // nil
    lua_setfield(L, table, name); // (empty)
}

// Replaces t[name] with `fn`, giving it the original as upvalue 1.
void wrap_field(lua_State* L, int table, const char* name, lua_CFunction fn) {
    lua_getfield(L, table, name); // orig
    lua_pushcclosure(L, fn, 1);   // wrapper
    lua_setfield(L, table, name); // (empty)
}

void open_libraries(lua_State* L) {
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base},       {LUA_STRLIBNAME, luaopen_string},
        {LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8}, {LUA_COLIBNAME, luaopen_coroutine},
        {LUA_OSLIBNAME, luaopen_os}};
    for (const auto& lib : libs) {
        luaL_requiref(L, lib.name, lib.func, 1); // lib
        lua_pop(L, 1);                           // (empty)
    }
}

void restrict_base(lua_State* L) {
    lua_pushglobaltable(L);                 // G
    lua_pushcfunction(L, sandbox_dofile);   // G dofile
    lua_setfield(L, -2, "dofile");          // G
    lua_pushcfunction(L, sandbox_loadfile); // G loadfile
    lua_setfield(L, -2, "loadfile");        // G
    wrap_field(L, lua_gettop(L), "load", sandbox_load);
    lua_pushcfunction(L, sandbox_require); // G require
    lua_setfield(L, -2, "require");        // G
    // package exists only to show what require has loaded; no loadlib, no searchers.
    lua_newtable(L);                                          // G package
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE); // G package LOADED
    lua_setfield(L, -2, "loaded");                            // G package
    lua_setfield(L, -2, "package");                           // G
    lua_pop(L, 1);                                            // (empty)
}

void restrict_string(lua_State* L) {
    lua_getglobal(L, LUA_STRLIBNAME); // string
    const int t = lua_gettop(L);
    remove_field(L, t, "dump");
    wrap_field(L, t, "rep", sandbox_rep);
    install_bounded_patterns(L, t, budget_tick);
    lua_pop(L, 1); // (empty)
}

void restrict_table(lua_State* L) {
    lua_getglobal(L, LUA_TABLIBNAME); // table
    wrap_field(L, lua_gettop(L), "move", sandbox_move);
    lua_pop(L, 1); // (empty)
}

void restrict_os(lua_State* L) {
    lua_getglobal(L, LUA_OSLIBNAME); // os
    const int t = lua_gettop(L);
    for (const char* name : {"execute", "exit", "remove", "rename", "tmpname", "setlocale"})
        remove_field(L, t, name);
    wrap_field(L, t, "time", sandbox_os_time);
    wrap_field(L, t, "date", sandbox_os_date);
    lua_pop(L, 1); // (empty)
}

} // namespace

void open_sandbox(lua_State* L) {
    open_libraries(L);
    restrict_base(L);
    restrict_string(L);
    restrict_table(L);
    restrict_os(L);
}

} // namespace oh
