// UTF-8 <-> UTF-16. The engine and the scripts speak UTF-8; Windows speaks UTF-16. Invalid
// input never fails: it becomes U+FFFD, as a log line or a path with a stray byte should.
#pragma once

#include <string>
#include <string_view>

namespace oh::win {

std::wstring to_utf16(std::string_view utf8);
std::string to_utf8(std::wstring_view utf16);
// A child process's output: kept as is when it is valid UTF-8, else read in the console's
// OEM code page (what console programs write by default) and converted.
std::string console_to_utf8(std::string_view bytes);

} // namespace oh::win
