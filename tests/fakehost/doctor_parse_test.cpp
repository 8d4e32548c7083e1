// What `fakehost doctor` decodes on Windows (Resiliency's DisabledItems, PE headers, the
// add-in's log), tested on bytes built here.
#include "catch.hpp"

#include "doctor_parse.h"
#include "text_file.h"

#include <string>

using namespace oh::doctor;
using oh::utf16_to_utf8;

namespace {

void put_u32(std::string& b, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b += static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::string utf16le(std::u16string_view s) {
    std::string b;
    for (char16_t c : s) {
        b += static_cast<char>(c & 0xFF);
        b += static_cast<char>(c >> 8);
    }
    return b + std::string(2, '\0');
}

// A DisabledItems value as Office writes it for an add-in.
std::string disabled_item(std::u16string_view path, std::u16string_view name) {
    std::string b;
    put_u32(b, 1);
    put_u32(b, static_cast<std::uint32_t>((path.size() + 1) * 2));
    put_u32(b, static_cast<std::uint32_t>((name.size() + 1) * 2));
    return b + utf16le(path) + utf16le(name);
}

std::string pe_head(std::uint16_t machine, std::uint32_t pe_offset = 0x80) {
    std::string b(pe_offset + 0x100, '\0');
    b[0] = 'M';
    b[1] = 'Z';
    for (int i = 0; i < 4; ++i) b[0x3C + i] = static_cast<char>((pe_offset >> (8 * i)) & 0xFF);
    b.replace(pe_offset, 4, std::string("PE\0\0", 4));
    b[pe_offset + 4] = static_cast<char>(machine & 0xFF);
    b[pe_offset + 5] = static_cast<char>(machine >> 8);
    return b;
}

} // namespace

TEST_CASE("A DisabledItems value gives back the add-in's DLL path and friendly name", "[doctor]") {
    const std::u16string path =
        u"c:\\users\\jürgen\\appdata\\local\\offlinehooks\\offlinehooks.dll";
    const auto item = decode_disabled_item(disabled_item(path, u"OfflineHooks"));
    REQUIRE(item);
    CHECK(item->kind == 1);
    CHECK(item->path == path);
    CHECK(item->name == u"OfflineHooks");
    CHECK(utf16_to_utf8(item->path) ==
          "c:\\users\\jürgen\\appdata\\local\\offlinehooks\\offlinehooks.dll");
}

TEST_CASE("A DisabledItems value of another layout is not taken for an add-in", "[doctor]") {
    std::string b = disabled_item(u"c:\\x.dll", u"X");
    CHECK_FALSE(decode_disabled_item(b.substr(0, 11)));           // shorter than the header
    CHECK_FALSE(decode_disabled_item(b.substr(0, b.size() - 1))); // lengths past the end
    b[4] = 3;                                                     // an odd byte count
    CHECK_FALSE(decode_disabled_item(b));
    std::string huge;
    put_u32(huge, 1);
    put_u32(huge, 0xFFFFFFF0u); // would wrap a 32-bit sum
    put_u32(huge, 0x20u);
    CHECK_FALSE(decode_disabled_item(huge + std::string(64, 'x')));
}

TEST_CASE("UTF-16 turns into UTF-8, surrogate pairs joined and lone halves replaced", "[doctor]") {
    CHECK(utf16_to_utf8(u"山田 \U0001F600") == "山田 \xF0\x9F\x98\x80");
    CHECK(utf16_to_utf8(std::u16string(1, char16_t(0xD800)) + u"x") == "\xEF\xBF\xBDx");
}

TEST_CASE("A PE header says which machine the program or DLL is for", "[doctor]") {
    CHECK(pe_machine(pe_head(0x8664)) == std::optional<std::string>("x64"));
    CHECK(pe_machine(pe_head(0x014C)) == std::optional<std::string>("x86"));
    CHECK(pe_machine(pe_head(0xAA64)) == std::optional<std::string>("arm64"));
    CHECK_FALSE(pe_machine("#!/bin/sh\necho not a PE file\n"));
    CHECK_FALSE(pe_machine(pe_head(0x8664, 0x1000).substr(0, 0x200))); // header past the bytes
    std::string no_signature = pe_head(0x8664);
    no_signature[0x80] = 'X';
    CHECK_FALSE(pe_machine(no_signature));
}

TEST_CASE("The log's errors are counted since the add-in last started in Outlook", "[doctor]") {
    const std::string log =
        "2026-01-05T09:00:00.000+01:00 INFO  [OfflineHooks] OfflineHooks 0.1.0 starting in "
        "Outlook (process 1); scripts folder C:\\s (default)\r\n"
        "2026-01-05T09:00:01.000+01:00 ERROR [a] old error\r\n"
        "2026-01-05T10:00:00.000+01:00 INFO  [OfflineHooks] OfflineHooks 0.1.0 starting in "
        "Outlook (process 2); scripts folder C:\\s (default)\r\n"
        "2026-01-05T10:00:01.000+01:00 ERROR [a] first\r\n"
        "2026-01-05T10:00:02.000+01:00 INFO  [a] ERROR in a message is not an error\r\n"
        "2026-01-05T10:00:03.000+01:00 ERROR [b] second\r\n"
        "2026-01-05T10:00:04.000+01:00 ERROR [OfflineHooks] third";
    const LogErrors e = log_errors(log, 2);
    CHECK(e.since_start);
    CHECK(e.count == 3);
    REQUIRE(e.last.size() == 2);
    CHECK(e.last[0] == "2026-01-05T10:00:03.000+01:00 ERROR [b] second");
    CHECK(e.last[1] == "2026-01-05T10:00:04.000+01:00 ERROR [OfflineHooks] third");

    const LogErrors none = log_errors("2026-01-05T10:00:01.000+01:00 WARN  [a] w\n", 5);
    CHECK_FALSE(none.since_start);
    CHECK(none.count == 0);
}
