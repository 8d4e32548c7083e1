#include "long_path.h"

#include <cerrno>
#include <system_error>
#include <utility>

#ifdef _WIN32
#include <io.h> // _wfindfirst64: the C runtime's FindFirstFileW, which takes "\\?\" paths
#endif

namespace oh {

namespace fs = std::filesystem;

namespace {

bool is_separator(wchar_t c) {
    return c == L'\\' || c == L'/';
}

bool starts_with(std::wstring_view s, std::wstring_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

// "a\.\b\..\c" -> "a\c". The first `fixed` parts (a UNC path's server and share) are never
// taken away by "..", nor is the root.
std::wstring normal_parts(std::wstring_view rest, std::size_t fixed) {
    std::vector<std::wstring_view> parts;
    std::size_t i = 0;
    while (i < rest.size()) {
        std::size_t j = i;
        while (j < rest.size() && !is_separator(rest[j])) ++j;
        const std::wstring_view part = rest.substr(i, j - i);
        if (part == L"..") {
            if (parts.size() > fixed) parts.pop_back();
        } else if (!part.empty() && part != L".") {
            parts.push_back(part);
        }
        i = j + 1;
    }
    std::wstring out;
    for (std::size_t k = 0; k < parts.size(); ++k) {
        if (k) out += L'\\';
        out += parts[k];
    }
    return out;
}

#ifdef _WIN32
constexpr unsigned kReparsePoint = 0x400; // FILE_ATTRIBUTE_REPARSE_POINT (no Windows header here)

Status list_folder_native(const fs::path& dir, std::vector<FolderEntry>& out) {
    fs::path pattern = dir;
    pattern /= L"*";
    _wfinddata64_t found{};
    errno = 0;
    const intptr_t h = _wfindfirst64(os_path(pattern).c_str(), &found);
    if (h == -1) return fail(std::generic_category().message(errno ? errno : ENOENT));
    do {
        const std::wstring_view name = found.name;
        if (name == L"." || name == L"..") continue;
        FolderEntry e;
        e.path = dir / fs::path(std::wstring(name));
        e.is_link = (found.attrib & kReparsePoint) != 0;
        if (e.is_link) {
            std::error_code ec;
            const fs::file_status st = fs::status(os_path(e.path), ec);
            e.type = ec ? fs::file_type::unknown : st.type();
            if (ec) e.why = ec.message();
        } else {
            e.type = (found.attrib & _A_SUBDIR) ? fs::file_type::directory : fs::file_type::regular;
        }
        out.push_back(std::move(e));
    } while (_wfindnext64(h, &found) == 0);
    _findclose(h);
    return {};
}
#else
Status list_folder_native(const fs::path& dir, std::vector<FolderEntry>& out) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    for (const fs::directory_iterator end; !ec && it != end; it.increment(ec)) {
        FolderEntry e;
        e.path = it->path();
        std::error_code link_ec;
        e.is_link = it->is_symlink(link_ec);
        std::error_code type_ec;
        const fs::file_status st = it->status(type_ec); // follows symlinks; ELOOP for a loop
        e.type = type_ec ? fs::file_type::unknown : st.type();
        if (type_ec) e.why = type_ec.message();
        out.push_back(std::move(e));
    }
    if (ec) return fail(ec.message());
    return {};
}
#endif

} // namespace

std::wstring windows_long_form(std::wstring_view path) {
    if (starts_with(path, L"\\\\?\\") || starts_with(path, L"\\\\.\\")) return std::wstring(path);
    if (path.size() >= 3 && is_separator(path[0]) && is_separator(path[1]))
        return L"\\\\?\\UNC\\" + normal_parts(path.substr(2), 2);
    const bool drive =
        path.size() >= 3 && path[1] == L':' && is_separator(path[2]) &&
        ((path[0] >= L'A' && path[0] <= L'Z') || (path[0] >= L'a' && path[0] <= L'z'));
    if (!drive) return std::wstring(path);
    return L"\\\\?\\" + std::wstring(path.substr(0, 2)) + L'\\' + normal_parts(path.substr(3), 0);
}

std::wstring windows_plain_form(std::wstring_view path) {
    if (starts_with(path, L"\\\\?\\UNC\\")) return L"\\\\" + std::wstring(path.substr(8));
    if (starts_with(path, L"\\\\?\\")) return std::wstring(path.substr(4));
    return std::wstring(path);
}

fs::path os_path(const fs::path& p) {
#ifdef _WIN32
    if (p.empty()) return p;
    fs::path full = p;
    if (!p.is_absolute()) {
        std::error_code ec;
        full = fs::absolute(p, ec); // GetFullPathNameW: no length limit
        if (ec) return p;
    }
    if (full.native().size() < kLongPathFrom) return p;
    return fs::path(windows_long_form(full.native()));
#else
    return p;
#endif
}

FolderListing list_folder(const fs::path& dir) {
    FolderListing listing;
    try {
        listing.status = list_folder_native(dir, listing.entries);
    } catch (const std::exception& e) { // bad_alloc, or a name the path cannot hold
        listing.status = fail(e.what());
    }
    return listing;
}

std::string mingw_misread(std::string_view utf8) {
    std::string out;
    for (const unsigned char c : utf8) {
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else { // U+0080..U+00FF in UTF-8
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

void adopt_misread_file(const fs::path& dir, const std::string& utf8_name) {
#ifdef _WIN32
    const std::string old_name = mingw_misread(utf8_name);
    if (old_name == utf8_name) return;
    std::error_code ec;
    const fs::path file = dir / fs::path(std::u8string(utf8_name.begin(), utf8_name.end()));
    const fs::path old = dir / fs::path(std::u8string(old_name.begin(), old_name.end()));
    if (fs::exists(os_path(file), ec) || !fs::exists(os_path(old), ec)) return;
    fs::rename(os_path(old), os_path(file), ec);
#else
    (void)dir;
    (void)utf8_name;
#endif
}

std::vector<fs::path> files_under(const fs::path& dir, std::vector<SkippedEntry>* skipped) {
    constexpr int max_depth = 16;
    std::vector<fs::path> files;
    std::vector<std::pair<fs::path, int>> todo{{dir, 0}};
    while (!todo.empty()) {
        auto [folder, depth] = std::move(todo.back());
        todo.pop_back();
        FolderListing listing = list_folder(folder);
        if (!listing.status.ok()) {
            if (skipped) skipped->push_back({folder, listing.status.error()});
            continue;
        }
        for (auto& e : listing.entries) {
            if (e.type == fs::file_type::unknown && skipped)
                skipped->push_back({e.path, e.why});
            else if (e.type == fs::file_type::regular)
                files.push_back(std::move(e.path));
            else if (e.type == fs::file_type::directory && !e.is_link && depth < max_depth)
                todo.emplace_back(std::move(e.path), depth + 1);
        }
    }
    return files;
}

} // namespace oh
