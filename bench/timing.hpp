// The one timing helper of the bench: warm-up runs excluded, then repeated runs, each preceded
// by an untimed setup; reports the median with min and max.
#pragma once

#include <algorithm>
#include <chrono>
#include <utility>
#include <vector>

namespace bench {

struct Timing {
    double median = 0; // seconds
    double min = 0;
    double max = 0;
    int runs = 0;
};

// Median, min and max of run times in seconds (also used for times measured in a reference
// subprocess, so every row is summarised the same way). Empty input gives zeros.
inline Timing summarize(std::vector<double> seconds) {
    if (seconds.empty()) {
        return {};
    }
    std::sort(seconds.begin(), seconds.end());
    const std::size_t n = seconds.size();
    const double median = n % 2 ? seconds[n / 2] : 0.5 * (seconds[n / 2 - 1] + seconds[n / 2]);
    return {median, seconds.front(), seconds.back(), int(n)};
}

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
    return summarize(std::move(seconds));
}

} // namespace bench
