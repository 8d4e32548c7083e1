#include "win_platform.h"

namespace oh::win {

void WinPlatform::notify(const std::string& script, const std::string& title,
                         const std::string& text) {
    // Logged too: a balloon is gone in seconds, and some machines show none.
    log_.write(LogLevel::info, "notification: " + title + ": " + text, script);
    notifier_.show(title, text);
}

void WinPlatform::run(const RunRequest& request, RunDone done) {
    std::string line;
    for (const auto& a : request.argv) {
        if (!line.empty()) line += ' ';
        line += a;
    }
    log_.write(LogLevel::debug, "run #" + std::to_string(request.id) + ": " + line, request.script);
    runner_.run(request, std::move(done));
}

} // namespace oh::win
