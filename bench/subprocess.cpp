// Child processes of the bench (reference interpreters, parallel workers): posix_spawn with
// stdout (and optionally stderr) on a pipe that the parent reads to the end.
#include "subprocess.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace bench {

namespace {

// environ with each "NAME=value" of env in place of NAME's own entry, or added.
std::vector<char *> environment(const std::vector<std::string> &env) {
    std::vector<char *> out;
    for (char **e = environ; *e != nullptr; ++e) {
        const std::string entry = *e;
        const std::string name = entry.substr(0, entry.find('='));
        const bool replaced = std::any_of(env.begin(), env.end(), [&](const std::string &v) {
            return v.compare(0, name.size() + 1, name + "=") == 0;
        });
        if (!replaced) {
            out.push_back(*e);
        }
    }
    for (const std::string &v : env) {
        out.push_back(const_cast<char *>(v.c_str()));
    }
    out.push_back(nullptr);
    return out;
}

} // namespace

Child spawn(const std::vector<std::string> &argv, bool merge_stderr,
            const std::vector<std::string> &env) {
    Child child;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        child.error = std::strerror(errno);
        return child;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    if (merge_stderr) {
        posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
    }
    std::vector<char *> args;
    for (const std::string &a : argv) {
        args.push_back(const_cast<char *>(a.c_str()));
    }
    args.push_back(nullptr);
    pid_t pid = 0;
    std::vector<char *> envp = environment(env);
    const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        child.error = std::strerror(rc);
        return child;
    }
    child.pid = pid;
    child.out = fds[0];
    return child;
}

int finish(Child &child, std::string &output) {
    if (child.pid <= 0) {
        return -1;
    }
    char buf[1 << 16];
    for (;;) {
        const ssize_t n = read(child.out, buf, sizeof buf);
        if (n > 0) {
            output.append(buf, std::size_t(n));
        } else if (n == 0 || errno != EINTR) {
            break;
        }
    }
    close(child.out);
    int status = 0;
    while (waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
    }
    child.pid = -1;
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

int run(const std::vector<std::string> &argv, std::string &output,
        const std::vector<std::string> &env) {
    Child child = spawn(argv, true, env);
    if (child.pid <= 0) {
        output = child.error;
        return -1;
    }
    return finish(child, output);
}

std::string find_on_path(const std::string &program) {
    const char *path = std::getenv("PATH");
    if (path == nullptr) {
        return {};
    }
    std::string dirs = path;
    std::size_t start = 0;
    while (start <= dirs.size()) {
        std::size_t end = dirs.find(':', start);
        if (end == std::string::npos) {
            end = dirs.size();
        }
        const std::string dir = dirs.substr(start, end - start);
        const std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
        struct stat st;
        if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
            access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
        start = end + 1;
    }
    return {};
}

std::vector<std::string> all_on_path(const std::string &program) {
    std::vector<std::string> found;
    const char *path = std::getenv("PATH");
    if (path == nullptr) {
        return found;
    }
    std::string dirs = path;
    std::size_t start = 0;
    while (start <= dirs.size()) {
        std::size_t end = dirs.find(':', start);
        if (end == std::string::npos) {
            end = dirs.size();
        }
        const std::string dir = dirs.substr(start, end - start);
        const std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
        if (access(candidate.c_str(), X_OK) == 0) {
            found.push_back(candidate);
        }
        start = end + 1;
    }
    return found;
}

} // namespace bench
