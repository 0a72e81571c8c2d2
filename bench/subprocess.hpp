// Child processes of the bench: spawn with stdout on a pipe, read it to the end, wait.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace bench {

struct Child {
    pid_t pid = -1; // -1: not started (see error)
    int out = -1;   // read end of the child's stdout
    std::string error;
};

// Starts argv[0] (searched on PATH when it has no slash) with stdout on a pipe; stderr too if
// merge_stderr, else the child keeps ours. The child gets our environment with each "NAME=value"
// of env set (replacing NAME's value if we have one).
Child spawn(const std::vector<std::string> &argv, bool merge_stderr,
            const std::vector<std::string> &env = {});

// Reads the child's stdout to the end into output, waits for it; returns its exit status
// (128 + signal if killed, -1 if it never started).
int finish(Child &child, std::string &output);

// spawn + finish, stderr merged into output. On a failure to start, output is the reason.
int run(const std::vector<std::string> &argv, std::string &output,
        const std::vector<std::string> &env = {});

// The first executable `program` on PATH, or "".
std::string find_on_path(const std::string &program);

// Every executable `program` on PATH, in PATH order.
std::vector<std::string> all_on_path(const std::string &program);

} // namespace bench
