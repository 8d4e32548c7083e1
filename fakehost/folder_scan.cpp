#include "folder_scan.h"

#include "long_path.h"
#include "text_file.h"

#include <algorithm>

namespace oh {

namespace fs = std::filesystem;

namespace {

// Deeper than any real scripts folder; a bound in case a file system loops without links.
constexpr int max_depth = 32;

const char* kind_of(fs::file_type t) {
    switch (t) {
    case fs::file_type::directory:
        return "a folder";
    case fs::file_type::fifo:
        return "a FIFO";
    case fs::file_type::socket:
        return "a socket";
    case fs::file_type::block:
    case fs::file_type::character:
        return "a device";
    case fs::file_type::not_found:
        return "a broken symbolic link";
    default:
        return "not a regular file";
    }
}

class Scanner {
  public:
    Scanner(bool recursive, const std::function<bool(const std::string&)>& wanted)
        : recursive_(recursive), wanted_(wanted) {}

    // list_folder, not directory_iterator: MinGW's fails on a folder past 260 characters.
    void folder(const fs::path& dir, int depth) {
        const FolderListing listing = list_folder(dir);
        if (!listing.status.ok())
            return warn(dir, "cannot read the folder: " + listing.status.error());
        for (const auto& e : listing.entries) entry(e, depth);
    }

    FolderScan result() {
        std::sort(scan_.files.begin(), scan_.files.end());
        return std::move(scan_);
    }

  private:
    void warn(const fs::path& p, const std::string& why) {
        scan_.warnings.push_back(path_to_utf8(p) + ": " + why + "; skipped");
    }

    void entry(const FolderEntry& e, int depth) {
        const std::string name = path_to_utf8(e.path.filename());
        if (recursive_ && e.type == fs::file_type::directory && !e.is_link) {
            if (name.empty() || name[0] == '.') return;
            if (depth >= max_depth) return warn(e.path, "folders nested too deep");
            return folder(e.path, depth + 1);
        }
        // A link loop, or a link that cannot be read; a dangling link is "not found".
        const bool dangling =
            e.type == fs::file_type::unknown &&
            e.why == std::make_error_code(std::errc::no_such_file_or_directory).message();
        if (e.type == fs::file_type::unknown && !dangling) return warn(e.path, e.why);
        if (!wanted_(name)) return;
        if (e.type != fs::file_type::regular)
            return warn(e.path, std::string("is ") +
                                    kind_of(dangling ? fs::file_type::not_found : e.type) +
                                    ", not a regular file");
        scan_.files.push_back(e.path);
    }

    bool recursive_;
    const std::function<bool(const std::string&)>& wanted_;
    FolderScan scan_;
};

} // namespace

FolderScan scan_folder_files(const fs::path& dir, bool recursive,
                             const std::function<bool(const std::string& name)>& wanted) {
    Scanner s(recursive, wanted);
    s.folder(dir, 0);
    return s.result();
}

} // namespace oh
