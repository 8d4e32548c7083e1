// What the add-in's ribbon shows, as text: the customUI XML Office asks for, the status label and
// the scripts menu's XML, built from an EngineStatus. Portable (no Windows calls), so that the
// text is tested on Linux; addin/win/ribbon.cpp hands it to Office.
//
// The XML is in the 2009/07 customUI namespace (Office 2010 and later). The OfflineHooks group
// sits on Outlook's Send / Receive tab (idMso "TabSendReceive") after the group that holds Work
// Offline (insertAfterMso "GroupPreferences"). Office reaches the callbacks named here through
// the add-in's IDispatch (GetIDsOfNames + Invoke).
#pragma once

#include "engine_status.h"

#include <string>
#include <string_view>

namespace oh::ribbon {

inline constexpr const char* kNamespace = "http://schemas.microsoft.com/office/2009/07/customui";
inline constexpr const char* kExplorerRibbon = "Microsoft.Outlook.Explorer";

// Control ids (IRibbonControl::Id) and callback names (the XML's attributes).
inline constexpr const char* kStatusId = "status";
inline constexpr const char* kMenuId = "scripts";
inline constexpr const char* kReloadId = "reload";
inline constexpr const char* kOpenFolderId = "openFolder";
inline constexpr const char* kOpenLogId = "openLog";

inline constexpr const char* kOnLoad = "OnRibbonLoad";
inline constexpr const char* kGetStatusLabel = "GetStatusLabel";
inline constexpr const char* kGetScriptsMenu = "GetScriptsMenu";
inline constexpr const char* kOnReload = "OnReload";
inline constexpr const char* kOnOpenFolder = "OnOpenFolder";
inline constexpr const char* kOnOpenLog = "OnOpenLog";

// The customUI XML for `ribbon_id` (GetCustomUI's argument); empty for every ribbon but
// Outlook's main window.
std::string custom_ui(std::string_view ribbon_id);

// Where the add-in is: Office asks for the label before the add-in has started (GetCustomUI
// comes right after OnConnection), and one that could not start says so.
enum class Monitoring { starting, off, on };

// The status label: "3 running, 1 quarantined, 2 errors since start" (failed loads named too)
// while monitoring; else what the add-in is doing.
std::string status_label(const EngineStatus& status, Monitoring monitoring);

// The dynamicMenu's content: one item per script, "name: state", with the last error as its
// supertip; a disabled "No scripts loaded" item when there are none; past 40 scripts one
// "N more scripts (see the log)" item instead of the rest.
std::string scripts_menu(const EngineStatus& status);

// Text for an XML attribute value: & < > " ' escaped, control characters (not allowed in XML
// 1.0) as blanks, U+FFFE/U+FFFF as U+FFFD, cut to at most `max_bytes` bytes of UTF-8 at a character
// boundary ("..." appended when cut).
std::string xml_attribute(std::string_view text, std::size_t max_bytes = 1024);

} // namespace oh::ribbon
