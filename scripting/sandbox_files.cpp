// dofile, loadfile, require and load: what a script may read and compile.
//
// dofile and loadfile read only inside the scripts folder (symlinks resolved), require only
// lib/<name>.lua there. Files are read through read_text_file (UTF-8 BOM skipped, UTF-16/32,
// folders and FIFOs refused, size bounded) and compiled as text. Every error names the file
// and the reason. A chunk is at most max_chunk_bytes (and never more than the script's
// remaining memory): compiling is C work the count hook cannot interrupt.
#include "engine.h"
#include "long_path.h"
#include "sandbox.h"
#include "sandbox_internal.h"
#include "script.h"
#include "text_file.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

namespace oh::sandbox {

namespace fs = std::filesystem;

namespace {

constexpr const char* loaded_key = "oh.sandbox.loaded"; // package.loaded
// The longest file name dofile/loadfile take, and the longest module name.
constexpr std::size_t max_name_bytes = 4096;
constexpr std::size_t max_module_name_bytes = 255;
constexpr const char* warned_key = "oh.sandbox.utf8_warned"; // files warned about, once each

fs::path folder_of(lua_State* L) {
    std::error_code ec;
    const fs::path folder = Script::of(L).path().parent_path();
    fs::path real = fs::weakly_canonical(fs::absolute(folder, ec), ec);
    return ec ? folder.lexically_normal() : real;
}

// Whether a symlink on the way from `root` down to `p` leads nowhere. Resolved, it would
// name a place outside as if it were inside; refused the same way as one that leads out, so
// that an error never tells whether something exists outside the folder.
bool dangling_link_on_way(const fs::path& root, const fs::path& p) {
    std::error_code ec;
    fs::path at = root;
    for (const fs::path& part : p.lexically_relative(root)) {
        at /= part;
        if (fs::is_symlink(fs::symlink_status(at, ec)) && !fs::exists(at, ec)) return true;
    }
    return false;
}

// `p` with symlinks resolved, when it lies inside `root` (itself resolved); else empty.
fs::path inside(const fs::path& root, const fs::path& p) {
    std::error_code ec;
    const fs::path real = fs::weakly_canonical(p, ec);
    if (ec) return {};
    const fs::path rel = real.lexically_relative(root);
    if (rel.empty() || *rel.begin() == "..") return {};
    if (dangling_link_on_way(root, p.lexically_normal())) return {};
    return real;
}

// The most a chunk may hold: max_chunk_bytes, and no more than the script's remaining memory
// (the compiled function needs at least as much again inside the cap).
std::size_t chunk_limit(lua_State* L) {
    const MemoryCap& m = Script::of(L).memory();
    const std::size_t left = m.used < m.cap ? m.cap - m.used : 0;
    return std::min(max_chunk_bytes, left);
}

void warn_once_if_not_utf8(lua_State* L, const fs::path& p, std::size_t bad_line) {
    if (bad_line == 0) return;
    const std::string name = path_to_utf8(p);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, warned_key);              // warned
    const bool seen = lua_getfield(L, -1, name.c_str()) != LUA_TNIL; // warned seen?
    lua_pop(L, 1);                                                   // warned
    if (!seen) {
        lua_pushboolean(L, 1);             // warned true
        lua_setfield(L, -2, name.c_str()); // warned
        Script& s = Script::of(L);
        s.engine().log(&s, LogLevel::warn, invalid_utf8_warning(p, bad_line));
    }
    lua_pop(L, 1); // (empty)
}

// Reads and compiles `p`; pushes the function, or nil and a message naming the file.
// A machine script reads only files the host's check passes (on Windows: that only
// administrators can change), through folders it passes, from the machine folder down (the
// folder itself is checked when it is scanned): else a user who can write its lib/ would run
// code in every user's Outlook.
Status machine_check_on_way(lua_State* L, const fs::path& p) {
    const Engine& engine = Script::of(L).engine();
    const auto& check = engine.options().machine_check;
    if (!check || engine.machine_folder().empty()) return {};
    const fs::path folder = folder_of(L);
    std::error_code ec;
    if (!fs::equivalent(os_path(folder), os_path(engine.machine_folder()), ec)) return {};
    const fs::path rel = p.lexically_relative(folder);
    if (rel.empty() || *rel.begin() == "..")
        return fail(path_to_utf8(p) + " is outside the machine scripts folder");
    fs::path at = folder;
    for (const auto& part : rel) {
        at /= part;
        if (Status s = check(at); !s.ok()) return s;
    }
    return {};
}

int load_file(lua_State* L, const fs::path& p) {
    charge(L, 0); // a loop of failing reads still reaches the deadline check
    if (const Status s = machine_check_on_way(L, p); !s.ok()) {
        lua_pushnil(L);                                           // nil
        lua_pushstring(L, (s.error() + " (not loaded)").c_str()); // nil msg
        return 2;
    }
    Result<TextFile> read = read_text_file(p, chunk_limit(L));
    if (!read.ok()) {
        const std::string& error = read.error();
        lua_pushnil(L);                                 // nil
        lua_pushlstring(L, error.data(), error.size()); // nil msg
        return 2;
    }
    const TextFile& file = read.value();
    warn_once_if_not_utf8(L, p, file.bad_line);
    charge(L, file.text.size()); // compiling is C work the count hook cannot interrupt
    const std::string chunk = "@" + path_to_utf8(p);
    if (luaL_loadbufferx(L, file.text.data(), file.text.size(), chunk.c_str(), "t") != LUA_OK) {
        lua_pushnil(L);    // msg nil
        lua_insert(L, -2); // nil msg
        return 2;
    }
    return 1; // fn
}

// The name argument of dofile, loadfile or require. Raises when it holds a NUL byte: the
// file system would see only what comes before it, so "x.lua\0zz" would load x.lua.
const char* check_name(lua_State* L, const char* fname) {
    std::size_t len = 0;
    const char* name = luaL_checklstring(L, 1, &len);
    if (std::string_view(name).size() != len)
        luaL_error(L, "%s: the name holds a NUL byte ('\\0'), which no file or module name may",
                   fname);
    return name;
}

// Resolves a dofile/loadfile name inside the scripts folder; empty when it would leave it.
fs::path resolve(lua_State* L, const char* name) {
    if (std::strlen(name) > max_name_bytes) return {};
    const fs::path folder = folder_of(L);
    fs::path p = path_from_utf8(name);
    if (p.is_relative()) p = folder / p;
    return inside(folder, p);
}

// A name as errors quote it: at most 80 bytes of it, always valid UTF-8.
std::string shown(std::string_view name) {
    if (name.size() <= 80) return "'" + valid_utf8(name) + "'";
    return "'" + valid_utf8(name.substr(0, 80)) + "...' (" + std::to_string(name.size()) +
           " bytes)";
}

// Pushes nil and the message for a name outside the scripts folder (or too long to be a
// path: resolving a name of millions of parts would take as many file system calls).
int outside(lua_State* L, const char* fname, const char* name) {
    lua_pushnil(L); // nil
    if (std::strlen(name) > max_name_bytes) {
        lua_pushfstring(L, "%s: a file name of %d bytes is too long (at most %d)", fname,
                        static_cast<int>(std::strlen(name)),
                        static_cast<int>(max_name_bytes)); // nil msg
        return 2;
    }
    lua_pushfstring(L, "%s: %s is outside the scripts folder (%s)", fname, shown(name).c_str(),
                    path_to_utf8(folder_of(L)).c_str()); // nil msg
    return 2;
}

// loadfile([filename [, mode [, env]]]): text only, inside the scripts folder; nil and a
// message on failure, as Lua's own.
int sandbox_loadfile(lua_State* L) {
    const char* name = check_name(L, "loadfile");
    luaL_optstring(L, 2, "t"); // the mode is always text: binary chunks can crash the VM
    const bool has_env = !lua_isnone(L, 3);
    const fs::path p = resolve(L, name);
    const int n = p.empty() ? outside(L, "loadfile", name) : load_file(L, p); // fn | nil msg
    if (n == 1 && has_env) {
        lua_pushvalue(L, 3);                          // fn env
        if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1); // fn
    }
    return n;
}

// dofile(filename): inside the scripts folder; raises on failure, naming the file.
int sandbox_dofile(lua_State* L) {
    const char* name = check_name(L, "dofile");
    lua_settop(L, 1); // name
    const fs::path p = resolve(L, name);
    const int n = p.empty() ? outside(L, "dofile", name) : load_file(L, p); // name fn | nil msg
    if (n != 1) return lua_error(L);
    lua_call(L, 0, LUA_MULTRET); // name results...
    return lua_gettop(L) - 1;
}

// Feeds load() from a reader function, counting what it returns: past the chunk limit, or
// once the budget is spent, the load fails. Upvalue 1: the reader; 2: bytes so far.
int counted_reader(lua_State* L) {
    charge(L, 0);
    lua_settop(L, 0);
    lua_pushvalue(L, lua_upvalueindex(1)); // reader
    lua_call(L, 0, 1);                     // piece
    if (!lua_isstring(L, 1)) return 1;     // nil, or an error load reports itself
    const lua_Integer total =
        lua_tointeger(L, lua_upvalueindex(2)) + static_cast<lua_Integer>(lua_rawlen(L, 1));
    if (static_cast<lua_Unsigned>(total) > chunk_limit(L))
        return luaL_error(L, "load: the chunk is over the limit of %d bytes",
                          static_cast<int>(chunk_limit(L)));
    charge(L, lua_rawlen(L, 1));
    lua_pushinteger(L, total);           // piece total
    lua_replace(L, lua_upvalueindex(2)); // piece
    return 1;
}

// load(chunk [, chunkname [, mode [, env]]]): the original, with the mode forced to text
// and the chunk's size bounded. Upvalue 1: the original.
int sandbox_load(lua_State* L) {
    const int n = lua_gettop(L);
    if (lua_type(L, 1) == LUA_TSTRING && lua_rawlen(L, 1) > chunk_limit(L)) {
        lua_pushnil(L); // args... nil
        lua_pushfstring(L, "load: the chunk of %I bytes is over the limit of %I bytes",
                        static_cast<lua_Integer>(lua_rawlen(L, 1)),
                        static_cast<lua_Integer>(chunk_limit(L))); // args... nil msg
        return 2;
    }
    if (lua_type(L, 1) == LUA_TSTRING) charge(L, lua_rawlen(L, 1));
    if (lua_type(L, 1) == LUA_TFUNCTION) {
        lua_pushvalue(L, 1);                    // args... reader
        lua_pushinteger(L, 0);                  // args... reader 0
        lua_pushcclosure(L, counted_reader, 2); // args... counted
        lua_replace(L, 1);                      // counted args...
    }
    lua_settop(L, std::max(n, 3)); // chunk name mode [env]
    lua_pushliteral(L, "t");       // chunk name mode [env] "t"
    lua_replace(L, 3);             // chunk name "t" [env]
    return call_original(L);
}

// Whether `name` is parts of [A-Za-z0-9_-] joined by single dots.
bool valid_module_name(std::string_view name) {
    if (name.size() > max_module_name_bytes) return false;
    bool part_empty = true;
    for (const char c : name) {
        if (c == '.') {
            if (part_empty) return false;
            part_empty = true;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '_' || c == '-') {
            part_empty = false;
        } else {
            return false;
        }
    }
    return !part_empty;
}

// "a/b" for the module "a.b".
std::string rel_name(std::string name) {
    std::replace(name.begin(), name.end(), '.', '/');
    return name;
}

// The file of a valid module name: lib/a/b.lua for "a.b", inside the scripts folder. Raises
// when it leads outside (lib/ or the file a symlink to elsewhere), saying nothing of what
// lies there.
fs::path module_file(lua_State* L, const std::string& name) {
    const std::string rel = rel_name(name);
    const fs::path lib = folder_of(L) / "lib";
    const fs::path p = lib / path_from_utf8(rel + ".lua");
    const fs::path real = inside(lib, p);
    if (real.empty())
        luaL_error(L,
                   "module '%s': lib/%s.lua leads outside the scripts folder's lib/ or "
                   "nowhere (a symlink?); require reads only files inside it",
                   name.c_str(), rel.c_str());
    return real;
}

// Pushes the module `name` from package.loaded or the libraries, or nothing (returns false).
bool push_loaded(lua_State* L, const char* name) {
    luaL_getsubtable(L, LUA_REGISTRYINDEX, loaded_key); // loaded
    if (lua_getfield(L, -1, name) != LUA_TNIL) {        // loaded mod
        lua_remove(L, -2);                              // mod
        return true;
    }
    lua_pop(L, 2); // (empty)
    // The libraries the host adds later (hooks) are tables in the registry's LOADED; the
    // functions there only name originals in error messages and are never handed out.
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE); // LOADED
    if (lua_getfield(L, -1, name) == LUA_TTABLE) {            // LOADED mod
        lua_remove(L, -2);                                    // mod
        luaL_getsubtable(L, LUA_REGISTRYINDEX, loaded_key);   // mod loaded
        lua_pushvalue(L, -2);                                 // mod loaded mod
        lua_setfield(L, -2, name);                            // mod loaded
        lua_pop(L, 1);                                        // mod
        return true;
    }
    lua_pop(L, 2); // (empty)
    return false;
}

// require(name): a library, "hooks", or a module from the scripts folder's lib/ only.
int sandbox_require(lua_State* L) {
    const char* name = check_name(L, "require");
    lua_settop(L, 1); // name
    if (push_loaded(L, name)) return 1;
    if (!valid_module_name(name))
        return luaL_error(L,
                          "require %s: a module name is letters, digits, '_' and '-', in "
                          "parts joined by single dots ('util', 'net.http'), and names "
                          "lib/util.lua or lib/net/http.lua in the scripts folder (at most 255 "
                          "bytes)",
                          shown(name).c_str());
    const fs::path p = module_file(L, name);
    std::error_code ec;
    if (!fs::exists(p, ec))
        return luaL_error(L,
                          "module '%s' not found: require looks only in the scripts folder's "
                          "lib/ (there is no lib/%s.lua)",
                          name, rel_name(name).c_str());
    if (load_file(L, p) != 1) // name fn | name nil msg
        return luaL_error(L, "error loading module '%s': %s", name, lua_tostring(L, -1));
    lua_pushvalue(L, 1);                        // name fn name
    lua_pushstring(L, path_to_utf8(p).c_str()); // name fn name path
    lua_call(L, 2, 1);                          // name mod
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);         // name
        lua_pushboolean(L, 1); // name true
    }
    luaL_getsubtable(L, LUA_REGISTRYINDEX, loaded_key); // name mod loaded
    lua_pushvalue(L, -2);                               // name mod loaded mod
    lua_setfield(L, -2, name);                          // name mod loaded
    lua_pop(L, 1);                                      // name mod
    return 1;
}

} // namespace

void restrict_loading(lua_State* L) {
    lua_pushglobaltable(L); // G
    const int g = lua_gettop(L);
    lua_pushcfunction(L, sandbox_dofile);   // G dofile
    lua_setfield(L, g, "dofile");           // G
    lua_pushcfunction(L, sandbox_loadfile); // G loadfile
    lua_setfield(L, g, "loadfile");         // G
    wrap_field(L, g, LUA_GNAME, "load", sandbox_load);
    lua_pushcfunction(L, sandbox_require); // G require
    lua_setfield(L, g, "require");         // G
    // package shows what require has loaded; no loadlib, no searchers, no path.
    lua_newtable(L);                                    // G package
    luaL_getsubtable(L, LUA_REGISTRYINDEX, loaded_key); // G package loaded
    for (const char* lib : {LUA_GNAME, LUA_STRLIBNAME, LUA_TABLIBNAME, LUA_MATHLIBNAME,
                            LUA_UTF8LIBNAME, LUA_COLIBNAME, LUA_OSLIBNAME}) {
        lua_getglobal(L, lib);    // G package loaded lib
        lua_setfield(L, -2, lib); // G package loaded
    }
    lua_setfield(L, -2, "loaded"); // G package
    lua_setfield(L, g, "package"); // G
    lua_pop(L, 1);                 // (empty)
}

} // namespace oh::sandbox
