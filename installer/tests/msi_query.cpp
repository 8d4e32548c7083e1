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
// Exit status 0 when the question could be asked, 2 on a usage error; tests read the output
// (Wine keeps only 8 bits of an exit code).
#include <windows.h> // first: msi.h needs its types

#include <msi.h>

#include <cstdio>
#include <cwchar>
#include <string>

namespace {

std::string narrow(const std::wstring& w) {
    std::string s;
    for (wchar_t c : w) s.push_back(c < 0x80 ? static_cast<char>(c) : '?');
    return s;
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
    const std::wstring command = argc >= 2 ? argv[1] : L"";
    if (command == L"related" && argc == 3) return related(argv[2]);
    if (command == L"state" && argc == 3) return state(argv[2]);
    if (command == L"event-message" && argc == 5) return event_message(argv[2], argv[3], argv[4]);
    std::fputs("usage: oh_msi_query related {UPGRADE-CODE} | state {PRODUCT-CODE} | "
               "event-message SOURCE ID TEXT\n",
               stderr);
    return 2;
}
