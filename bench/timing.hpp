// The one timing helper of the bench: warm-up runs excluded, then repeated runs, each preceded
// by an untimed setup; reports the median with min and max, and the median CPU time (this
// process and the children it waited for) so that cores actually used = cpu / median.
// measure_interleaved does the same for several variants side by side, for ratios between them.
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
    std::vector<double> seconds; // every timed run, in the order run (warm-ups excluded)
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
    std::vector<double> runs = seconds;
    std::sort(seconds.begin(), seconds.end());
    const std::size_t n = seconds.size();
    const double median = n % 2 ? seconds[n / 2] : 0.5 * (seconds[n / 2 - 1] + seconds[n / 2]);
    return {median, seconds.front(), seconds.back(), int(n), 0.0, std::move(runs)};
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

// Times `variants` things side by side: every round runs each variant once (setup(v) untimed,
// then run(v) timed), after one warm-up round, so that a change in the machine's speed during
// the measurement hits all of them alike (on a shared machine it drifts by tens of percent
// within minutes; ratios of variants timed one after the other in blocks drift with it).
// Returns one Timing per variant.
template <class Setup, class Run>
std::vector<Timing> measure_interleaved(int variants, int repetitions, Setup &&setup, Run &&run) {
    using clock = std::chrono::steady_clock;
    std::vector<std::vector<double>> seconds(static_cast<std::size_t>(variants)), cpu(seconds);
    for (int round = -1; round < repetitions; ++round) {
        for (int v = 0; v < variants; ++v) {
            setup(v);
            const double cpu_start = cpu_seconds();
            const auto start = clock::now();
            run(v);
            if (round >= 0) {
                seconds[std::size_t(v)].push_back(
                    std::chrono::duration<double>(clock::now() - start).count());
                cpu[std::size_t(v)].push_back(cpu_seconds() - cpu_start);
            }
        }
    }
    std::vector<Timing> timings;
    for (std::size_t v = 0; v < seconds.size(); ++v) {
        Timing t = summarize(std::move(seconds[v]));
        t.cpu = summarize(std::move(cpu[v])).median;
        timings.push_back(t);
    }
    return timings;
}

} // namespace bench
