// What the Outlook stand-in's run is made of, besides the add-in: COM on Outlook's main
// thread, the "custom" array of IDTExtensibility2, Wine's missing class merge, the message
// loop, a clock and the transcript's small formats.
#pragma once

#include "handles.h"

#include <ole2.h>
#include <windows.h>

#include <functional>
#include <string>
#include <vector>

namespace oh::win {

// The milliseconds since an arbitrary start, with sub-millisecond resolution.
double now_ms();
// True under Wine (ntdll exports wine_get_version there, never on Windows).
bool running_on_wine();

// COM on this thread as Outlook's main thread has it: a single-threaded apartment.
class ComApartment {
  public:
    ComApartment() : hr_(CoInitializeEx(nullptr, COINIT_APARTMENTTHREADED)) {}
    ~ComApartment() {
        if (SUCCEEDED(hr_)) CoUninitialize();
    }
    ComApartment(const ComApartment&) = delete;
    ComApartment& operator=(const ComApartment&) = delete;
    HRESULT result() const { return hr_; }

  private:
    HRESULT hr_;
};

// The "custom" argument: an empty array of VARIANTs, passed by reference as Outlook does. The
// add-in may replace it; whatever is there afterwards is destroyed here.
class CustomArray {
  public:
    CustomArray() : a_(SafeArrayCreateVector(VT_VARIANT, 0, 0)) {}
    ~CustomArray() {
        if (a_) SafeArrayDestroy(a_);
    }
    CustomArray(const CustomArray&) = delete;
    CustomArray& operator=(const CustomArray&) = delete;
    SAFEARRAY** ref() { return &a_; }

  private:
    SAFEARRAY* a_;
};

// Keys copied from HKCU to HKLM for Wine; removed again when the host ends. HKLM keys of the
// same path (a per-machine install beside the per-user one) are set aside meanwhile and put
// back: in Windows' merged view HKCU's class hides HKLM's, it does not replace it.
class ClassesMerge {
  public:
    ClassesMerge() = default;
    ClassesMerge(const ClassesMerge&) = delete;
    ClassesMerge& operator=(const ClassesMerge&) = delete;
    ~ClassesMerge();
    LSTATUS copy(const std::wstring& path);

  private:
    std::vector<std::wstring> copied_;
    std::vector<std::wstring> set_aside_;
};

// Runs this thread's message loop (as Outlook's UI thread does) until done() holds or the
// time is up. done nullptr: just for the whole time. Returns whether done() held.
bool pump(DWORD ms, const std::function<bool()>& done);

// Threads of this process (-1 when they cannot be counted).
long thread_count();
// The folder this program is in, with a trailing separator.
std::wstring own_folder();

// Transcript formats: "12.34", "\"text\"", "{XXXXXXXX-...}".
std::string ms_text(double ms);
std::string quoted(const std::wstring& s);
std::string guid_text(const GUID& g);

} // namespace oh::win
