// The Outlook stand-in's ribbon: does to a COM add-in what Office does with its ribbon. It asks
// the add-in object for IRibbonExtensibility, calls GetCustomUI("Microsoft.Outlook.Explorer"),
// parses the XML with MSXML (Wine's msxml6/msxml3, through COM) and checks that its root is a
// customUI element of the 2009/07 namespace, then resolves every callback the XML names
// (onLoad, getLabel, getContent, onAction, ...: each attribute "on*", "get*", loadImage) with
// GetIDsOfNames on the add-in's IDispatch and calls it with Invoke: onLoad with an IRibbonUI of
// its own, which counts Invalidate/InvalidateControl, the others with an IRibbonControl whose Id
// is the control's id. A dynamicMenu's content (getContent) is parsed the same way and its
// callbacks called too.
//
// Transcript (outlook_host.h has the rest):
//   ribbon: customUI xml=N chars namespace=... root=customUI callbacks=N   the XML, parsed
//   ribbon-call: ATTR NAME id=ID hr=0x... ms=... [result="..."]       each callback called
//   ribbon: menu xml=N chars namespace=... root=menu callbacks=N     a getContent's answer
//   ribbon-menu-item: id=ID label="..." [supertip="..."]              each of its items
//   ribbon-ui: invalidate=N invalidate-control=N ids=a:N,b:N wrong-thread=N alive=N
// Each failure is a misbehavior: no IRibbonExtensibility, XML that does not parse or is in
// another namespace, a name GetIDsOfNames does not know, a failing or slow (over 1 s: Office's
// thread waits for it) callback, a getter that answers no string, IRibbonUI called off the main
// thread or not released by the end.
#pragma once

#include "com_ptr.h"
#include "outlook_host.h"
#include "ribbon_api.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

struct IXMLDOMNode;

namespace oh::win {

class RibbonUiStandin;

class RibbonDriver {
  public:
    RibbonDriver(IUnknown* addin, Transcript& out);
    ~RibbonDriver();
    RibbonDriver(const RibbonDriver&) = delete;
    RibbonDriver& operator=(const RibbonDriver&) = delete;

    // First time: GetCustomUI, parse, check, onLoad. Then every callback of the XML (and of the
    // menus it leads to), getters and actions alike.
    void run_all();
    // The getters again, as Office calls them after an invalidation.
    void refresh();
    // The onAction of the control with that id (from the XML or a menu's content).
    void click(const std::string& id);
    // InvalidateControl(id) calls (and Invalidate() calls, which cover every id) since the last
    // run_all/refresh.
    long invalidated_since_refresh(const std::string& id) const;
    // Whether control `id`'s label contains `text`, asking for it again (refresh) first when it
    // was invalidated or never asked: what Office shows after an invalidation.
    bool label_contains(const std::string& id, const std::string& text);
    // Lets go of the add-in (before Outlook's final Release), then, after it:
    void release_addin();
    // "ribbon-ui: ..." and whether the add-in let go of the IRibbonUI (`strict`: a misbehavior
    // if not, as for Outlook's own objects after a notified shutdown).
    void report(bool strict);

  private:
    struct Callback {
        std::string attribute; // onAction, getLabel, ...
        std::string name;      // the add-in's method
        std::string control;   // the element's id (idMso/idQ if none)
        std::string tag;
    };

    bool load();
    bool parse(const std::wstring& xml, const char* what, std::vector<Callback>& found);
    void collect(IXMLDOMNode* node, std::vector<Callback>& found, bool menu);
    void call(const Callback& cb);
    void call_all(bool getters_only);
    void mark_refreshed();

    ComPtr<IUnknown> addin_;
    Transcript& out_;
    ComPtr<IDispatch> dispatch_;
    RibbonUiStandin* ui_ = nullptr; // ours; the add-in holds references of its own
    bool loaded_ = false;
    bool load_failed_ = false;
    std::vector<Callback> callbacks_;           // from the customUI XML
    std::vector<Callback> menu_callbacks_;      // from the last getContent answers
    std::map<std::string, long> seen_;          // invalidations already seen, per id
    std::map<std::string, std::string> labels_; // the last getLabel answer, per id
};

} // namespace oh::win
