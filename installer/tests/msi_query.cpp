// Asks Windows Installer (not the registry layout behind it) what is installed, for the
// installer tests under Wine:
//   oh_msi_query related {UPGRADE-CODE}   one line per product of that upgrade code:
//                                         "product: {CODE} version=V state=N", then "related: N"
//   oh_msi_query state {PRODUCT-CODE}     "state: N" (5 installed, -1 unknown to Windows Installer)
//   oh_msi_query event-message SOURCE ID TEXT
//                                         what Event Viewer shows for event ID of the Application
//                                         log's SOURCE with the one inserted string TEXT: the
//                                         source's EventMessageFile loaded as data, the message
//                                         formatted from its table ("message-file: PATH",
//                                         "message: ..." or "error: ...")
//   oh_msi_query keys 64|32 HKCU|HKLM KEY...
//                                         every value under each KEY, recursively, in that
//                                         registry view: "VIEW<TAB>KEY<TAB>NAME<TAB>TYPE:DATA"
//                                         (NAME empty for the default value), and a line
//                                         "VIEW<TAB>KEY<TAB>(key)<TAB>" for each key holding
//                                         values; nothing for a missing key. One process for
//                                         what would be a reg.exe run per key (each costs a
//                                         Wine process start).
// Exit status 0 when the question could be asked, 2 on a usage error; tests read the output
// (Wine keeps only 8 bits of an exit code).
#include <windows.h> // first: msi.h needs its types

#include <msi.h>

#include <cstdio>
#include <cstring>
#include <cwchar>
#include <string>
#include <vector>

namespace {

std::string narrow(const std::wstring& w) {
    std::string s;
    for (wchar_t c : w) s.push_back(c < 0x80 ? static_cast<char>(c) : '?');
    return s;
}

std::string utf8(const std::wstring& w) {
    if (w.empty()) return {};
    const int n = WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), nullptr, 0,
                                      nullptr, nullptr);
    std::string s(static_cast<std::size_t>(n), '\0');
    WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), s.data(), n, nullptr,
                        nullptr);
    return s;
}

// "TYPE:DATA" as the tests compare it (reg.exe's type names, a DWORD in hex as reg prints it).
std::string value_text(DWORD type, const std::vector<BYTE>& data, DWORD size) {
    if (type == REG_DWORD && size == sizeof(DWORD)) {
        DWORD v = 0;
        std::memcpy(&v, data.data(), sizeof v);
        char buf[32];
        std::snprintf(buf, sizeof buf, "REG_DWORD:0x%lx", static_cast<unsigned long>(v));
        return buf;
    }
    if (type == REG_SZ || type == REG_EXPAND_SZ) {
        std::wstring text(reinterpret_cast<const wchar_t*>(data.data()), size / sizeof(wchar_t));
        while (!text.empty() && text.back() == L'\0') text.pop_back();
        return (type == REG_SZ ? "REG_SZ:" : "REG_EXPAND_SZ:") + utf8(text);
    }
    return "TYPE" + std::to_string(type) + ":";
}

void dump_key(HKEY root, const std::wstring& path, REGSAM view, const std::string& view_text) {
    HKEY key = nullptr;
    if (RegOpenKeyExW(root, path.c_str(), 0, KEY_READ | view, &key) != ERROR_SUCCESS) return;
    std::vector<BYTE> data(65536);
    for (DWORD i = 0;; ++i) {
        wchar_t name[16384];
        DWORD name_len = 16384, type = 0, size = static_cast<DWORD>(data.size());
        const LSTATUS st =
            RegEnumValueW(key, i, name, &name_len, nullptr, &type, data.data(), &size);
        if (st != ERROR_SUCCESS) break;
        if (i == 0) std::printf("%s\t%s\t(key)\t\n", view_text.c_str(), utf8(path).c_str());
        std::printf("%s\t%s\t%s\t%s\n", view_text.c_str(), utf8(path).c_str(), utf8(name).c_str(),
                    value_text(type, data, size).c_str());
    }
    std::vector<std::wstring> subkeys;
    for (DWORD i = 0;; ++i) {
        wchar_t name[256];
        DWORD name_len = 256;
        if (RegEnumKeyExW(key, i, name, &name_len, nullptr, nullptr, nullptr, nullptr) !=
            ERROR_SUCCESS)
            break;
        subkeys.emplace_back(name);
    }
    RegCloseKey(key);
    for (const auto& sub : subkeys) dump_key(root, path + L"\\" + sub, view, view_text);
}

int keys(int argc, wchar_t** argv) {
    const std::wstring view = argv[2], hive = argv[3];
    if ((view != L"64" && view != L"32") || (hive != L"HKCU" && hive != L"HKLM")) return 2;
    const HKEY root = hive == L"HKCU" ? HKEY_CURRENT_USER : HKEY_LOCAL_MACHINE;
    const REGSAM sam = view == L"64" ? KEY_WOW64_64KEY : KEY_WOW64_32KEY;
    for (int i = 4; i < argc; ++i) dump_key(root, argv[i], sam, narrow(view));
    return 0;
}

std::wstring product_info(const wchar_t* product, const wchar_t* property) {
    wchar_t buf[256] = {};
    DWORD len = 256;
    if (MsiGetProductInfoW(product, property, buf, &len) != ERROR_SUCCESS) return L"?";
    return buf;
}

int related(const wchar_t* upgrade_code) {
    int count = 0;
    for (DWORD i = 0;; ++i) {
        wchar_t product[39] = {};
        const UINT r = MsiEnumRelatedProductsW(upgrade_code, 0, i, product);
        if (r == ERROR_NO_MORE_ITEMS) break;
        if (r != ERROR_SUCCESS) {
            std::printf("error: MsiEnumRelatedProducts -> %u\n", r);
            break;
        }
        ++count;
        std::printf("product: %s version=%s state=%d\n", narrow(product).c_str(),
                    narrow(product_info(product, INSTALLPROPERTY_VERSIONSTRING)).c_str(),
                    static_cast<int>(MsiQueryProductStateW(product)));
    }
    std::printf("related: %d\n", count);
    return 0;
}

int state(const wchar_t* product_code) {
    std::printf("state: %d\n", static_cast<int>(MsiQueryProductStateW(product_code)));
    return 0;
}

// Event Viewer's way: the first file of EventMessageFile (a ;-separated list of paths with
// %VARIABLES%), loaded as a data file whatever its bitness, then FormatMessage from its table.
int event_message(const wchar_t* source, const wchar_t* id_text, const wchar_t* text) {
    const std::wstring key =
        std::wstring(L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\") + source;
    wchar_t raw[1024] = {};
    DWORD size = sizeof raw - sizeof(wchar_t);
    if (RegGetValueW(HKEY_LOCAL_MACHINE, key.c_str(), L"EventMessageFile",
                     RRF_RT_REG_SZ | RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND, nullptr, raw,
                     &size) != ERROR_SUCCESS) {
        std::printf("error: no EventMessageFile under HKLM\\%s\n", narrow(key).c_str());
        return 0;
    }
    std::wstring first = raw;
    first = first.substr(0, first.find(L';'));
    wchar_t path[1024] = {};
    ExpandEnvironmentStringsW(first.c_str(), path, 1024);
    std::printf("message-file: %s\n", narrow(path).c_str());
    HMODULE file = LoadLibraryExW(path, nullptr, LOAD_LIBRARY_AS_DATAFILE);
    if (!file) {
        std::printf("error: LoadLibraryEx as data file failed: %lu\n", GetLastError());
        return 0;
    }
    const DWORD id = static_cast<DWORD>(std::wcstoul(id_text, nullptr, 0));
    DWORD_PTR args[] = {reinterpret_cast<DWORD_PTR>(text)};
    wchar_t out[2048] = {};
    const DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_ARGUMENT_ARRAY,
                                   file, id, 0x409, out, 2048, reinterpret_cast<va_list*>(args));
    if (n == 0)
        std::printf("error: no message %lu in the table: %lu\n", id, GetLastError());
    else
        std::printf("message: %s\n", narrow(out).c_str());
    FreeLibrary(file);
    return 0;
}

} // namespace

int wmain(int argc, wchar_t** argv) {
    // Unbuffered: if the program dies half-way, the test still shows how far it got.
    std::setvbuf(stdout, nullptr, _IONBF, 0);
    const std::wstring command = argc >= 2 ? argv[1] : L"";
    if (command == L"related" && argc == 3) return related(argv[2]);
    if (command == L"state" && argc == 3) return state(argv[2]);
    if (command == L"event-message" && argc == 5) return event_message(argv[2], argv[3], argv[4]);
    if (command == L"keys" && argc >= 5 && keys(argc, argv) == 0) return 0;
    std::fputs("usage: oh_msi_query related {UPGRADE-CODE} | state {PRODUCT-CODE} | "
               "event-message SOURCE ID TEXT | keys 64|32 HKCU|HKLM KEY...\n",
               stderr);
    return 2;
}
