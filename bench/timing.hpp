// The one timing helper of the bench: warm-up runs excluded, then repeated runs, each preceded
// by an untimed setup; reports the median with min and max, and the median CPU time (this
// process and the children it waited for) so that cores actually used = cpu / median.
#pragma once

#include <algorithm>
#include <chrono>
#include <sys/resource.h>
#include <utility>
#include <vector>

namespace bench {

struct Timing {
    double median = 0; // seconds
    double min = 0;
    double max = 0;
    int runs = 0;
    double cpu = 0; // median CPU seconds per run (user + system, self + waited-for children)
};

// CPU seconds used so far by this process and its waited-for children.
inline double cpu_seconds() {
    double total = 0;
    for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
        rusage u{};
        getrusage(who, &u);
        total += double(u.ru_utime.tv_sec) + 1e-6 * double(u.ru_utime.tv_usec) +
                 double(u.ru_stime.tv_sec) + 1e-6 * double(u.ru_stime.tv_usec);
    }
    return total;
}

// Median, min and max of run times in seconds (also used for times measured in a reference
// subprocess, so every row is summarised the same way). Empty input gives zeros.
inline Timing summarize(std::vector<double> seconds) {
    if (seconds.empty()) {
        return {};
    }
    std::sort(seconds.begin(), seconds.end());
    const std::size_t n = seconds.size();
    const double median = n % 2 ? seconds[n / 2] : 0.5 * (seconds[n / 2 - 1] + seconds[n / 2]);
    return {median, seconds.front(), seconds.back(), int(n), 0.0};
}

template <class Setup, class Run>
Timing measure(int warmups, int repetitions, Setup &&setup, Run &&run) {
    using clock = std::chrono::steady_clock;
    for (int w = 0; w < warmups; ++w) {
        setup();
        run();
    }
    std::vector<double> seconds, cpu;
    for (int r = 0; r < repetitions; ++r) {
        setup();
        const double cpu_start = cpu_seconds();
        const auto start = clock::now();
        run();
        seconds.push_back(std::chrono::duration<double>(clock::now() - start).count());
        cpu.push_back(cpu_seconds() - cpu_start);
    }
    Timing t = summarize(std::move(seconds));
    t.cpu = summarize(std::move(cpu)).median;
    return t;
}

} // namespace bench
