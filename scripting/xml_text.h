// Text for the XML 1.0 documents the project writes: the ribbon's customUI and menu
// (addin/ribbon_xml.cpp) and the JUnit report of `fakehost test` (fakehost/cmd_test.cpp).
// Script names and error messages go into both, so anything a script author can put in a
// string must come out as well-formed XML.
#pragma once

#include <string>
#include <string_view>

namespace oh {

// Where the text goes: an attribute's value, or an element's content.
enum class XmlPlace { attribute, content };

// `text` (UTF-8) for `place`: & < > " ' as entities; control characters, which XML 1.0
// forbids, as blanks (in an attribute tabs and line ends too: a parser folds them to blanks
// anyway; in content they are kept); U+FFFE and U+FFFF, valid UTF-8 but not XML characters,
// as U+FFFD.
std::string xml_escape(std::string_view text, XmlPlace place);

} // namespace oh
