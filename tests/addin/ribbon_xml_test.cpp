// The ribbon's text (addin/ribbon_xml.h): the customUI XML Office parses, the status label and
// the scripts menu, whose script names and errors come from users' files and must not break
// the XML.
#include "catch.hpp"

#include "ribbon_xml.h"

#include <string>

using namespace oh;
using namespace oh::ribbon;

namespace {

EngineStatus two_scripts() {
    EngineStatus s;
    s.scripts.push_back({"vpn", ScriptStatus::Kind::running, ""});
    s.scripts.push_back({"flaky", ScriptStatus::Kind::quarantined,
                         "flaky.lua:3: bad <tag> & \"quotes\" 'here'\tand a tab"});
    s.running = 1;
    s.quarantined = 1;
    s.errors = 4;
    return s;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("Outlook's main window gets the OfflineHooks group on the Send / Receive tab",
          "[addin][ribbon]") {
    const std::string xml = custom_ui("Microsoft.Outlook.Explorer");
    CHECK(xml.rfind("<customUI xmlns=\"http://schemas.microsoft.com/office/2009/07/customui\"",
                    0) == 0);
    CHECK(contains(xml, "onLoad=\"OnRibbonLoad\""));
    CHECK(contains(xml, "<tab idMso=\"TabSendReceive\">"));
    CHECK(contains(xml, "<group id=\"OfflineHooks\" label=\"OfflineHooks\""));
    CHECK(contains(xml, "<labelControl id=\"status\" getLabel=\"GetStatusLabel\"/>"));
    CHECK(contains(xml, "label=\"Reload scripts\" onAction=\"OnReload\""));
    CHECK(contains(xml, "label=\"Open scripts folder\" onAction=\"OnOpenFolder\""));
    CHECK(contains(xml, "label=\"Open log\" onAction=\"OnOpenLog\""));
    CHECK(contains(xml,
                   "<dynamicMenu id=\"scripts\" label=\"Scripts\" getContent=\"GetScriptsMenu\""));
    CHECK(contains(xml, "</customUI>"));
}

TEST_CASE("Other ribbons (inspectors, other applications) get no XML", "[addin][ribbon]") {
    CHECK(custom_ui("Microsoft.Outlook.Mail.Read").empty());
    CHECK(custom_ui("").empty());
    CHECK(custom_ui("microsoft.outlook.explorer").empty()); // Office's ids are exact
}

TEST_CASE("The status label counts running and quarantined scripts and the errors since start",
          "[addin][ribbon]") {
    CHECK(status_label(two_scripts(), Monitoring::on) ==
          "1 running, 1 quarantined, 4 errors since start");
    EngineStatus one_error;
    one_error.running = 2;
    one_error.errors = 1;
    CHECK(status_label(one_error, Monitoring::on) ==
          "2 running, 0 quarantined, 1 error since start");
    EngineStatus failed = two_scripts();
    failed.scripts.push_back({"broken", ScriptStatus::Kind::failed_to_load, "broken.lua:1: x"});
    CHECK(status_label(failed, Monitoring::on) ==
          "1 running, 1 quarantined, 1 failed to load, 4 errors since start");
}

TEST_CASE("The status label says when the add-in is starting or not monitoring",
          "[addin][ribbon]") {
    CHECK(status_label(two_scripts(), Monitoring::starting) == "Starting...");
    CHECK(status_label(two_scripts(), Monitoring::off) == "Not monitoring Outlook (see the log)");
}

TEST_CASE("The scripts menu lists each script with its state and its last error, escaped",
          "[addin][ribbon]") {
    const std::string menu = scripts_menu(two_scripts());
    CHECK(menu.rfind("<menu xmlns=\"http://schemas.microsoft.com/office/2009/07/customui\">", 0) ==
          0);
    CHECK(contains(menu, "<button id=\"script0\" label=\"vpn: running\" onAction=\"OnOpenLog\"/>"));
    CHECK(contains(menu,
                   "<button id=\"script1\" label=\"flaky: quarantined\" supertip=\"Last error: "
                   "flaky.lua:3: bad &lt;tag&gt; &amp; &quot;quotes&quot; &apos;here&apos; "
                   "and a tab\""));
    CHECK(menu.size() > 7);
    CHECK(menu.substr(menu.size() - 7) == "</menu>");
    CHECK_FALSE(contains(menu, "<tag>"));
}

TEST_CASE("A script name with markup in it cannot add elements to the menu", "[addin][ribbon]") {
    EngineStatus s;
    s.scripts.push_back({"a\"/><button id=\"x", ScriptStatus::Kind::running, ""});
    const std::string menu = scripts_menu(s);
    CHECK(contains(menu, "label=\"a&quot;/&gt;&lt;button id=&quot;x: running\""));
    CHECK_FALSE(contains(menu, "id=\"x"));
}

TEST_CASE("No scripts: the menu says so in one disabled item", "[addin][ribbon]") {
    CHECK(scripts_menu(EngineStatus{}) ==
          "<menu xmlns=\"http://schemas.microsoft.com/office/2009/07/customui\"><button "
          "id=\"noScripts\" label=\"No scripts loaded\" enabled=\"false\"/></menu>");
}

TEST_CASE("A long error is cut at a UTF-8 character boundary, never inside a character",
          "[addin][ribbon]") {
    // "é" is two bytes: a cut after 3 bytes would split the second one.
    CHECK(xml_attribute("aéé", 4) == "aé...");
    CHECK(xml_attribute("aéé", 3) == "aé...");
    CHECK(xml_attribute("aéé", 2) == "a...");
    CHECK(xml_attribute("aéé", 5) == "aéé");
    CHECK(xml_attribute(std::string(2000, 'x')).size() == 1024 + 3);
}

TEST_CASE("Control characters, which XML 1.0 forbids, become blanks", "[addin][ribbon]") {
    CHECK(xml_attribute(std::string("a\x01"
                                    "b\nc\x7F",
                                    6)) == "a b c ");
    CHECK(xml_attribute(std::string("nul\0in", 6)) == "nul in");
}

TEST_CASE("U+FFFE and U+FFFF, which XML 1.0 forbids, become U+FFFD", "[addin][ribbon]") {
    CHECK(xml_attribute("a\xEF\xBF\xBE"
                        "b\xEF\xBF\xBF") == "a\xEF\xBF\xBD"
                                            "b\xEF\xBF\xBD");
    CHECK(xml_attribute("\xEF\xBF\xBD ok") == "\xEF\xBF\xBD ok"); // U+FFFD itself stays
}

TEST_CASE("Past 40 scripts the menu ends in one item that counts the rest", "[addin][ribbon]") {
    EngineStatus s;
    for (int i = 0; i < 43; ++i)
        s.scripts.push_back({"s" + std::to_string(i), ScriptStatus::Kind::running, ""});
    const std::string menu = scripts_menu(s);
    CHECK(contains(menu, "id=\"script39\" label=\"s39: running\""));
    CHECK_FALSE(contains(menu, "id=\"script40\""));
    CHECK(contains(menu, "<button id=\"moreScripts\" label=\"3 more scripts (see the log)\" "
                         "onAction=\"OnOpenLog\"/></menu>"));
    s.scripts.pop_back();
    s.scripts.pop_back();
    CHECK(contains(scripts_menu(s), "label=\"1 more script (see the log)\""));
    s.scripts.pop_back();
    CHECK_FALSE(contains(scripts_menu(s), "moreScripts"));
}
