// Catch2 v2 (Debian's catch2) or v3 (vcpkg): tests include this and work with either.
#pragma once
#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
#else
#include <catch2/catch.hpp>
#endif
