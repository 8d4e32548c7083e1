// win/utf16.h under Wine, with what an unlucky Windows user's text holds: characters outside
// the BMP (surrogate pairs), unpaired surrogates (NTFS names and registry strings may hold
// them; they are not Unicode text) and invalid UTF-8. The header promises that invalid input
// never fails but becomes U+FFFD: a path or a log line keeps every other character.
#ifdef _WIN32
#include "catch.hpp"

#include "env.h"
#include "settings.h"
#include "settings_keys.h"
#include "text_file.h"
#include "utf16.h"

#include <windows.h>

#include <filesystem>
#include <string>

using namespace oh;
using namespace oh::win;

namespace {

const std::string fffd = "\xEF\xBF\xBD";       // U+FFFD in UTF-8
constexpr wchar_t high = 0xD83D, low = 0xDE00; // U+1F600 as a surrogate pair

// HKCU\Software\OfflineHooks <name> set to `value` (UTF-16 as is) while it lives, and
// OFFLINEHOOKS_SCRIPTS unset (it would win over the ScriptsDir preference).
class PreferenceText {
  public:
    PreferenceText(const char* name, const std::wstring& value)
        : name_(to_utf16(name)), env_(env_w(L"OFFLINEHOOKS_SCRIPTS")) {
        SetEnvironmentVariableW(L"OFFLINEHOOKS_SCRIPTS", nullptr);
        REQUIRE(RegCreateKeyExW(HKEY_CURRENT_USER, to_utf16(kPreferenceKey).c_str(), 0, nullptr, 0,
                                KEY_SET_VALUE, nullptr, &key_, nullptr) == ERROR_SUCCESS);
        REQUIRE(RegSetValueExW(
                    key_, name_.c_str(), 0, REG_SZ, reinterpret_cast<const BYTE*>(value.c_str()),
                    static_cast<DWORD>((value.size() + 1) * sizeof(wchar_t))) == ERROR_SUCCESS);
    }
    ~PreferenceText() {
        RegDeleteValueW(key_, name_.c_str());
        RegCloseKey(key_);
        if (!env_.empty()) SetEnvironmentVariableW(L"OFFLINEHOOKS_SCRIPTS", env_.c_str());
    }
    PreferenceText(const PreferenceText&) = delete;
    PreferenceText& operator=(const PreferenceText&) = delete;

  private:
    std::wstring name_;
    std::wstring env_;
    HKEY key_ = nullptr;
};

} // namespace

TEST_CASE("UTF-16 with surrogate pairs converts to UTF-8 and back unchanged", "[win][utf16]") {
    const std::wstring w =
        std::wstring(L"C:\\Users\\J\u00FCrgen M\u00FCller\\\u5C71\u7530 ") + high + low;
    const std::string u = to_utf8(w);
    CHECK(u == "C:\\Users\\J\xC3\xBCrgen M\xC3\xBCller\\\xE5\xB1\xB1\xE7\x94\xB0 \xF0\x9F\x98\x80");
    CHECK(to_utf16(u) == w);
    // Past 260 characters and past what a short buffer holds: nothing is cut.
    std::wstring long_path = L"\\\\?\\C:\\";
    for (int i = 0; i < 40; ++i) long_path += std::wstring(L"\u03A9mega ") + high + low + L'\\';
    CHECK(long_path.size() > 260);
    CHECK(to_utf16(to_utf8(long_path)) == long_path);
}

TEST_CASE("An unpaired surrogate becomes U+FFFD and the characters around it stay",
          "[win][utf16]") {
    CHECK(to_utf8(std::wstring{L'a', high, L'b'}) == "a" + fffd + "b");
    CHECK(to_utf8(std::wstring{L'a', low, L'b'}) == "a" + fffd + "b");
    CHECK(to_utf8(std::wstring{L'a', low, high}) == "a" + fffd + fffd); // reversed, at the end
    CHECK(to_utf8(std::wstring(1, high)) == fffd);
}

TEST_CASE("Invalid UTF-8 becomes U+FFFD in UTF-16 and the characters around it stay",
          "[win][utf16]") {
    CHECK(to_utf16("a\xFF"
                   "b") == std::wstring{L'a', 0xFFFD, L'b'});
    for (wchar_t c : to_utf16("\xED\xA0\x80")) // a surrogate in UTF-8 (CESU-8): invalid
        CHECK((c < 0xD800 || c > 0xDFFF));
    CHECK(to_utf16("J\xC3\xBCrgen\xE5\xB1").substr(0, 6) == L"J\u00FCrgen");
}

TEST_CASE("A ScriptsDir holding an unpaired surrogate is read with U+FFFD in its place",
          "[win][utf16][policy]") {
    // A folder name NTFS allows but Unicode does not: the add-in reads it, and the log can
    // show it; the folder it then looks for is named with U+FFFD.
    const PreferenceText dir("ScriptsDir", std::wstring(L"C:\\J\u00FCrgen\\x") + high + L"y");
    const Settings s = read_settings();
    CHECK(path_to_utf8(s.scripts_dir.value) ==
          path_to_utf8(std::filesystem::path(L"C:\\J\u00FCrgen\\x\uFFFDy")));
    CHECK(s.scripts_dir_source() == "HKCU\\Software\\OfflineHooks ScriptsDir");
}

#endif // _WIN32
