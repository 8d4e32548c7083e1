// Reading the text files a user saves (scripts, modules, tests, scenarios, journals) and
// naming paths, the same way on every platform.
//
// Paths: a std::string here always holds UTF-8. MinGW's libstdc++ does not decode a narrow
// string as UTF-8 when it builds a std::filesystem::path (each byte becomes a character), so
// "C:\Users\Jürgen Müller" would name another folder. Build paths with path_from_utf8 and
// print them with path_to_utf8, never with fs::path(std::string) or path.string().
//
// Text: UTF-8, with or without the BOM Notepad writes (the BOM is skipped). UTF-16 and
// UTF-32 are refused with a message naming the encoding and the fix. Only regular files are
// read (a FIFO or a device would block or never end), and only up to a size the caller sets.
#pragma once

#include "result.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace oh {

std::filesystem::path path_from_utf8(std::string_view utf8);
std::string path_to_utf8(const std::filesystem::path& p); // with '/' separators

// Replaces every byte that is not part of valid UTF-8 with U+FFFD, so that a log line or a
// transcript stays valid UTF-8 whatever a script or Lua's shortened chunk names hold.
std::string valid_utf8(std::string_view s);
// UTF-16 to UTF-8, an unpaired surrogate becoming U+FFFD (Windows file names and registry
// strings may hold one).
std::string utf16_to_utf8(std::u16string_view s);
// The 1-based line of the first byte that is not valid UTF-8; 0 when all of it is valid.
std::size_t first_invalid_utf8_line(std::string_view s);

struct TextFile {
    std::string text;         // the content, BOM removed
    bool had_bom = false;     // a UTF-8 BOM was skipped
    std::size_t bad_line = 0; // first line that is not valid UTF-8 (saved as ANSI?); 0: none
};

// Reads `p` as described above. On failure the error is a sentence that names the file and the
// reason ("<file>: is a FIFO, not a regular file", "<file>: saved as UTF-16 LE; save it as UTF-8",
// "<file>: 20.0 MiB is over the limit of 16 MiB", ...).
Result<TextFile> read_text_file(const std::filesystem::path& p, std::size_t max_bytes);

// The encoding a text's first bytes give away when it is UTF-16 or UTF-32 ("UTF-16 LE"), with
// or without a byte-order mark; nullptr for UTF-8 (and anything else). Streaming readers
// (scenarios, journals) ask it of their first bytes; read_text_file asks it of the whole.
const char* wide_encoding(std::string_view first_bytes);

// The warning to log once for a file whose bad_line is not 0.
std::string invalid_utf8_warning(const std::filesystem::path& p, std::size_t bad_line);

} // namespace oh
