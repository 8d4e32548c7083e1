// ComObject<Derived, Interfaces...>: IUnknown for a COM class, written once. A class lists the
// interfaces it implements and writes only their own methods:
//
//   class Sink final : public ComObject<Sink, IMAPIOfflineNotify> { ... Notify ... };
//
// QueryInterface answers IUnknown (always the same pointer: the first interface's, COM's rule
// of identity), each listed interface and the interfaces it derives from (IDispatch for an
// IDTExtensibility2), and E_NOINTERFACE with *ppv = nullptr for anything else. The reference
// count is thread-safe (Interlocked*: Outlook calls a sink from its own threads) and starts at
// one, owned by whoever created the object; the last Release deletes it.
//
// An interface is known to QueryInterface through ComInterface<I>: its IID and the interface it
// derives from. IUnknown, IDispatch and IClassFactory are declared here; extensibility.h and
// offline_interfaces.h declare the add-in's.
#pragma once

#include <oaidl.h>
#include <unknwn.h>
#include <windows.h>

#include <new>
#include <type_traits>
#include <utility>

namespace oh::win {

template <class I>
struct ComInterface; // static const IID& iid(); using Base = the interface I derives from

template <>
struct ComInterface<IDispatch> {
    static const IID& iid() { return IID_IDispatch; }
    using Base = IUnknown;
};

template <>
struct ComInterface<IClassFactory> {
    static const IID& iid() { return IID_IClassFactory; }
    using Base = IUnknown;
};

// True when a pointer to I may be handed out for `riid`: I's own IID or one of its bases'.
// IUnknown is left to ComObject, which hands out one pointer for it whatever was asked.
template <class I>
bool answers_to(REFIID riid) {
    if (IsEqualGUID(riid, ComInterface<I>::iid())) return true;
    using Base = typename ComInterface<I>::Base;
    if constexpr (std::is_same_v<Base, IUnknown>)
        return false;
    else
        return answers_to<Base>(riid);
}

template <class Derived, class First, class... Rest>
class ComObject : public First, public Rest... {
  public:
    ComObject(const ComObject&) = delete;
    ComObject& operator=(const ComObject&) = delete;

    // A new Derived(args...), answering for `riid` in *ppv: what DllGetClassObject and
    // IClassFactory::CreateInstance hand out. Derived's constructor must be reachable from
    // here (public, or `friend ComObject;`).
    template <class... Args>
    static HRESULT create(REFIID riid, void** ppv, Args&&... args) {
        if (!ppv) return E_POINTER;
        *ppv = nullptr;
        Derived* object = new (std::nothrow) Derived(std::forward<Args>(args)...);
        if (!object) return E_OUTOFMEMORY;
        const HRESULT hr = object->QueryInterface(riid, ppv);
        object->Release(); // the creation reference: *ppv holds the object now, or nobody does
        return hr;
    }

    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppv) override {
        if (!ppv) return E_POINTER;
        *ppv = IsEqualGUID(riid, IID_IUnknown) ? identity() : find<First, Rest...>(riid);
        if (!*ppv) return E_NOINTERFACE;
        AddRef();
        return S_OK;
    }

    ULONG STDMETHODCALLTYPE AddRef() override {
        return static_cast<ULONG>(InterlockedIncrement(&refs_));
    }

    ULONG STDMETHODCALLTYPE Release() override {
        const LONG left = InterlockedDecrement(&refs_);
        if (left == 0) delete this;
        return static_cast<ULONG>(left);
    }

  protected:
    ComObject() = default;
    // Virtual, so that Release deletes the whole Derived; Derived's own destructor may stay
    // private. (The slot comes after the interfaces' in the vtable: COM callers never see it.)
    virtual ~ComObject() = default;

  private:
    IUnknown* identity() { return static_cast<First*>(this); }

    template <class I, class... More>
    void* find(REFIID riid) {
        if (answers_to<I>(riid)) return static_cast<I*>(this);
        if constexpr (sizeof...(More) > 0)
            return find<More...>(riid);
        else
            return nullptr;
    }

    LONG refs_ = 1;
};

} // namespace oh::win
