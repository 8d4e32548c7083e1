// ComObject<Derived, Interfaces...> (win/com_object.h), the IUnknown of every COM class in the
// add-in, the Outlook stand-in and the Wine probe: COM's rules for QueryInterface and the
// reference count, checked under Wine.
#ifdef _WIN32
#include "catch.hpp"

#include "com_object.h"
#include "extensibility.h"
#include "offline_interfaces.h"

#include <atomic>
#include <thread>
#include <vector>

using oh::win::ComObject;

namespace {

std::atomic<int> g_alive{0};

// Two unrelated interfaces: IUnknown must be one pointer whichever is asked.
class Twin final : public ComObject<Twin, IClassFactory, IMAPIOfflineNotify> {
  public:
    Twin() { ++g_alive; }
    HRESULT STDMETHODCALLTYPE CreateInstance(IUnknown*, REFIID, void** ppv) override {
        if (ppv) *ppv = nullptr;
        return E_NOTIMPL;
    }
    HRESULT STDMETHODCALLTYPE LockServer(BOOL) override { return S_OK; }
    void STDMETHODCALLTYPE Notify(const MAPIOFFLINE_NOTIFY*) override {}

  private:
    ~Twin() override { --g_alive; }
};

// A dual interface: IDTExtensibility2 must answer for IDispatch too.
class Dual final : public oh::win::AddinObject<Dual> {
  public:
    HRESULT STDMETHODCALLTYPE OnConnection(IDispatch*, ext_ConnectMode, IDispatch*,
                                           SAFEARRAY**) override {
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE OnDisconnection(ext_DisconnectMode, SAFEARRAY**) override {
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE OnAddInsUpdate(SAFEARRAY**) override { return S_OK; }
    HRESULT STDMETHODCALLTYPE OnStartupComplete(SAFEARRAY**) override { return S_OK; }
    HRESULT STDMETHODCALLTYPE OnBeginShutdown(SAFEARRAY**) override { return S_OK; }
};

// The IUnknown identity of whatever `p` points into.
IUnknown* identity(IUnknown* p) {
    void* unknown = nullptr;
    REQUIRE(p->QueryInterface(IID_IUnknown, &unknown) == S_OK);
    p->Release();
    return static_cast<IUnknown*>(unknown);
}

} // namespace

TEST_CASE("ComObject answers QueryInterface for each listed interface, with one IUnknown",
          "[com][win]") {
    auto* twin = new Twin;
    void* factory = nullptr;
    void* notify = nullptr;
    REQUIRE(twin->QueryInterface(IID_IClassFactory, &factory) == S_OK);
    REQUIRE(twin->QueryInterface(IID_IMAPIOfflineNotify, &notify) == S_OK);
    CHECK(factory == static_cast<IClassFactory*>(twin));
    CHECK(notify == static_cast<IMAPIOfflineNotify*>(twin));
    CHECK(factory != notify); // two vtables: the test proves identity, not a coincidence

    // The same IUnknown through every interface: COM's test for "the same object".
    IUnknown* through_factory = identity(static_cast<IClassFactory*>(factory));
    IUnknown* through_notify = identity(static_cast<IMAPIOfflineNotify*>(notify));
    CHECK(through_factory == through_notify);
    CHECK(through_factory == static_cast<IClassFactory*>(twin)); // the first interface's

    static_cast<IClassFactory*>(factory)->Release();
    static_cast<IMAPIOfflineNotify*>(notify)->Release();
    CHECK(twin->Release() == 0);
}

TEST_CASE("ComObject refuses an interface it does not list and clears the out pointer",
          "[com][win]") {
    auto* twin = new Twin;
    void* p = twin; // not null: QueryInterface must clear it
    CHECK(twin->QueryInterface(IID_IDispatch, &p) == E_NOINTERFACE);
    CHECK(p == nullptr);
    p = twin;
    CHECK(twin->QueryInterface(IID_IMAPIOfflineMgr, &p) == E_NOINTERFACE);
    CHECK(p == nullptr);
    CHECK(twin->QueryInterface(IID_IUnknown, nullptr) == E_POINTER);
    CHECK(twin->Release() == 0); // no reference was added by the refusals
}

TEST_CASE("ComObject answers for the interfaces a listed one derives from", "[com][win]") {
    auto* dual = new Dual;
    void* dispatch = nullptr;
    void* extensibility = nullptr;
    REQUIRE(dual->QueryInterface(IID_IDispatch, &dispatch) == S_OK);
    REQUIRE(dual->QueryInterface(IID_IDTExtensibility2, &extensibility) == S_OK);
    CHECK(dispatch == static_cast<IDispatch*>(dual));
    CHECK(extensibility == static_cast<IDTExtensibility2*>(dual));
    UINT count = 99; // the minimal IDispatch half: no type information
    CHECK(static_cast<IDispatch*>(dispatch)->GetTypeInfoCount(&count) == S_OK);
    CHECK(count == 0);
    static_cast<IUnknown*>(dispatch)->Release();
    static_cast<IUnknown*>(extensibility)->Release();
    void* none = dual;
    CHECK(dual->QueryInterface(IID_IClassFactory, &none) == E_NOINTERFACE);
    CHECK(none == nullptr);
    CHECK(dual->Release() == 0);
}

TEST_CASE("A ComObject lives until its last reference is released, then is deleted once",
          "[com][win]") {
    const int before = g_alive;
    auto* twin = new Twin; // created with one reference, the creator's
    CHECK(g_alive == before + 1);
    CHECK(twin->AddRef() == 2);
    CHECK(twin->AddRef() == 3);
    CHECK(twin->Release() == 2);
    CHECK(twin->Release() == 1);
    CHECK(g_alive == before + 1);
    CHECK(twin->Release() == 0);
    CHECK(g_alive == before);
}

TEST_CASE("ComObject's reference count holds when threads add and release at once", "[com][win]") {
    const int before = g_alive;
    auto* twin = new Twin;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([twin] {
            for (int i = 0; i < 20000; ++i) {
                twin->AddRef();
                twin->Release();
            }
        });
    for (auto& t : threads) t.join();
    CHECK(g_alive == before + 1);
    CHECK(twin->AddRef() == 2); // exactly the creator's reference was left
    CHECK(twin->Release() == 1);
    CHECK(twin->Release() == 0);
    CHECK(g_alive == before);
}

TEST_CASE("ComObject::create hands out the interface asked for, and nothing when it is refused",
          "[com][win]") {
    const int before = g_alive;
    void* p = nullptr;
    REQUIRE(Twin::create(IID_IMAPIOfflineNotify, &p) == S_OK);
    REQUIRE(p != nullptr);
    CHECK(g_alive == before + 1);
    CHECK(static_cast<IMAPIOfflineNotify*>(p)->Release() == 0); // the only reference
    CHECK(g_alive == before);

    p = &p;
    CHECK(Twin::create(IID_IDispatch, &p) == E_NOINTERFACE);
    CHECK(p == nullptr);
    CHECK(g_alive == before); // the refused object was deleted, not leaked
    CHECK(Twin::create(IID_IUnknown, nullptr) == E_POINTER);
    CHECK(g_alive == before);
}
#endif
