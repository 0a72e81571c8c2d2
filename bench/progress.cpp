// See progress.hpp.
#include "progress.hpp"

#include <chrono>
#include <cstdio>
#include <unistd.h>
#include <utility>

namespace bench {

namespace {

double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

Progress::Progress(int total, std::string program)
    : total_(total), terminal_(isatty(2) != 0), start_(now()), program_(std::move(program)) {}

void Progress::step(const std::string &what) {
    if (terminal_) {
        std::fprintf(stderr, "\r\033[K[%d/%d rows, %.1f s] %s", count_, total_, now() - start_,
                     what.c_str());
    } else {
        std::fprintf(stderr, "%s: [%d/%d rows, %.1f s] %s\n", program_.c_str(), count_, total_,
                     now() - start_, what.c_str());
    }
    std::fflush(stderr);
    ++count_;
}

void Progress::done() {
    if (terminal_) {
        std::fprintf(stderr, "\r\033[K");
    } else {
        std::fprintf(stderr, "%s: [%d/%d rows, %.1f s] done\n", program_.c_str(), count_, total_,
                     now() - start_);
    }
    std::fflush(stderr);
}

} // namespace bench
