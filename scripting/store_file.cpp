#include "store_file.h"

#include "long_path.h"
#include "text_file.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <random>
#include <system_error>
#include <thread>
#include <vector>

#ifdef _WIN32
#include <fcntl.h>       // _O_RDWR, _O_CREAT: C runtime headers, not Windows ones
#include <io.h>          // _wsopen_s, _locking, _close, _commit
#include <process.h>     // _getpid
#include <share.h>       // _SH_DENYNO
#include <sys/locking.h> // _LK_NBLCK, _LK_UNLCK
#include <sys/stat.h>
#else
#include <fcntl.h>
#include <sys/file.h> // flock: per open file, so two engines in one process exclude too
#include <unistd.h>
#endif

namespace oh {

namespace fs = std::filesystem;

namespace {

// Another process holds the lock for one append, or one rewrite of at most the store's 1 MiB:
// a short wait, well inside a handler's budget (a set runs in a handler).
constexpr auto lock_wait = std::chrono::milliseconds(100);

std::string what_failed(const char* doing, const fs::path& p) {
    return std::string("cannot ") + doing + " " + path_to_utf8(p) + ": " + std::strerror(errno);
}

fs::path with_suffix(const fs::path& p, std::string_view suffix) {
    fs::path out = p;
    out += path_from_utf8(suffix);
    return out;
}

#ifdef _WIN32
int open_lock_file(const fs::path& p) {
    int fd = -1;
    if (_wsopen_s(&fd, os_path(p).c_str(), _O_RDWR | _O_CREAT | _O_BINARY | _O_NOINHERIT,
                  _SH_DENYNO, _S_IREAD | _S_IWRITE) != 0)
        return -1;
    return fd;
}
bool try_lock(int fd) {
    _lseek(fd, 0, SEEK_SET);
    return _locking(fd, _LK_NBLCK, 1) == 0;
}
void unlock_and_close(int fd) {
    _lseek(fd, 0, SEEK_SET);
    _locking(fd, _LK_UNLCK, 1);
    _close(fd);
}
long process_id() {
    return _getpid();
}
std::FILE* open_file(const fs::path& p, const wchar_t* mode) {
    return _wfsopen(os_path(p).c_str(), mode, _SH_DENYNO);
}
bool flush_to_disk(std::FILE* f) {
    return _commit(_fileno(f)) == 0;
}
#define OH_MODE(m) L##m
#else
int open_lock_file(const fs::path& p) {
    return ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
}
bool try_lock(int fd) {
    return ::flock(fd, LOCK_EX | LOCK_NB) == 0;
}
void unlock_and_close(int fd) {
    ::flock(fd, LOCK_UN);
    ::close(fd);
}
long process_id() {
    return static_cast<long>(::getpid());
}
std::FILE* open_file(const fs::path& p, const char* mode) {
    return std::fopen(p.c_str(), mode);
}
bool flush_to_disk(std::FILE* f) {
    return ::fsync(::fileno(f)) == 0;
}
#define OH_MODE(m) m
#endif

// "<p>.tmp-<pid>-<counter>-<random>": unique among processes and within one.
fs::path temp_name(const fs::path& p) {
    static std::atomic<unsigned> counter{0};
    static const unsigned salt = std::random_device{}();
    char buf[64];
    std::snprintf(buf, sizeof buf, ".tmp-%ld-%u-%08x", process_id(), counter++, salt);
    return with_suffix(p, buf);
}

} // namespace

StoreLock::StoreLock(const fs::path& store_file) {
    fd_ = open_lock_file(with_suffix(store_file, ".lock"));
    if (fd_ < 0) return;
    const auto until = std::chrono::steady_clock::now() + lock_wait;
    while (!try_lock(fd_)) {
        if (std::chrono::steady_clock::now() >= until) {
            busy_ = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

StoreLock::~StoreLock() {
    if (fd_ < 0) return;
    if (busy_) {
#ifdef _WIN32
        _close(fd_);
#else
        ::close(fd_);
#endif
        return;
    }
    unlock_and_close(fd_);
}

Status append_to_file(const fs::path& p, std::string_view line, std::uintmax_t& size) {
    std::FILE* f = open_file(p, OH_MODE("ab"));
    if (!f) return fail(what_failed("write", p));
    const bool ok =
        std::fwrite(line.data(), 1, line.size(), f) == line.size() && std::fflush(f) == 0;
    const long end = ok ? std::ftell(f) : -1;
    if (std::fclose(f) != 0 || !ok) return fail(what_failed("write", p));
    if (end >= 0) size = static_cast<std::uintmax_t>(end);
    return {};
}

Status replace_file(const fs::path& p, std::string_view text) {
    const fs::path tmp = temp_name(p);
    std::FILE* f = open_file(tmp, OH_MODE("wb"));
    if (!f) return fail(what_failed("write", tmp));
    const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size() &&
                    std::fflush(f) == 0 && flush_to_disk(f);
    const bool closed = std::fclose(f) == 0;
    std::error_code ec;
    if (ok && closed) {
        fs::rename(os_path(tmp), os_path(p), ec);
        if (!ec) return {};
    }
    const std::string error = ok && closed
                                  ? "cannot replace " + path_to_utf8(p) + ": " + ec.message()
                                  : what_failed("write", tmp);
    fs::remove(os_path(tmp), ec);
    return fail(error);
}

void remove_stale_temps(const fs::path& p) {
    // A rewrite writes at most the store's 1 MiB; ten minutes is far past any that is alive.
    constexpr auto stale_after = std::chrono::minutes(10);
    const std::string prefix = path_to_utf8(p.filename()) + ".tmp-";
    const FolderListing listing = list_folder(p.parent_path());
    if (!listing.status.ok()) return;
    const auto now = fs::file_time_type::clock::now();
    for (const auto& e : listing.entries) {
        if (e.type != fs::file_type::regular || e.is_link) continue;
        if (path_to_utf8(e.path.filename()).rfind(prefix, 0) != 0) continue;
        std::error_code ec;
        const auto written = fs::last_write_time(os_path(e.path), ec);
        if (!ec && now - written > stale_after) fs::remove(os_path(e.path), ec);
    }
}

Result<fs::path> keep_aside(const fs::path& p) {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
#ifdef _WIN32
    gmtime_s(&utc, &now);
#else
    gmtime_r(&now, &utc);
#endif
    char stamp[32];
    std::strftime(stamp, sizeof stamp, ".damaged-%Y%m%d-%H%M%S", &utc);
    std::error_code ec;
    for (int n = 1; n < 100; ++n) {
        const fs::path aside =
            with_suffix(p, n == 1 ? std::string(stamp) : stamp + ("-" + std::to_string(n)));
        if (fs::exists(os_path(aside), ec)) continue;
        if (fs::copy_file(os_path(p), os_path(aside), fs::copy_options::none, ec)) return aside;
        return fail("cannot copy " + path_to_utf8(p) + " to " + path_to_utf8(aside) + ": " +
                    ec.message());
    }
    return fail("cannot find a free name to keep " + path_to_utf8(p) + " aside");
}

} // namespace oh
