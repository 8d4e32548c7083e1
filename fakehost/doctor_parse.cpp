#include "doctor_parse.h"

#include <cstring>

namespace oh::doctor {

namespace {

std::uint32_t u32_le(std::string_view b, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i)
        v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
    return v;
}

std::uint16_t u16_le(std::string_view b, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) |
                                      (static_cast<unsigned char>(b[at + 1]) << 8));
}

// `bytes` bytes of UTF-16LE at `at`, up to the first NUL.
std::u16string utf16_at(std::string_view b, std::size_t at, std::size_t bytes) {
    std::u16string s;
    for (std::size_t i = 0; i + 1 < bytes; i += 2) {
        const char16_t c = u16_le(b, at + i);
        if (c == 0) break;
        s.push_back(c);
    }
    return s;
}

} // namespace

std::optional<DisabledItem> decode_disabled_item(std::string_view b) {
    constexpr std::size_t header = 12;
    if (b.size() < header) return std::nullopt;
    DisabledItem item;
    item.kind = u32_le(b, 0);
    const std::uint64_t path_bytes = u32_le(b, 4);
    const std::uint64_t name_bytes = u32_le(b, 8);
    // Lengths are whole UTF-16 units and must fit in the value: anything else is another layout.
    if (path_bytes % 2 || name_bytes % 2 || header + path_bytes + name_bytes > b.size())
        return std::nullopt;
    item.path = utf16_at(b, header, static_cast<std::size_t>(path_bytes));
    item.name = utf16_at(b, header + static_cast<std::size_t>(path_bytes),
                         static_cast<std::size_t>(name_bytes));
    return item;
}

std::optional<std::string> pe_machine(std::string_view head) {
    // "MZ", then at 0x3C the offset of "PE\0\0", followed by the COFF header's Machine field.
    if (head.size() < 0x40 || head.substr(0, 2) != "MZ") return std::nullopt;
    const std::uint64_t pe = u32_le(head, 0x3C);
    if (pe + 6 > head.size() ||
        head.substr(static_cast<std::size_t>(pe), 4) != std::string_view("PE\0\0", 4))
        return std::nullopt;
    switch (u16_le(head, static_cast<std::size_t>(pe) + 4)) {
    case 0x8664:
        return "x64";
    case 0x014C:
        return "x86";
    case 0xAA64:
        return "arm64";
    default:
        return "an unknown machine";
    }
}

LogErrors log_errors(std::string_view text, std::size_t keep) {
    LogErrors found;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        // "<time> LEVEL [source] message": the level is the second word.
        const std::size_t blank = line.find(' ');
        if (blank == std::string_view::npos) continue;
        const std::string_view rest = line.substr(blank + 1);
        if (rest.rfind("INFO  [OfflineHooks] OfflineHooks ", 0) == 0 &&
            rest.find(" starting in Outlook ") != std::string_view::npos) {
            found = LogErrors{};
            found.since_start = true;
        } else if (rest.rfind("ERROR ", 0) == 0) {
            ++found.count;
            found.last.emplace_back(line);
            if (found.last.size() > keep) found.last.erase(found.last.begin());
        }
    }
    return found;
}

} // namespace oh::doctor
