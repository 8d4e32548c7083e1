#include "cli.h"

#include <cstdio>

#ifndef OH_BUNDLED_SCRIPTS
#define OH_BUNDLED_SCRIPTS ""
#endif

namespace oh::cli {

namespace fs = std::filesystem;

bool Args::flag(const char* name) {
    for (auto it = args_.begin(); it != args_.end(); ++it) {
        if (*it != name) continue;
        args_.erase(it);
        return true;
    }
    return false;
}

std::optional<std::string> Args::value(const char* name) {
    std::optional<std::string> v = take_value(name);
    // A second one would be left for rest() to call an unknown option: say what it is.
    if (v && take_value(name) && error_.empty())
        error_ = std::string(name) + " is given twice (give it once)";
    return v;
}

std::optional<std::string> Args::take_value(const char* name) {
    const std::string eq = std::string(name) + "=";
    for (auto it = args_.begin(); it != args_.end(); ++it) {
        if (it->rfind(eq, 0) == 0) {
            std::string v = it->substr(eq.size());
            args_.erase(it);
            return v;
        }
        if (*it != name) continue;
        if (std::next(it) == args_.end()) {
            if (error_.empty()) error_ = std::string(name) + " needs a value";
            args_.erase(it);
            return std::nullopt;
        }
        std::string v = *std::next(it);
        args_.erase(it, it + 2);
        return v;
    }
    return std::nullopt;
}

std::vector<std::string> Args::rest() {
    for (const auto& a : args_)
        if (a.size() > 1 && a[0] == '-' && error_.empty()) error_ = "unknown option " + a;
    return args_;
}

int Args::usage_error(const std::string& message) const {
    std::fprintf(stderr, "fakehost %s: %s (see fakehost --help)\n", command_.c_str(),
                 message.c_str());
    return 2;
}

fs::path bundled_scripts(const char* argv0) {
    std::error_code ec;
    const fs::path exe = fs::weakly_canonical(fs::absolute(argv0 ? argv0 : ""), ec);
    for (const fs::path& p :
         {exe.parent_path() / "scripts",
          exe.parent_path().parent_path() / "share" / "offlinehooks" / "scripts",
          fs::path(OH_BUNDLED_SCRIPTS)})
        if (!p.empty() && fs::is_directory(p, ec)) return p;
    return fs::path(OH_BUNDLED_SCRIPTS);
}

} // namespace oh::cli
