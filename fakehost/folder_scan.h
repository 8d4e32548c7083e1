// Listing the files of a folder the user gave without ever throwing: a symbolic link loop, a
// dangling link, an unreadable folder or a FIFO named like a script is skipped with a warning
// that names it, and the listing goes on (`fakehost check` and `fakehost test`).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace oh {

struct FolderScan {
    std::vector<std::filesystem::path> files; // regular files that matched, sorted
    std::vector<std::string> warnings;        // "<path>: <why it was skipped>"
};

// The regular files of `dir` whose name `wanted` accepts; with `recursive`, also those in its
// sub-folders (not the ones reached through symbolic links, nor hidden ones starting with
// '.'). An entry with a wanted name that is not a regular file, and an entry whose type
// cannot be found out at all (a link loop), is a warning.
FolderScan scan_folder_files(const std::filesystem::path& dir, bool recursive,
                             const std::function<bool(const std::string& name)>& wanted);

} // namespace oh
