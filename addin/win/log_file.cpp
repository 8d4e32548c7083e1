#include "log_file.h"

#include "long_path.h"
#include "utf16.h"

#include <cstdio>
#include <system_error>

namespace oh::win {

namespace {

// 100 ns intervals between 1601-01-01 (FILETIME) and 1970-01-01 (Unix).
constexpr double kUnixEpochAsFiletime = 116444736000000000.0;

FILETIME to_filetime(double unix_seconds) {
    const auto ticks = static_cast<ULONGLONG>(unix_seconds * 1e7 + kUnixEpochAsFiletime);
    FILETIME ft;
    ft.dwLowDateTime = static_cast<DWORD>(ticks & 0xFFFFFFFFu);
    ft.dwHighDateTime = static_cast<DWORD>(ticks >> 32);
    return ft;
}

LONGLONG as_ticks(const SYSTEMTIME& st) {
    FILETIME ft{};
    SystemTimeToFileTime(&st, &ft);
    return static_cast<LONGLONG>((static_cast<ULONGLONG>(ft.dwHighDateTime) << 32) |
                                 ft.dwLowDateTime);
}

std::string format_time(double unix_seconds) {
    const FILETIME ft = to_filetime(unix_seconds);
    SYSTEMTIME utc{};
    SYSTEMTIME local{};
    if (!FileTimeToSystemTime(&ft, &utc) || !SystemTimeToTzSpecificLocalTime(nullptr, &utc, &local))
        return "(time unknown)";
    const long offset_minutes = static_cast<long>((as_ticks(local) - as_ticks(utc)) / 600000000LL);
    const long abs_offset = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04u-%02u-%02uT%02u:%02u:%02u.%03u%c%02ld:%02ld", local.wYear,
                  local.wMonth, local.wDay, local.wHour, local.wMinute, local.wSecond,
                  local.wMilliseconds, offset_minutes < 0 ? '-' : '+', abs_offset / 60,
                  abs_offset % 60);
    return buf;
}

const char* level_text(LogLevel level) {
    switch (level) {
    case LogLevel::debug:
        return "DEBUG";
    case LogLevel::info:
        return "INFO ";
    case LogLevel::warn:
        return "WARN ";
    case LogLevel::error:
        return "ERROR";
    }
    return "?    ";
}

// One record, one line: tracebacks and multi-line messages are folded.
std::string one_line(const std::string& message) {
    std::string out;
    out.reserve(message.size());
    for (std::size_t i = 0; i < message.size(); ++i) {
        const char c = message[i];
        if (c == '\r') continue;
        if (c == '\n') {
            out += " | ";
            while (i + 1 < message.size() && message[i + 1] == '\t') ++i;
        } else if (c == '\t') {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

UniqueHandle open_for_append(const std::filesystem::path& path) {
    // FILE_APPEND_DATA without FILE_WRITE_DATA: every WriteFile appends atomically. Shared for
    // reading and deleting, so that users can open, copy or remove the log while Outlook runs.
    return UniqueHandle(CreateFileW(os_path(path).c_str(), FILE_APPEND_DATA | SYNCHRONIZE,
                                    FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                                    OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr));
}

} // namespace

double unix_now() {
    FILETIME ft{};
    GetSystemTimeAsFileTime(&ft); // Windows 7 has no ...Precise... variant
    const ULONGLONG ticks = (static_cast<ULONGLONG>(ft.dwHighDateTime) << 32) | ft.dwLowDateTime;
    return (static_cast<double>(ticks) - kUnixEpochAsFiletime) / 1e7;
}

std::string format_log_line(const LogRecord& record) {
    std::string line = format_time(record.time);
    line += ' ';
    line += level_text(record.level);
    line += " [";
    line += record.script.empty() ? std::string("OfflineHooks") : record.script;
    line += "] ";
    line += one_line(record.message);
    return line;
}

LogFile::LogFile(std::filesystem::path path, LogLevel min_level)
    : path_(std::move(path)), min_level_(min_level) {
    std::error_code ec;
    std::filesystem::create_directories(os_path(path_.parent_path()), ec);
    if (std::filesystem::file_size(os_path(path_), ec) > kRotateBytes && !ec) {
        std::filesystem::path old = path_;
        old += ".1";
        std::filesystem::rename(os_path(path_), os_path(old), ec); // replaces an older .1
    }
    file_ = open_for_append(path_);
}

void LogFile::write(const LogRecord& record) {
    if (record.level >= min_level_) append(record);
}

void LogFile::write_unfiltered(LogLevel level, const std::string& message) {
    append(LogRecord{level, {}, message, unix_now()});
}

void LogFile::append(const LogRecord& record) {
    const std::string line = format_log_line(record) + "\r\n";
    if (is_open()) {
        DWORD written = 0;
        WriteFile(file_.get(), line.data(), static_cast<DWORD>(line.size()), &written, nullptr);
    } else {
        OutputDebugStringW(to_utf16("OfflineHooks: " + line).c_str());
    }
    if (record.level == LogLevel::error)
        events_.report_error(to_utf16(record.script.empty()
                                          ? one_line(record.message)
                                          : "[" + record.script + "] " + one_line(record.message)));
}

void LogFile::write(LogLevel level, const std::string& message, const std::string& script) {
    write(LogRecord{level, script, message, unix_now()});
}

} // namespace oh::win
