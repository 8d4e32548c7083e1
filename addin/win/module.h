// The DLL's own state for COM: its module handle, and what keeps it loaded. DllCanUnloadNow
// says yes only when no object of ours is alive, no LockServer lock is held and Outlook has
// let go of every notification sink we gave it (our code must stay mapped while anyone can
// still call it).
#pragma once

#include <unknwn.h>
#include <windows.h>

#include <string>

namespace oh::win {

HMODULE this_module();
void set_this_module(HMODULE module); // from DllMain only
// The full path of a loaded module (this DLL: this_module()); empty on failure.
std::wstring module_path(HMODULE module);

// COM objects of ours alive (the add-in object, class factories).
void object_created();
void object_destroyed();
// IClassFactory::LockServer.
void lock_server(bool lock);

// Keeps a reference to `object` until we hold the last one: a sink Outlook may still hold
// after Unadvise ("Notify may still arrive after Unadvise").
void keep_until_released(IUnknown* object);

// For DllCanUnloadNow: releases the objects only we hold any more, then answers.
bool can_unload();

} // namespace oh::win
