// The Outlook stand-in: plays Outlook for a COM add-in, the way Outlook loads and drives one,
// against the stand-in olmapi32.dll, and reports what the add-in did.
//
// Transcript (stdout, one fact a line, "key: details"; tests grep it):
//   standin: wine=yes progid=... profile="..."      what runs
//   mapi-dll: PATH | mapi-dll: none                 the stand-in MAPI DLL loaded (or not)
//   addin-key: HKCU ... LoadBehavior=3 ...          the Addins key read
//   classes-merge: copied|skipped ...               Wine's missing HKCU->HKCR merge, emulated
//   activate: clsid={...} dll=PATH hr=0x... ms=..   CLSIDFromProgID + CoCreateInstance
//   on-connection: mode=startup hr=0x... ms=...     each IDTExtensibility2 call, timed
//   on-startup-complete | on-begin-shutdown | on-disconnection: hr=... ms=...
//   step: TEXT                                      each scenario step as it starts
//   mapi: ...                                       the MAPI DLL's own log (open, advise,
//                                                   notify, set-state, unadvise, problems)
//   release: refs=N dll-unloaded=yes|no             final Release + CoFreeUnusedLibraries
//   counts: k=v ...                                 totals read back from the MAPI DLL
//   advise[i]: / request[i]: ...                    each Advise / SetCurrentState received
//   misbehavior: WHY                                each thing the add-in did wrong
//   result: ok | result: FAIL (N problems)          last line
// Exit status: 0 ok, 1 misbehavior, 2 setup or usage error, 3 crash (see outlook_standin.cpp).
#pragma once

#include "host_options.h"

#include <mutex>
#include <string>
#include <vector>

namespace oh::win {

// Serialized, flushed line output (the MAPI DLL logs from any thread).
class Transcript {
  public:
    void line(const std::string& text);
    void misbehavior(const std::string& why);
    std::size_t misbehaviors() const;

  private:
    mutable std::mutex mu_;
    std::size_t misbehaviors_ = 0;
};

class OutlookHost {
  public:
    OutlookHost(HostOptions options, Transcript& out);
    // Runs the whole session; returns the exit status.
    int run();

  private:
    HostOptions opt_;
    Transcript& out_;
};

} // namespace oh::win
