// The Offline State API's interfaces (offline_api.h) for ComObject: their IIDs and bases.
#pragma once

#include "com_object.h"
#include "offline_api.h"

namespace oh::win {

template <>
struct ComInterface<IMAPIOffline> {
    static const IID& iid() { return IID_IMAPIOffline; }
    using Base = IUnknown;
};

template <>
struct ComInterface<IMAPIOfflineMgr> {
    static const IID& iid() { return IID_IMAPIOfflineMgr; }
    using Base = IMAPIOffline;
};

template <>
struct ComInterface<IMAPIOfflineNotify> {
    static const IID& iid() { return IID_IMAPIOfflineNotify; }
    using Base = IUnknown;
};

} // namespace oh::win
