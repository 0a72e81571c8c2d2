// The one timing helper of the bench: warm-up runs excluded, then repeated runs, each preceded
// by an untimed setup; reports the median with min and max.
#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

namespace bench {

struct Timing {
    double median = 0; // seconds
    double min = 0;
    double max = 0;
    int runs = 0;
};

template <class Setup, class Run>
Timing measure(int warmups, int repetitions, Setup &&setup, Run &&run) {
    using clock = std::chrono::steady_clock;
    for (int w = 0; w < warmups; ++w) {
        setup();
        run();
    }
    std::vector<double> seconds;
    for (int r = 0; r < repetitions; ++r) {
        setup();
        const auto start = clock::now();
        run();
        seconds.push_back(std::chrono::duration<double>(clock::now() - start).count());
    }
    std::sort(seconds.begin(), seconds.end());
    const std::size_t n = seconds.size();
    const double median = n % 2 ? seconds[n / 2] : 0.5 * (seconds[n / 2 - 1] + seconds[n / 2]);
    return {median, seconds.front(), seconds.back(), int(n)};
}

} // namespace bench
