#include "cli.h"
namespace oh::cli { int test(Args&) { return 2; } }
