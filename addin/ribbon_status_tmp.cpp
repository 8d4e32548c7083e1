// TEMPORARY (branch h-ribbon only; deleted once h-core's definitions are merged): a stand-in
// for AddinCore::status()/set_status_changed()/request_reload() and to_string(Kind), so that
// the ribbon builds and runs before the core helper's real ones land. Publishes a snapshot
// only when a reload was requested (the real one publishes after every change).
#include "addin_core.h"
#include "engine.h"

#include <map>
#include <mutex>

namespace oh {

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

struct Published {
    EngineStatus status;
    std::function<void()> changed;
};
std::mutex g_mutex;
std::map<const AddinCore*, Published> g_published;

} // namespace

EngineStatus AddinCore::status() const {
    std::lock_guard lock(g_mutex);
    return g_published[this].status;
}

void AddinCore::set_status_changed(std::function<void()> changed) {
    std::lock_guard lock(g_mutex);
    g_published[this].changed = std::move(changed);
}

void AddinCore::request_reload() {
    engine().post([this] {
        Engine& e = engine();
        e.reload(true);
        EngineStatus s;
        for (const auto& script : e.scripts()) {
            ScriptStatus one;
            one.name = script->name();
            one.kind = script->quarantined() ? ScriptStatus::Kind::quarantined
                                             : ScriptStatus::Kind::running;
            (one.kind == ScriptStatus::Kind::running ? s.running : s.quarantined) += 1;
            s.scripts.push_back(one);
        }
        std::function<void()> changed;
        {
            std::lock_guard lock(g_mutex);
            s.version = g_published[this].status.version + 1;
            g_published[this].status = s;
            changed = g_published[this].changed;
        }
        if (changed) changed();
    });
}

} // namespace oh
