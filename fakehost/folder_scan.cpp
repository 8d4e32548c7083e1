#include "folder_scan.h"

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

    void folder(const fs::path& dir, int depth) {
        std::error_code ec;
        fs::directory_iterator it(dir, ec);
        if (ec) return warn(dir, "cannot read the folder: " + ec.message());
        for (; it != fs::directory_iterator(); it.increment(ec)) {
            entry(*it, depth);
            ec.clear();
        }
        if (ec) warn(dir, "cannot read the whole folder: " + ec.message());
    }

    FolderScan result() {
        std::sort(scan_.files.begin(), scan_.files.end());
        return std::move(scan_);
    }

  private:
    void warn(const fs::path& p, const std::string& why) {
        scan_.warnings.push_back(path_to_utf8(p) + ": " + why + "; skipped");
    }

    void entry(const fs::directory_entry& e, int depth) {
        std::error_code ec;
        const std::string name = path_to_utf8(e.path().filename());
        const fs::file_status own = e.symlink_status(ec);
        if (ec) return warn(e.path(), ec.message());
        if (recursive_ && fs::is_directory(own)) {
            if (name.empty() || name[0] == '.') return;
            if (depth >= max_depth) return warn(e.path(), "folders nested too deep");
            return folder(e.path(), depth + 1);
        }
        const fs::file_status st = e.status(ec); // follows a link
        if (ec && ec != std::errc::no_such_file_or_directory)
            return warn(e.path(), ec.message()); // a link loop, a link that cannot be read
        if (!wanted_(name)) return;
        if (!fs::is_regular_file(st))
            return warn(e.path(), std::string("is ") +
                                      kind_of(ec ? fs::file_type::not_found : st.type()) +
                                      ", not a regular file");
        scan_.files.push_back(e.path());
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
