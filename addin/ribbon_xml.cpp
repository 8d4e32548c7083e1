#include "ribbon_xml.h"

#include "xml_text.h"

namespace oh::ribbon {

namespace {

// The longest a menu item's label and supertip may be here (Office allows 1024 characters;
// a screen is narrower).
constexpr std::size_t kLabelBytes = 120;
constexpr std::size_t kTipBytes = 600;
// The most scripts the menu lists one by one.
constexpr std::size_t kMenuItems = 40;

// The byte count of at most `max_bytes` bytes of `text` that ends on a UTF-8 character
// boundary (a continuation byte is 10xxxxxx).
std::size_t utf8_cut(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text.size();
    std::size_t n = max_bytes;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    return n;
}

std::string plural(std::uint64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

std::string xml_attribute(std::string_view text, std::size_t max_bytes) {
    const std::size_t keep = utf8_cut(text, max_bytes);
    std::string out = xml_escape(text.substr(0, keep), XmlPlace::attribute);
    if (keep < text.size()) out += "...";
    return out;
}

std::string custom_ui(std::string_view ribbon_id) {
    if (ribbon_id != kExplorerRibbon) return {};
    std::string x;
    x += std::string("<customUI xmlns=\"") + kNamespace + "\" onLoad=\"" + kOnLoad + "\">";
    x += "<ribbon><tabs><tab idMso=\"TabSendReceive\">";
    x += "<group id=\"OfflineHooks\" label=\"OfflineHooks\" insertAfterMso=\"GroupPreferences\">";
    x += std::string("<labelControl id=\"") + kStatusId + "\" getLabel=\"" + kGetStatusLabel +
         "\"/>";
    x += std::string("<button id=\"") + kReloadId + "\" label=\"Reload scripts\" onAction=\"" +
         kOnReload + "\" screentip=\"Load every script again from its file\"/>";
    x += std::string("<button id=\"") + kOpenFolderId +
         "\" label=\"Open scripts folder\" onAction=\"" + kOnOpenFolder + "\"/>";
    x += std::string("<button id=\"") + kOpenLogId + "\" label=\"Open log\" onAction=\"" +
         kOnOpenLog + "\"/>";
    // invalidateContentOnDrop: Office asks for the list each time the menu opens.
    x += std::string("<dynamicMenu id=\"") + kMenuId + "\" label=\"Scripts\" getContent=\"" +
         kGetScriptsMenu + "\" invalidateContentOnDrop=\"true\"/>";
    x += "</group></tab></tabs></ribbon></customUI>";
    return x;
}

std::string status_label(const EngineStatus& status, Monitoring monitoring) {
    if (monitoring == Monitoring::starting) return "Starting...";
    if (monitoring == Monitoring::off) return "Not monitoring Outlook (see the log)";
    std::size_t failed = 0;
    for (const ScriptStatus& s : status.scripts)
        if (s.kind == ScriptStatus::Kind::failed_to_load) ++failed;
    std::string text = std::to_string(status.running) + " running, " +
                       std::to_string(status.quarantined) + " quarantined, ";
    if (failed > 0) text += std::to_string(failed) + " failed to load, ";
    return text + plural(status.errors, "error", "errors") + " since start";
}

std::string scripts_menu(const EngineStatus& status) {
    std::string x = std::string("<menu xmlns=\"") + kNamespace + "\">";
    if (status.scripts.empty())
        x += "<button id=\"noScripts\" label=\"No scripts loaded\" enabled=\"false\"/>";
    std::size_t i = 0;
    for (const ScriptStatus& s : status.scripts) {
        if (i == kMenuItems) {
            // A menu taller than the screen helps nobody; the log names every script.
            x += "<button id=\"moreScripts\" label=\"" +
                 plural(status.scripts.size() - kMenuItems, "more script", "more scripts") +
                 " (see the log)\" onAction=\"" + kOnOpenLog + "\"/>";
            break;
        }
        // Ids must be unique and plain: the index, not the name.
        x += "<button id=\"script" + std::to_string(i++) + "\" label=\"" +
             xml_attribute(s.name + ": " + to_string(s.kind), kLabelBytes) + "\"";
        if (!s.last_error.empty())
            x += " supertip=\"" + xml_attribute("Last error: " + s.last_error, kTipBytes) + "\"";
        // The log tells what the script did; clicking the item opens it.
        x += std::string(" onAction=\"") + kOnOpenLog + "\"/>";
    }
    return x + "</menu>";
}

} // namespace oh::ribbon
