#include "text_file.h"

#include "long_path.h"

#include <cstdio>
#include <fstream>
#include <system_error>

namespace oh {

namespace fs = std::filesystem;

namespace {

// Length of the UTF-8 sequence that starts at s[i], or 0 when it is not valid (overlong
// forms, surrogates and code points past U+10FFFF included).
// *prefix (when given) receives, for an invalid sequence, how many bytes of it are a valid
// start of a character that was cut short (at least 1): they become one U+FFFD together.
std::size_t utf8_sequence(std::string_view s, std::size_t i, std::size_t* prefix = nullptr) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    if (prefix) *prefix = 1;
    if (c < 0x80) return 1;
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    std::size_t k = 1;
    for (; k < n && i + k < s.size(); ++k) {
        const unsigned char b = byte(i + k);
        if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) break;
    }
    if (k == n) return n;
    if (prefix) *prefix = k;
    return 0;
}

std::string file_kind(fs::file_type t) {
    switch (t) {
    case fs::file_type::directory:
        return "a folder";
    case fs::file_type::fifo:
        return "a FIFO (named pipe)";
    case fs::file_type::socket:
        return "a socket";
    case fs::file_type::block:
    case fs::file_type::character:
        return "a device";
    default:
        return "not a regular file";
    }
}

std::string mib(std::size_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    return buf;
}

} // namespace

const char* wide_encoding(std::string_view s) {
    const auto starts = [&](std::string_view p) { return s.substr(0, p.size()) == p; };
    if (starts(std::string_view("\xFF\xFE\0\0", 4))) return "UTF-32 LE";
    if (starts(std::string_view("\0\0\xFE\xFF", 4))) return "UTF-32 BE";
    if (starts("\xFF\xFE")) return "UTF-16 LE";
    if (starts("\xFE\xFF")) return "UTF-16 BE";
    // Without a mark: ASCII text saved as UTF-16 has a NUL in every other byte.
    if (s.size() >= 2 && s[0] != '\0' && s[1] == '\0') return "UTF-16 LE";
    if (s.size() >= 2 && s[0] == '\0' && s[1] != '\0') return "UTF-16 BE";
    return nullptr;
}

fs::path path_from_utf8(std::string_view utf8) {
#ifdef _WIN32
    // Bytes that are not UTF-8 (a script's dofile("\xff")) would make the conversion to UTF-16
    // throw: they become U+FFFD, a name no file has.
    const std::string valid = valid_utf8(utf8);
    return fs::path(std::u8string(valid.begin(), valid.end()));
#else
    return fs::path(std::u8string(utf8.begin(), utf8.end()));
#endif
}

namespace {

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

} // namespace

std::string utf16_to_utf8(std::u16string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char32_t c = s[i];
        const char32_t next = i + 1 < s.size() ? s[i + 1] : 0;
        if (c >= 0xD800 && c <= 0xDBFF && next >= 0xDC00 && next <= 0xDFFF) {
            append_utf8(out, 0x10000 + ((c - 0xD800) << 10) + (next - 0xDC00));
            ++i;
        } else {
            append_utf8(out, c >= 0xD800 && c <= 0xDFFF ? 0xFFFD : c);
        }
    }
    return out;
}

std::string path_to_utf8(const fs::path& p) {
#ifdef _WIN32
    // Never throws, unlike generic_u8string(): NTFS allows an unpaired surrogate in a name.
    const std::wstring w = p.generic_wstring();
    return utf16_to_utf8(std::u16string(w.begin(), w.end()));
#else
    const std::u8string s = p.generic_u8string();
    return {s.begin(), s.end()};
#endif
}

std::string valid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        std::size_t cut = 0;
        const std::size_t n = utf8_sequence(s, i, &cut);
        if (n == 0) {
            // One U+FFFD for each byte that starts no character, and one for a character cut
            // short, as nlohmann-json's dump and Unicode's recommended practice do.
            out += "\xEF\xBF\xBD";
            i += cut;
            continue;
        }
        out.append(s.substr(i, n));
        i += n;
    }
    return out;
}

std::size_t first_invalid_utf8_line(std::string_view s) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_sequence(s, i);
        if (n == 0) return line;
        if (s[i] == '\n') ++line;
        i += n;
    }
    return 0;
}

Result<TextFile> read_text_file(const fs::path& p, std::size_t max_bytes) {
    const std::string name = path_to_utf8(p);
    std::error_code ec;
    const fs::file_status st = fs::status(os_path(p), ec);
    if (ec || !fs::exists(st)) return fail(name + ": no such file");
    if (!fs::is_regular_file(st))
        return fail(name + ": is " + file_kind(st.type()) + ", not a regular file");
    const std::uintmax_t size = fs::file_size(os_path(p), ec);
    if (!ec && size > max_bytes)
        return fail(name + ": " + mib(size) + " is over the limit of " + mib(max_bytes));
    std::ifstream in(os_path(p), std::ios::binary);
    if (!in) return fail(name + ": cannot open the file (permission denied?)");
    std::string text;
    char buf[1 << 16];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        // The size may have grown since it was looked at: the limit holds for what is read.
        if (text.size() + static_cast<std::size_t>(in.gcount()) > max_bytes)
            return fail(name + ": grew past the limit of " + mib(max_bytes) + " while being read");
        text.append(buf, static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) return fail(name + ": cannot read the file");
    if (const char* enc = wide_encoding(text)) {
        return fail(name + ": the file is saved as " + enc +
                    ", which OfflineHooks cannot read; save it as UTF-8 (in Notepad: Save As, "
                    "Encoding: UTF-8)");
    }
    TextFile out;
    out.had_bom = text.rfind("\xEF\xBB\xBF", 0) == 0;
    if (out.had_bom) text.erase(0, 3);
    out.bad_line = first_invalid_utf8_line(text);
    out.text = std::move(text);
    return out;
}

std::string invalid_utf8_warning(const fs::path& p, std::size_t bad_line) {
    return path_to_utf8(p) + ":" + std::to_string(bad_line) +
           ": the file is not valid UTF-8 (saved as ANSI?); non-ASCII text in it may show "
           "wrong. Save it as UTF-8";
}

} // namespace oh
