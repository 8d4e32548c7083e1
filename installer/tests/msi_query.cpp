// Asks Windows Installer (not the registry layout behind it) what is installed, for the
// installer tests under Wine:
//   oh_msi_query related {UPGRADE-CODE}   one line per product of that upgrade code:
//                                         "product: {CODE} version=V state=N", then "related: N"
//   oh_msi_query state {PRODUCT-CODE}     "state: N" (5 installed, -1 unknown to Windows Installer)
// Exit status 0 when the question could be asked, 2 on a usage error; tests read the output
// (Wine keeps only 8 bits of an exit code).
#include <windows.h> // first: msi.h needs its types

#include <msi.h>

#include <cstdio>
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

} // namespace

int wmain(int argc, wchar_t** argv) {
    const std::wstring command = argc == 3 ? argv[1] : L"";
    if (command == L"related") return related(argv[2]);
    if (command == L"state") return state(argv[2]);
    std::fputs("usage: oh_msi_query related {UPGRADE-CODE} | state {PRODUCT-CODE}\n", stderr);
    return 2;
}
