// The Office Fluent ribbon's COM interfaces, declared from Microsoft's documentation (namespace
// Microsoft.Office.Core, office.dll / MSO.DLL; the Windows SDK ships them only in Office's type
// library), for the add-in (addin/win/ribbon*.cpp) and the Outlook stand-in's ribbon driver
// (fakehost/win/ribbon_driver.cpp) that plays Office.
//
// IIDs (the GuidAttribute of each interface in the .NET reference of Microsoft.Office.Core):
//   IRibbonExtensibility {000C0396-0000-0000-C000-000000000046}
//     learn.microsoft.com/dotnet/api/microsoft.office.core.iribbonextensibility
//   IRibbonControl       {000C0395-0000-0000-C000-000000000046}
//     learn.microsoft.com/dotnet/api/microsoft.office.core.iribboncontrol
//   IRibbonUI            {000C03A7-0000-0000-C000-000000000046}
//     learn.microsoft.com/dotnet/api/microsoft.office.core.iribbonui
// All three are dual interfaces: IDispatch's seven slots, then their own members in the order
// of the type library (the documentation lists them alphabetically): IRibbonExtensibility has
// GetCustomUI only; IRibbonControl the read-only properties Id, Context, Tag; IRibbonUI
// Invalidate, InvalidateControl, InvalidateControlMso, ActivateTab, ActivateTabMso,
// ActivateTabQ (learn.microsoft.com/office/vba/api/overview/library-reference/
// iribbonui-members-office). The add-in calls only IRibbonControl::get_Id and
// IRibbonUI::InvalidateControl, the first slot after IDispatch's and the second.
#pragma once

#include "com_object.h"

#include <oaidl.h>
#include <windows.h>

inline constexpr IID IID_IRibbonExtensibility = {
    0x000C0396, 0x0000, 0x0000, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
inline constexpr IID IID_IRibbonControl = {
    0x000C0395, 0x0000, 0x0000, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
inline constexpr IID IID_IRibbonUI = {
    0x000C03A7, 0x0000, 0x0000, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};

// Office asks for the add-in's customUI XML once per ribbon (RibbonID: "Microsoft.Outlook.Explorer"
// for Outlook's main window, "Microsoft.Outlook.Mail.Read" and so on for inspectors). An empty
// string: nothing for that ribbon.
struct IRibbonExtensibility : public IDispatch {
    virtual HRESULT STDMETHODCALLTYPE GetCustomUI(BSTR RibbonID, BSTR* RibbonXml) = 0;

  protected:
    ~IRibbonExtensibility() = default;
};

// What every control callback receives: the control's id from the XML (Id), the window it is in
// (Context) and its tag attribute (Tag).
struct IRibbonControl : public IDispatch {
    virtual HRESULT STDMETHODCALLTYPE get_Id(BSTR* Id) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_Context(IDispatch** Context) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_Tag(BSTR* Tag) = 0;

  protected:
    ~IRibbonControl() = default;
};

// Handed to the customUI onLoad callback; the add-in keeps it to ask Office to call a control's
// get* callbacks again (InvalidateControl) when what they answer changed.
struct IRibbonUI : public IDispatch {
    virtual HRESULT STDMETHODCALLTYPE Invalidate() = 0;
    virtual HRESULT STDMETHODCALLTYPE InvalidateControl(BSTR ControlID) = 0;
    virtual HRESULT STDMETHODCALLTYPE InvalidateControlMso(BSTR ControlID) = 0;
    virtual HRESULT STDMETHODCALLTYPE ActivateTab(BSTR ControlID) = 0;
    virtual HRESULT STDMETHODCALLTYPE ActivateTabMso(BSTR ControlID) = 0;
    virtual HRESULT STDMETHODCALLTYPE ActivateTabQ(BSTR ControlID, BSTR Namespace) = 0;

  protected:
    ~IRibbonUI() = default;
};

namespace oh::win {

template <>
struct ComInterface<IRibbonExtensibility> {
    static const IID& iid() { return IID_IRibbonExtensibility; }
    using Base = IDispatch;
};
template <>
struct ComInterface<IRibbonControl> {
    static const IID& iid() { return IID_IRibbonControl; }
    using Base = IDispatch;
};
template <>
struct ComInterface<IRibbonUI> {
    static const IID& iid() { return IID_IRibbonUI; }
    using Base = IDispatch;
};

} // namespace oh::win
