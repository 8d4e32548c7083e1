// The XML text the ribbon and the JUnit report are built from.
#include "catch.hpp"
#include "xml_text.h"

using namespace oh;

TEST_CASE("Markup in a script's text is escaped, in an attribute and in content", "[xml]") {
    const std::string text = "<b> & \"q\" 'a'";
    const std::string want = "&lt;b&gt; &amp; &quot;q&quot; &apos;a&apos;";
    CHECK(xml_escape(text, XmlPlace::attribute) == want);
    CHECK(xml_escape(text, XmlPlace::content) == want);
}

TEST_CASE("Control characters become blanks; line ends are kept in content only", "[xml]") {
    const std::string text = "a\x01"
                             "b\tc\nd\x7F";
    CHECK(xml_escape(text, XmlPlace::attribute) == "a b c d ");
    CHECK(xml_escape(text, XmlPlace::content) == "a b\tc\nd ");
}

TEST_CASE("U+FFFE and U+FFFF become U+FFFD; other characters pass as they are", "[xml]") {
    CHECK(xml_escape("x\xEF\xBF\xBEy\xEF\xBF\xBFz", XmlPlace::content) ==
          "x\xEF\xBF\xBDy\xEF\xBF\xBDz");
    CHECK(xml_escape("gr\xC3\xBC\xC3\x9F"
                     "e \xEF\xBF\xBD",
                     XmlPlace::attribute) == "gr\xC3\xBC\xC3\x9F"
                                             "e \xEF\xBF\xBD");
    // Cut short after EF BF: no character to replace, the bytes are kept.
    CHECK(xml_escape("\xEF\xBF", XmlPlace::content) == "\xEF\xBF");
}
