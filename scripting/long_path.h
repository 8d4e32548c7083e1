// Long paths, and listing a folder, the same way on every platform.
//
// On Windows most file functions refuse a path of MAX_PATH (260) characters or more unless it
// is written in the "\\?\" form, and MinGW's std::filesystem::directory_iterator fails on such
// a folder (ENOENT), or, given the "\\?\" form, silently lists the current folder instead
// (GCC 12, measured under Wine 8). Yet the "\\?\"
// form cannot stay in a path the engine works with: it turns off "." and ".." handling,
// libstdc++'s lexically_relative and canonical fail on it, and users would see "//?/C:/..." in
// messages. So paths inside OfflineHooks stay plain, as users wrote them and see them, and
// only the call into the file system gets os_path(p). On POSIX os_path returns p.
#pragma once

#include "result.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace oh {

// From this length on, os_path gives the "\\?\" form (CreateDirectoryW's limit, MAX_PATH - 12,
// so that a short file name appended to a folder's path never crosses MAX_PATH unnoticed).
inline constexpr std::size_t kLongPathFrom = 248;

// The form of `p` to hand to a file function: on Windows, a path whose absolute form has
// kLongPathFrom characters or more becomes "\\?\C:\..." or "\\?\UNC\server\share\...";
// anything else, and every path on POSIX, comes back unchanged.
std::filesystem::path os_path(const std::filesystem::path& p);

// The rule behind os_path, on a Windows path held in any string (so that it is tested on
// every platform): "C:\a\..\b" and "C:/a/./b" -> "\\?\C:\b" and "\\?\C:\a\b";
// "\\server\share\x" -> "\\?\UNC\server\share\x". Already "\\?\" or "\\.\": unchanged;
// a relative path (no drive or server): unchanged.
std::wstring windows_long_form(std::wstring_view path);

// The "\\?\" prefix taken off again ("\\?\UNC\s\x" -> "\\s\x"), for a path a user gave
// in that form; anything else unchanged.
std::wstring windows_plain_form(std::wstring_view path);

struct FolderEntry {
    std::filesystem::path path; // dir / name, in the plain form
    // What the entry is, symlinks followed; file_type::unknown when that cannot be found out
    // (a symlink loop, a dangling link, no permission): the caller skips it, with a warning.
    std::filesystem::file_type type = std::filesystem::file_type::unknown;
    bool is_link = false; // a symlink or another reparse point (junction): not walked into
    std::string why;      // with file_type::unknown: the reason ("Too many levels of ...")
};

// What list_folder read. A listing can fail part way (an I/O error after some entries), and
// callers still use what it read, so this holds both rather than being a Result.
struct [[nodiscard]] FolderListing {
    std::vector<FolderEntry> entries; // in no particular order; "." and ".." left out
    Status status; // failed: the reason ("No such file or directory", ...); entries may be partial
};

// The entries of `dir`. Never throws.
FolderListing list_folder(const std::filesystem::path& dir);

// An entry a listing passed over, and why ("Too many levels of symbolic links").
struct SkippedEntry {
    std::filesystem::path path;
    std::string why;
};

// Every regular file under `dir` and its subfolders (symlinked folders are not walked into,
// and at most 16 levels deep), in no particular order. What cannot be read is left out and,
// with `skipped`, named there.
std::vector<std::filesystem::path> files_under(const std::filesystem::path& dir,
                                               std::vector<SkippedEntry>* skipped = nullptr);

// The name earlier Windows builds gave a file they named from UTF-8 text: each byte read
// as the character of that code (ISO 8859-1), so "café.store" became "cafÃ©.store".
std::string mingw_misread(std::string_view utf8);

// On Windows: when `file` does not exist but the same name as mingw_misread() spells it does,
// the latter is renamed to `file` (a store saved by an earlier version is found again). Does
// nothing on POSIX, where earlier versions named files right.
void adopt_misread_file(const std::filesystem::path& dir, const std::string& utf8_name);

} // namespace oh
