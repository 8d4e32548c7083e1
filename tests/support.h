// Shared by the Catch2 tests: temporary scripts folders and fake hosts built on them.
#pragma once

#include "fake_host.h"
#include "text_file.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace oh::test {

namespace fs = std::filesystem;

// A scripts folder of its own, removed at the end of the test.
class ScriptDir {
  public:
    ScriptDir() {
        static std::atomic<int> counter{0};
        std::random_device rd;
        dir_ = fs::temp_directory_path() /
               ("oh-test-" + std::to_string(rd()) + "-" + std::to_string(counter++));
        fs::create_directories(dir_);
    }
    ~ScriptDir() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    ScriptDir(const ScriptDir&) = delete;
    ScriptDir& operator=(const ScriptDir&) = delete;

    fs::path write(const std::string& name, const std::string& text) const {
        const fs::path p = dir_ / path_from_utf8(name);
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
        return p;
    }
    const fs::path& path() const { return dir_; }

  private:
    fs::path dir_;
};

// Any temporary folder of a test's own (a journal's, a scenario's): the same thing.
using TempDir = ScriptDir;

inline std::unique_ptr<FakeHost> start_host(const ScriptDir& dir, FakeHostOptions o = {}) {
    o.dir = dir.path();
    auto host = std::make_unique<FakeHost>(std::move(o));
    if (Status started = host->start(); !started.ok())
        throw std::runtime_error("the fake add-in did not start: " + started.error());
    return host;
}

// The messages a script logged (the host's own lines left out), optionally at one level.
inline std::vector<std::string> messages(FakeHost& h, const char* level = nullptr) {
    std::vector<std::string> out;
    for (const auto& l : h.record().logs)
        if (!l.record.script.empty() && (!level || std::string(level) == to_string(l.record.level)))
            out.push_back(l.record.message);
    return out;
}

inline bool any_contains(const std::vector<std::string>& v, const std::string& needle) {
    for (const auto& s : v)
        if (s.find(needle) != std::string::npos) return true;
    return false;
}

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The MAPIOFFLINE_NOTIFY Outlook sends for the CHANGE phase of a transition into `to`.
inline MAPIOFFLINE_NOTIFY change_to(State to) {
    MAPIOFFLINE_NOTIFY n{};
    n.ulSize = sizeof n;
    n.NotifyType = MAPIOFFLINE_NOTIFY_TYPE_STATECHANGE;
    n.ulClientToken = 0x4F48;
    n.Info.StateChange.ulMask = MAPIOFFLINE_STATE_OFFLINE_MASK;
    const bool offline = to == State::offline;
    n.Info.StateChange.ulStateOld = offline ? MAPIOFFLINE_STATE_ONLINE : MAPIOFFLINE_STATE_OFFLINE;
    n.Info.StateChange.ulStateNew = offline ? MAPIOFFLINE_STATE_OFFLINE : MAPIOFFLINE_STATE_ONLINE;
    return n;
}

} // namespace oh::test
