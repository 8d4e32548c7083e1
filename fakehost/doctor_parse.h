// The bytes `fakehost doctor` reads on Windows, decoded without Windows calls so that they are
// tested everywhere (tests/fakehost/doctor_parse_test.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oh::doctor {

// An entry of Outlook's Resiliency\DisabledItems: a REG_BINARY value with a random name.
// Microsoft does not document the layout; as Office writes it (2003 to 365):
//   uint32 LE  kind (1: an add-in)
//   uint32 LE  bytes of the path, its terminating NUL included
//   uint32 LE  bytes of the friendly name, its terminating NUL included
//   UTF-16LE   the add-in's DLL path (Office writes it in lower case), NUL-terminated
//   UTF-16LE   its friendly name, NUL-terminated
struct DisabledItem {
    std::uint32_t kind = 0;
    std::u16string path; // without the NUL
    std::u16string name;
};
// Nothing when the bytes do not have that layout (too short, lengths past the end, odd).
std::optional<DisabledItem> decode_disabled_item(std::string_view bytes);

// The machine a PE file (an .exe or .dll) is built for, from its first bytes (the DOS header
// and, at the offset it gives, the PE header; 4 KiB holds both in every real file): "x64",
// "x86", "arm64"; nothing when the bytes are not a PE file.
std::optional<std::string> pe_machine(std::string_view head);

// The add-in's log (addin/win/log_file.h: "<time> ERROR [script] message" lines), the
// ERROR lines since it last started in Outlook ("... starting in Outlook ..." lines), or in
// the whole text when none says so.
struct LogErrors {
    std::size_t count = 0;         // ERROR lines since that start
    std::vector<std::string> last; // the last few of them, oldest first
    bool since_start = false;      // a start-up line was found
};
LogErrors log_errors(std::string_view log_text, std::size_t keep);

} // namespace oh::doctor
