#include "xml_text.h"

namespace oh {

namespace {

bool kept_in_content(char c) {
    return c == '\t' || c == '\n' || c == '\r';
}

void append_escaped(std::string& out, char c, XmlPlace place) {
    switch (c) {
    case '&':
        out += "&amp;";
        break;
    case '<':
        out += "&lt;";
        break;
    case '>':
        out += "&gt;";
        break;
    case '"':
        out += "&quot;";
        break;
    case '\'':
        out += "&apos;";
        break;
    default: {
        const bool control = static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
        const bool keep = !control || (place == XmlPlace::content && kept_in_content(c));
        out += keep ? c : ' ';
    }
    }
}

// U+FFFE or U+FFFF (EF BF BE, EF BF BF) starts at `i`.
bool noncharacter_at(std::string_view text, std::size_t i) {
    return i + 2 < text.size() && text.compare(i, 2, "\xEF\xBF") == 0 &&
           (text[i + 2] == '\xBE' || text[i + 2] == '\xBF');
}

} // namespace

std::string xml_escape(std::string_view text, XmlPlace place) {
    std::string out;
    out.reserve(text.size() + 16);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (noncharacter_at(text, i)) {
            out += "\xEF\xBF\xBD";
            i += 2;
            continue;
        }
        append_escaped(out, text[i], place);
    }
    return out;
}

} // namespace oh
