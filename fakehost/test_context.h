// What a test file's Lua state knows about its run: where the file is, the hosts its
// current test made, and when that test must be stopped.
#pragma once

#include "fake_host.h"

#include <filesystem>
#include <memory>
#include <vector>

struct lua_State;

namespace oh {

struct TestContext {
    std::filesystem::path test_dir;
    std::vector<std::shared_ptr<FakeHost>> hosts;
    double deadline = 0.0;

    static TestContext& of(lua_State* L);
    void stop_hosts() {
        for (auto& h : hosts) h->stop();
        hosts.clear();
    }
};

} // namespace oh
