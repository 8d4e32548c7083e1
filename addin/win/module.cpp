#include "module.h"

#include "com_ptr.h"

#include <atomic>
#include <mutex>
#include <vector>

namespace oh::win {

namespace {

HMODULE g_module = nullptr;
std::atomic<long> g_objects{0};
std::atomic<long> g_locks{0};

// Never destroyed: a global with a destructor would run at DLL_PROCESS_DETACH, where calling
// into COM objects is not allowed. Objects still listed then belong to a process that is ending.
struct Kept {
    std::mutex mutex;
    std::vector<ComPtr<IUnknown>> objects;
};
Kept& kept() {
    static Kept* k = new Kept;
    return *k;
}

// True when our reference is the only one left. AddRef/Release return the count exactly for
// our own objects (the sink counts atomically), which is all this is used for.
bool only_ours(IUnknown* p) {
    p->AddRef();
    return p->Release() == 1;
}

} // namespace

HMODULE this_module() {
    return g_module;
}
void set_this_module(HMODULE module) {
    g_module = module;
}

std::wstring module_path(HMODULE module) {
    std::wstring path(MAX_PATH, L'\0');
    for (;;) { // paths longer than MAX_PATH: grow until the whole path fits
        const DWORD n = GetModuleFileNameW(module, path.data(), static_cast<DWORD>(path.size()));
        if (n == 0) return {};
        if (n < path.size()) {
            path.resize(n);
            return path;
        }
        path.resize(path.size() * 2);
    }
}

void object_created() {
    g_objects.fetch_add(1);
}
void object_destroyed() {
    g_objects.fetch_sub(1);
}
void lock_server(bool lock) {
    if (lock)
        g_locks.fetch_add(1);
    else
        g_locks.fetch_sub(1);
}

void keep_until_released(IUnknown* object) {
    if (!object) return;
    auto held = ComPtr<IUnknown>::share(object);
    std::lock_guard lock(kept().mutex);
    kept().objects.push_back(std::move(held));
}

bool can_unload() {
    std::vector<ComPtr<IUnknown>> released;
    bool kept_any = false;
    {
        std::lock_guard lock(kept().mutex);
        auto& objects = kept().objects;
        for (auto it = objects.begin(); it != objects.end();) {
            if (only_ours(it->get())) {
                released.push_back(std::move(*it));
                it = objects.erase(it);
            } else {
                ++it;
            }
        }
        kept_any = !objects.empty();
    }
    released.clear(); // the final Release, outside the lock
    return !kept_any && g_objects.load() == 0 && g_locks.load() == 0;
}

} // namespace oh::win
