// Late binding to Outlook's object model: IDispatch::GetIDsOfNames + Invoke by name, no type
// library, any compiler. Only what the add-in needs: read a property, call a method with
// positional arguments. Object model: call these only on Outlook's main thread.
#pragma once

#include "result.h"

#include <oaidl.h>

#include <initializer_list>

namespace oh::win {

// A VARIANT that is always cleared.
class Variant {
  public:
    Variant() { VariantInit(&v_); }
    ~Variant() { VariantClear(&v_); }
    Variant(const Variant&) = delete;
    Variant& operator=(const Variant&) = delete;
    VARIANT* get() { return &v_; }
    const VARIANT& operator*() const { return v_; }

  private:
    VARIANT v_;
};

// object.name as a property get, the value in `out`; or why not ("no property X: ...",
// "reading X failed: ..." with Outlook's own description when it gave one).
Status get_property(IDispatch* object, const wchar_t* name, Variant& out);
// object.name(args...) as a method call, arguments in the order written (they are passed to
// Invoke reversed, as IDispatch wants them); the result is dropped. Or why not.
Status call_method(IDispatch* object, const wchar_t* name, std::initializer_list<VARIANT> args);
// application.Session (the NameSpace) into `session`; or why not.
Status get_session(IDispatch* application, Variant& session);

} // namespace oh::win
