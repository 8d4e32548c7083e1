#include "outlook_objects.h"

#include <utility>

namespace oh::win {
namespace {

// RPC_E_WRONG_THREAD: Outlook 2013+'s answer to an object-model call off its main thread.
constexpr HRESULT kWrongThread = static_cast<HRESULT>(0x8001010E);

HRESULT put_bstr(VARIANT* v, const std::wstring& s) {
    V_VT(v) = VT_BSTR;
    V_BSTR(v) = SysAllocStringLen(s.data(), static_cast<UINT>(s.size()));
    return V_BSTR(v) ? S_OK : E_OUTOFMEMORY;
}

HRESULT put_dispatch(VARIANT* v, const ComPtr<IDispatch>& d) {
    V_VT(v) = VT_DISPATCH;
    V_DISPATCH(v) = d.get();
    if (d) d->AddRef(); // the VARIANT owns a reference of its own
    return S_OK;
}

// Session.ExchangeConnectionMode as the scenario plays it (possibly slowly), and
// Session.SendAndReceive(showProgressDialog), counted.
void add_session_members(DispatchObject& session, ObjectModelStats& stats) {
    session.add_property(L"ExchangeConnectionMode", [&stats](VARIANT* v) {
        if (stats.mode_delay_ms) Sleep(stats.mode_delay_ms);
        ++stats.mode_reads;
        if (stats.refuse_mode) return E_FAIL;
        V_VT(v) = VT_I4;
        V_I4(v) = stats.exchange_mode.load();
        return S_OK;
    });
    session.add_method(L"SendAndReceive", [&stats](const DISPPARAMS& params, VARIANT*) {
        if (params.cArgs != 1) return DISP_E_BADPARAMCOUNT;
        VARIANT show;
        VariantInit(&show);
        if (FAILED(VariantChangeType(&show, &params.rgvarg[0], 0, VT_BOOL)))
            return DISP_E_TYPEMISMATCH;
        ++stats.send_and_receive;
        if (V_BOOL(&show) != VARIANT_FALSE) ++stats.send_and_receive_shown;
        return stats.refuse_send_and_receive ? E_FAIL : S_OK;
    });
}

} // namespace

std::string object_model_report(const ObjectModelStats& stats) {
    return "outlook: calls=" + std::to_string(stats.calls.load()) +
           " wrong-thread=" + std::to_string(stats.wrong_thread_calls.load()) +
           " mode-reads=" + std::to_string(stats.mode_reads.load()) +
           " send-and-receive=" + std::to_string(stats.send_and_receive.load()) +
           " send-and-receive-with-progress=" + std::to_string(stats.send_and_receive_shown.load());
}

DispatchObject::DispatchObject(ObjectModelStats& stats) : stats_(stats) {
    ++stats_.alive;
}

DispatchObject::~DispatchObject() {
    --stats_.alive;
}

void DispatchObject::add_property(std::wstring name, Getter get) {
    members_.push_back({std::move(name), std::move(get), nullptr});
}

void DispatchObject::add_method(std::wstring name, Method call) {
    members_.push_back({std::move(name), nullptr, std::move(call)});
}

bool DispatchObject::allowed_thread() {
    ++stats_.calls;
    if (GetCurrentThreadId() == stats_.main_thread) return true;
    ++stats_.wrong_thread_calls;
    return false;
}

HRESULT STDMETHODCALLTYPE DispatchObject::GetTypeInfoCount(UINT* count) {
    if (!count) return E_POINTER;
    *count = 0; // late binding only: no type information
    return S_OK;
}

HRESULT STDMETHODCALLTYPE DispatchObject::GetTypeInfo(UINT, LCID, ITypeInfo** info) {
    if (info) *info = nullptr;
    return DISP_E_BADINDEX;
}

HRESULT STDMETHODCALLTYPE DispatchObject::GetIDsOfNames(REFIID, LPOLESTR* names, UINT count, LCID,
                                                        DISPID* ids) {
    if (!allowed_thread()) return kWrongThread;
    if (!names || !ids) return E_POINTER;
    HRESULT hr = S_OK;
    for (UINT i = 0; i < count; ++i) {
        ids[i] = DISPID_UNKNOWN;
        // Only the member name (i == 0) can match: members take no named arguments.
        for (std::size_t p = 0; i == 0 && p < members_.size(); ++p) {
            // Automation names are case-insensitive.
            if (CompareStringOrdinal(names[i], -1, members_[p].name.c_str(), -1, TRUE) ==
                CSTR_EQUAL)
                ids[i] = static_cast<DISPID>(p + 1);
        }
        if (ids[i] == DISPID_UNKNOWN) hr = DISP_E_UNKNOWNNAME;
    }
    return hr;
}

HRESULT STDMETHODCALLTYPE DispatchObject::Invoke(DISPID id, REFIID, LCID, WORD flags,
                                                 DISPPARAMS* params, VARIANT* result, EXCEPINFO*,
                                                 UINT*) {
    if (!allowed_thread()) return kWrongThread;
    if (id < 1 || static_cast<std::size_t>(id) > members_.size()) return DISP_E_MEMBERNOTFOUND;
    const Member& member = members_[static_cast<std::size_t>(id - 1)];
    if (member.call) {
        if (!(flags & DISPATCH_METHOD)) return DISP_E_MEMBERNOTFOUND;
        if (params && params->cNamedArgs != 0) return DISP_E_NONAMEDARGS;
        if (result) VariantInit(result);
        const DISPPARAMS none{};
        return member.call(params ? *params : none, result);
    }
    // Late-bound callers often pass METHOD|PROPERTYGET for a property read; both are fine.
    if (!(flags & (DISPATCH_PROPERTYGET | DISPATCH_METHOD))) return DISP_E_MEMBERNOTFOUND;
    if (params && (params->cArgs != 0 || params->cNamedArgs != 0)) return DISP_E_BADPARAMCOUNT;
    if (!result) return S_OK; // a read whose value nobody wants
    VariantInit(result);
    return member.get(result);
}

ComPtr<IDispatch> make_application(ObjectModelStats& stats, const std::wstring& profile_name) {
    // The Session is one object owned by the Application, as Outlook's NameSpace is.
    ComPtr<IDispatch> session = ComPtr<IDispatch>::attach(new DispatchObject(stats));
    auto* s = static_cast<DispatchObject*>(session.get());
    s->add_property(L"CurrentProfileName",
                    [profile_name](VARIANT* v) { return put_bstr(v, profile_name); });
    s->add_property(L"Class", [](VARIANT* v) {
        V_VT(v) = VT_I4;
        V_I4(v) = 1; // olNamespace
        return S_OK;
    });
    add_session_members(*s, stats);

    auto* app = new DispatchObject(stats);
    app->add_property(L"Name", [](VARIANT* v) { return put_bstr(v, L"Outlook"); });
    app->add_property(L"Version", [](VARIANT* v) { return put_bstr(v, L"16.0.0.0"); });
    app->add_property(L"Session", [session](VARIANT* v) { return put_dispatch(v, session); });
    return ComPtr<IDispatch>::attach(app);
}

ComPtr<IDispatch> make_comaddin(ObjectModelStats& stats, const std::wstring& progid,
                                const std::wstring& description) {
    auto* addin = new DispatchObject(stats);
    addin->add_property(L"ProgId", [progid](VARIANT* v) { return put_bstr(v, progid); });
    addin->add_property(L"Description",
                        [description](VARIANT* v) { return put_bstr(v, description); });
    addin->add_property(L"Connect", [](VARIANT* v) {
        V_VT(v) = VT_BOOL;
        V_BOOL(v) = VARIANT_TRUE;
        return S_OK;
    });
    return ComPtr<IDispatch>::attach(addin);
}

} // namespace oh::win
