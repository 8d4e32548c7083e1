// The file side of hooks.store: a lock shared with other processes, appending one line,
// replacing the whole file through a temporary file of a unique name, and keeping a damaged
// file aside. Paths are std::filesystem::path built with path_from_utf8.
#pragma once

#include "result.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace oh {

// An exclusive lock on "<store>.lock", held while this object lives: two processes (two
// Outlook profiles, `fakehost run --store` next to Outlook) never append while the other
// replaces the file, so neither loses the other's lines. Waits up to 0.1 s.
class StoreLock {
  public:
    explicit StoreLock(const std::filesystem::path& store_file);
    ~StoreLock();
    StoreLock(const StoreLock&) = delete;
    StoreLock& operator=(const StoreLock&) = delete;
    // False when another process held the lock all the time we waited. A lock file that
    // cannot be created (read-only folder) is not an error here: the write then fails
    // with its own reason.
    bool busy() const { return busy_; }

  private:
    int fd_ = -1;
    bool busy_ = false;
};

// Appends `line` and flushes it (one write). On success `size` is the file's size afterwards
// (left as it was if that cannot be told); on failure it is left as it was.
Status append_to_file(const std::filesystem::path& p, std::string_view line, std::uintmax_t& size);

// Writes `text` to a temporary file of a name no other process uses, flushes it to disk and
// renames it over `p`: a reader sees the old file or the new one, never a part.
Status replace_file(const std::filesystem::path& p, std::string_view text);

// Removes the temporary files of `p` that a process killed in the middle of a rewrite left
// behind: those older than a rewrite could ever take (a live one is never touched).
void remove_stale_temps(const std::filesystem::path& p);

// Copies `p` to "<p>.damaged-<UTC time>" (a new name if that exists); returns the copy's
// path, or why it could not.
Result<std::filesystem::path> keep_aside(const std::filesystem::path& p);

} // namespace oh
