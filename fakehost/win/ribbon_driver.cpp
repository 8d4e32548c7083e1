#include "ribbon_driver.h"

#include "host_util.h"
#include "offline_text.h"
#include "ribbon_objects.h"
#include "utf16.h"

#include <msxml2.h>

namespace oh::win {

namespace {

constexpr wchar_t kExplorer[] = L"Microsoft.Outlook.Explorer";
constexpr wchar_t kNamespace[] = L"http://schemas.microsoft.com/office/2009/07/customui";
constexpr double kSlowMs = 1000; // Office's thread waits for every callback

// A BSTR owned here.
struct Bstr {
    BSTR b = nullptr;
    Bstr() = default;
    explicit Bstr(const std::wstring& s)
        : b(SysAllocStringLen(s.data(), static_cast<UINT>(s.size()))) {}
    ~Bstr() { SysFreeString(b); }
    Bstr(const Bstr&) = delete;
    Bstr& operator=(const Bstr&) = delete;
    std::wstring text() const { return b ? std::wstring(b, SysStringLen(b)) : std::wstring(); }
};

struct Variant {
    VARIANT v;
    Variant() { VariantInit(&v); }
    ~Variant() { VariantClear(&v); }
    Variant(const Variant&) = delete;
    Variant& operator=(const Variant&) = delete;
};

bool is_callback(const std::string& attribute) {
    return attribute.rfind("on", 0) == 0 || attribute.rfind("get", 0) == 0 ||
           attribute == "loadImage";
}

// The transcript shows at most this much of an answer.
std::string shown(const std::string& text) {
    return text.size() <= 300 ? text : text.substr(0, 300) + "...";
}

std::wstring node_text(IXMLDOMNode* node, HRESULT (STDMETHODCALLTYPE IXMLDOMNode::*get)(BSTR*)) {
    Bstr b;
    return SUCCEEDED((node->*get)(&b.b)) ? b.text() : std::wstring();
}

ComPtr<IXMLDOMDocument> new_document() {
    ComPtr<IXMLDOMDocument> doc;
    for (const wchar_t* progid : {L"Msxml2.DOMDocument.6.0", L"Msxml2.DOMDocument.3.0"}) {
        CLSID clsid{};
        if (SUCCEEDED(CLSIDFromProgID(progid, &clsid)) &&
            SUCCEEDED(CoCreateInstance(clsid, nullptr, CLSCTX_INPROC_SERVER, IID_IXMLDOMDocument,
                                       doc.put_void())))
            break;
    }
    return doc;
}

} // namespace

RibbonDriver::RibbonDriver(IUnknown* addin, Transcript& out)
    : addin_(ComPtr<IUnknown>::share(addin)), out_(out) {
    RibbonUiStandin::create(IID_IRibbonUI, reinterpret_cast<void**>(&ui_));
}

RibbonDriver::~RibbonDriver() {
    if (ui_) ui_->Release();
}

bool RibbonDriver::load() {
    if (loaded_ || load_failed_) return loaded_;
    load_failed_ = true;
    ComPtr<IRibbonExtensibility> ext;
    HRESULT hr = addin_->QueryInterface(IID_IRibbonExtensibility, ext.put_void());
    if (FAILED(hr) || !ext) {
        out_.misbehavior("ribbon: the add-in object has no IRibbonExtensibility (" +
                         hresult_hex(hr) + ")");
        return false;
    }
    hr = addin_->QueryInterface(IID_IDispatch, dispatch_.put_void());
    if (FAILED(hr) || !dispatch_) {
        out_.misbehavior("ribbon: the add-in object has no IDispatch for its callbacks");
        return false;
    }
    Bstr id(kExplorer), xml;
    const double t0 = now_ms();
    hr = ext->GetCustomUI(id.b, &xml.b);
    out_.line("ribbon: GetCustomUI(Microsoft.Outlook.Explorer) hr=" + hresult_hex(hr) +
              " ms=" + ms_text(now_ms() - t0));
    if (FAILED(hr) || xml.text().empty()) {
        out_.misbehavior("ribbon: GetCustomUI gave no XML for Outlook's main window");
        return false;
    }
    Bstr other(L"Microsoft.Outlook.Mail.Read"), none;
    if (SUCCEEDED(ext->GetCustomUI(other.b, &none.b)) && !none.text().empty())
        out_.misbehavior("ribbon: GetCustomUI gave the Explorer's XML for an inspector too");
    if (!parse(xml.text(), "customUI", callbacks_)) return false;
    for (const Callback& cb : callbacks_)
        if (cb.attribute == "onLoad") call(cb);
    loaded_ = true;
    load_failed_ = false;
    return true;
}

// Parses `xml`; its root must be `root` in the customUI namespace. Collects its callbacks.
bool RibbonDriver::parse(const std::wstring& xml, const char* root, std::vector<Callback>& found) {
    ComPtr<IXMLDOMDocument> doc = new_document();
    if (!doc) {
        out_.line("error: ribbon: MSXML (Msxml2.DOMDocument.6.0 or 3.0) is not available");
        out_.misbehavior("ribbon: cannot parse the XML without MSXML");
        return false;
    }
    doc->put_async(VARIANT_FALSE);
    Bstr text(xml);
    VARIANT_BOOL ok = VARIANT_FALSE;
    if (FAILED(doc->loadXML(text.b, &ok)) || ok != VARIANT_TRUE) {
        ComPtr<IXMLDOMParseError> error;
        Bstr reason;
        long line = 0;
        if (SUCCEEDED(doc->get_parseError(error.put())) && error) {
            error->get_reason(&reason.b);
            error->get_line(&line);
        }
        out_.misbehavior(std::string("ribbon: ") + root + " XML is not well-formed (line " +
                         std::to_string(line) + ": " + to_utf8(reason.text()) + ")");
        return false;
    }
    ComPtr<IXMLDOMElement> element;
    ComPtr<IXMLDOMNode> node;
    if (FAILED(doc->get_documentElement(element.put())) || !element ||
        FAILED(element->QueryInterface(IID_IXMLDOMNode, node.put_void()))) {
        out_.misbehavior(std::string("ribbon: ") + root + " XML has no root element");
        return false;
    }
    const std::wstring ns = node_text(node.get(), &IXMLDOMNode::get_namespaceURI);
    const std::wstring name = node_text(node.get(), &IXMLDOMNode::get_baseName);
    const std::size_t before = found.size();
    collect(node.get(), found, std::string(root) == "menu");
    out_.line(std::string("ribbon: ") + root + " xml=" + std::to_string(xml.size()) +
              " chars namespace=" + to_utf8(ns) + " root=" + to_utf8(name) +
              " callbacks=" + std::to_string(found.size() - before));
    if (ns != kNamespace || name != to_utf16(root)) {
        out_.misbehavior(std::string("ribbon: the root is not a ") + root + " element of " +
                         to_utf8(kNamespace));
        return false;
    }
    return true;
}

void RibbonDriver::collect(IXMLDOMNode* node, std::vector<Callback>& found, bool menu) {
    DOMNodeType type{};
    if (FAILED(node->get_nodeType(&type)) || type != NODE_ELEMENT) return;
    ComPtr<IXMLDOMNamedNodeMap> attributes;
    std::vector<std::pair<std::string, std::string>> attrs;
    long n = 0;
    if (SUCCEEDED(node->get_attributes(attributes.put())) && attributes &&
        SUCCEEDED(attributes->get_length(&n)))
        for (long i = 0; i < n; ++i) {
            ComPtr<IXMLDOMNode> a;
            if (FAILED(attributes->get_item(i, a.put())) || !a) continue;
            Variant value;
            a->get_nodeValue(&value.v);
            attrs.emplace_back(to_utf8(node_text(a.get(), &IXMLDOMNode::get_nodeName)),
                               value.v.vt == VT_BSTR ? to_utf8(value.v.bstrVal) : std::string());
        }
    Callback base;
    for (const auto& [k, v] : attrs) {
        if (k == "id" || ((k == "idMso" || k == "idQ") && base.control.empty())) base.control = v;
        if (k == "tag") base.tag = v;
    }
    if (menu && !base.control.empty()) {
        std::string item = "ribbon-menu-item: id=" + base.control;
        for (const auto& [k, v] : attrs)
            if (k == "label" || k == "supertip" || k == "enabled")
                item += " " + k + "=\"" + v + "\"";
        out_.line(item);
    }
    for (const auto& [k, v] : attrs)
        if (is_callback(k)) {
            Callback cb = base;
            cb.attribute = k;
            cb.name = v;
            found.push_back(cb);
        }
    ComPtr<IXMLDOMNodeList> children;
    long count = 0;
    if (FAILED(node->get_childNodes(children.put())) || !children ||
        FAILED(children->get_length(&count)))
        return;
    for (long i = 0; i < count; ++i) {
        ComPtr<IXMLDOMNode> child;
        if (SUCCEEDED(children->get_item(i, child.put())) && child)
            collect(child.get(), found, menu);
    }
}

// GetIDsOfNames + Invoke, as Office calls a COM add-in's callback.
void RibbonDriver::call(const Callback& cb) {
    std::wstring name = to_utf16(cb.name);
    LPOLESTR names[] = {name.data()};
    DISPID id = DISPID_UNKNOWN;
    HRESULT hr = dispatch_->GetIDsOfNames(IID_NULL, names, 1, LOCALE_USER_DEFAULT, &id);
    const std::string head = "ribbon-call: " + cb.attribute + " " + cb.name + " id=" + cb.control;
    if (FAILED(hr)) {
        out_.line(head + " GetIDsOfNames hr=" + hresult_hex(hr));
        out_.misbehavior("ribbon: GetIDsOfNames does not know the callback " + cb.name);
        return;
    }
    ComPtr<IDispatch> arg;
    if (cb.attribute == "onLoad")
        ui_->QueryInterface(IID_IDispatch, arg.put_void());
    else
        RibbonControlStandin::create(IID_IDispatch, arg.put_void(), to_utf16(cb.control),
                                     to_utf16(cb.tag));
    VARIANTARG args[1];
    VariantInit(&args[0]);
    args[0].vt = VT_DISPATCH;
    args[0].pdispVal = arg.get();
    DISPPARAMS params{args, nullptr, 1, 0};
    Variant result;
    const double t0 = now_ms();
    hr = dispatch_->Invoke(id, IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_METHOD, &params, &result.v,
                           nullptr, nullptr);
    const double ms = now_ms() - t0;
    std::string line = head + " hr=" + hresult_hex(hr) + " ms=" + ms_text(ms);
    const bool getter = cb.attribute.rfind("get", 0) == 0;
    const std::string answer = result.v.vt == VT_BSTR ? to_utf8(result.v.bstrVal) : std::string();
    if (getter)
        line += " result=" + (result.v.vt == VT_BSTR ? "\"" + shown(answer) + "\"" : "none");
    out_.line(line);
    if (cb.attribute == "getLabel") labels_[cb.control] = answer;
    if (FAILED(hr)) out_.misbehavior("ribbon: callback " + cb.name + " failed: " + hresult_hex(hr));
    if (ms > kSlowMs)
        out_.misbehavior("ribbon: callback " + cb.name + " took " + ms_text(ms) +
                         " ms (Outlook's window waits for it)");
    if (getter && SUCCEEDED(hr) && result.v.vt != VT_BSTR)
        out_.misbehavior("ribbon: " + cb.attribute + " " + cb.name + " answered no string");
    if (cb.attribute == "getContent" && result.v.vt == VT_BSTR) {
        std::vector<Callback> items;
        if (!parse(to_utf16(answer), "menu", items)) return;
        for (const Callback& item : items) menu_callbacks_.push_back(item);
    }
}

void RibbonDriver::call_all(bool getters_only) {
    if (!load()) return;
    menu_callbacks_.clear();
    for (const Callback& cb : callbacks_)
        if (cb.attribute != "onLoad" && (!getters_only || cb.attribute.rfind("get", 0) == 0))
            call(cb);
    if (getters_only) return;
    const std::vector<Callback> items = menu_callbacks_; // call() may refill it
    for (const Callback& cb : items) call(cb);
}

void RibbonDriver::mark_refreshed() {
    for (const char* id : {"status", "scripts"}) seen_[id] = ui_->invalidated(id);
}

void RibbonDriver::run_all() {
    mark_refreshed();
    call_all(false);
}

void RibbonDriver::refresh() {
    mark_refreshed();
    call_all(true);
}

void RibbonDriver::click(const std::string& id) {
    if (!load()) return;
    for (const auto* list : {&callbacks_, &menu_callbacks_})
        for (const Callback& cb : *list)
            if (cb.control == id && cb.attribute == "onAction") return call(cb);
    out_.misbehavior("ribbon: no control " + id + " with an onAction in the XML");
}

long RibbonDriver::invalidated_since_refresh(const std::string& id) const {
    const auto it = seen_.find(id);
    return ui_->invalidated(id) - (it == seen_.end() ? 0 : it->second);
}

bool RibbonDriver::label_contains(const std::string& id, const std::string& text) {
    if (!labels_.count(id) || invalidated_since_refresh(id) > 0) refresh();
    const auto it = labels_.find(id);
    return it != labels_.end() && it->second.find(text) != std::string::npos;
}

void RibbonDriver::release_addin() {
    dispatch_.reset();
    addin_.reset();
}

void RibbonDriver::report(bool strict) {
    ui_->AddRef();
    const ULONG refs = ui_->Release(); // ours is the only one left when the add-in let go
    out_.line("ribbon-ui: invalidate=" + std::to_string(ui_->invalidate_all()) +
              " invalidate-control=" + std::to_string(ui_->invalidate_control()) +
              " ids=" + ui_->per_id() + " wrong-thread=" + std::to_string(ui_->wrong_thread()) +
              " held-by-addin=" + std::to_string(refs - 1));
    if (ui_->wrong_thread() > 0)
        out_.misbehavior("ribbon: IRibbonUI called off Outlook's main thread");
    if (strict && refs > 1)
        out_.misbehavior("ribbon: the add-in still holds the IRibbonUI after it was released");
}

} // namespace oh::win
