// The benchmark binary's main: Google Benchmark's, plus --oh_smoke, which shrinks the long
// benchmarks so that CI can check in seconds that every benchmark still runs.
#include "bench_support.h"

#include <benchmark/benchmark.h>

#include <cstring>
#include <vector>

namespace {
bool smoke_run = false;
} // namespace

bool oh::bench::smoke() {
    return smoke_run;
}

int main(int argc, char** argv) {
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        if (std::strcmp(argv[i], "--oh_smoke") == 0)
            smoke_run = true;
        else
            args.push_back(argv[i]);
    }
    int n = static_cast<int>(args.size());
    benchmark::Initialize(&n, args.data());
    if (benchmark::ReportUnrecognizedArguments(n, args.data())) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
