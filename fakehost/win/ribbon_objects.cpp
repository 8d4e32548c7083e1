#include "ribbon_objects.h"

#include "utf16.h"

namespace oh::win {

namespace {

HRESULT copy_text(const std::wstring& text, BSTR* out) {
    if (!out) return E_POINTER;
    *out = SysAllocStringLen(text.data(), static_cast<UINT>(text.size()));
    return *out ? S_OK : E_OUTOFMEMORY;
}

} // namespace

HRESULT STDMETHODCALLTYPE RibbonControlStandin::get_Id(BSTR* id) {
    return copy_text(id_, id);
}

HRESULT STDMETHODCALLTYPE RibbonControlStandin::get_Context(IDispatch** context) {
    if (!context) return E_POINTER;
    *context = nullptr; // Office's Explorer window: nothing the add-in uses
    return S_OK;
}

HRESULT STDMETHODCALLTYPE RibbonControlStandin::get_Tag(BSTR* tag) {
    return copy_text(tag_, tag);
}

void RibbonUiStandin::check_thread() {
    if (GetCurrentThreadId() != thread_) ++wrong_thread_;
}

HRESULT STDMETHODCALLTYPE RibbonUiStandin::Invalidate() {
    check_thread();
    std::lock_guard lock(mu_);
    ++all_;
    return S_OK;
}

HRESULT STDMETHODCALLTYPE RibbonUiStandin::InvalidateControl(BSTR id) {
    check_thread();
    if (!id) return E_INVALIDARG;
    std::lock_guard lock(mu_);
    ++controls_;
    ++per_id_[to_utf8(std::wstring(id, SysStringLen(id)))];
    return S_OK;
}

HRESULT STDMETHODCALLTYPE RibbonUiStandin::InvalidateControlMso(BSTR) {
    check_thread();
    return S_OK;
}

HRESULT STDMETHODCALLTYPE RibbonUiStandin::ActivateTab(BSTR) {
    check_thread();
    return S_OK;
}

HRESULT STDMETHODCALLTYPE RibbonUiStandin::ActivateTabMso(BSTR) {
    check_thread();
    return S_OK;
}

HRESULT STDMETHODCALLTYPE RibbonUiStandin::ActivateTabQ(BSTR, BSTR) {
    check_thread();
    return S_OK;
}

long RibbonUiStandin::invalidate_all() const {
    std::lock_guard lock(mu_);
    return all_;
}

long RibbonUiStandin::invalidate_control() const {
    std::lock_guard lock(mu_);
    return controls_;
}

long RibbonUiStandin::invalidated(const std::string& id) const {
    std::lock_guard lock(mu_);
    const auto it = per_id_.find(id);
    return all_ + (it == per_id_.end() ? 0 : it->second);
}

std::string RibbonUiStandin::per_id() const {
    std::lock_guard lock(mu_);
    std::string text;
    for (const auto& [id, n] : per_id_)
        text += (text.empty() ? "" : ",") + id + ":" + std::to_string(n);
    return text.empty() ? "none" : text;
}

} // namespace oh::win
