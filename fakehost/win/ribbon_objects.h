// Office's side of the ribbon callbacks, for the stand-in's ribbon driver (ribbon_driver.h):
// the IRibbonControl passed to each control callback and the IRibbonUI passed to onLoad. Both
// minimal dual interfaces (no late binding: an add-in calls them through the vtable).
#pragma once

#include "dispatch_base.h"
#include "ribbon_api.h"

#include <windows.h>

#include <atomic>
#include <map>
#include <mutex>
#include <string>

namespace oh::win {

class RibbonControlStandin final : public DispatchBase<RibbonControlStandin, IRibbonControl> {
  public:
    HRESULT STDMETHODCALLTYPE get_Id(BSTR* id) override;
    HRESULT STDMETHODCALLTYPE get_Context(IDispatch** context) override;
    HRESULT STDMETHODCALLTYPE get_Tag(BSTR* tag) override;

  private:
    friend ComObject;
    RibbonControlStandin(std::wstring id, std::wstring tag)
        : id_(std::move(id)), tag_(std::move(tag)) {}
    ~RibbonControlStandin() override = default;
    std::wstring id_, tag_;
};

// Counts what the add-in asks of the ribbon; calls off the thread that made it are counted
// too (Office's ribbon belongs to its main thread).
class RibbonUiStandin final : public DispatchBase<RibbonUiStandin, IRibbonUI> {
  public:
    HRESULT STDMETHODCALLTYPE Invalidate() override;
    HRESULT STDMETHODCALLTYPE InvalidateControl(BSTR id) override;
    HRESULT STDMETHODCALLTYPE InvalidateControlMso(BSTR id) override;
    HRESULT STDMETHODCALLTYPE ActivateTab(BSTR id) override;
    HRESULT STDMETHODCALLTYPE ActivateTabMso(BSTR id) override;
    HRESULT STDMETHODCALLTYPE ActivateTabQ(BSTR id, BSTR ns) override;

    long invalidate_all() const;
    long invalidate_control() const;
    long invalidated(const std::string& id) const; // InvalidateControl(id) + Invalidate()
    std::string per_id() const;                    // "scripts:2,status:2"
    long wrong_thread() const { return wrong_thread_; }

  private:
    friend ComObject;
    RibbonUiStandin() : thread_(GetCurrentThreadId()) {}
    ~RibbonUiStandin() override = default;
    void check_thread();

    DWORD thread_;
    mutable std::mutex mu_;
    long all_ = 0;
    long controls_ = 0;
    std::map<std::string, long> per_id_;
    std::atomic<long> wrong_thread_{0};
};

} // namespace oh::win
