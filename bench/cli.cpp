// See cli.hpp.
#include "cli.hpp"

#include "laplace/laplace.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace bench {

void prepare(CLI::App &app, const std::string &name) {
    app.name(name);
    app.set_version_flag("--version", name + " (laplace " + laplace_version() + ")",
                         "print the library's version and exit");
    app.set_help_flag("-h,--help", "print this help and exit");
    app.footer("Exit status 2 on a bad command line. Options take --opt value or --opt=value.");
}

void parse(CLI::App &app, int argc, char **argv) {
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        // --help and --version are "errors" with exit code 0; every other one is the user's.
        if (e.get_exit_code() == 0) {
            std::exit(app.exit(e));
        }
        usage_error(app, e.what());
    }
}

std::string writable(const std::string &path) {
    struct stat st {};
    const bool exists = ::stat(path.c_str(), &st) == 0;
    const int fd = exists ? ::open(path.c_str(), O_WRONLY | O_CLOEXEC)
                          : ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        return "cannot write " + path + ": " + std::strerror(errno);
    }
    ::close(fd);
    if (!exists) {
        ::unlink(path.c_str());
    }
    return "";
}

const CLI::Validator WritableFile(writable, "FILE", "writable file");

void usage_error(const CLI::App &app, const std::string &what) {
    std::fprintf(stderr, "%s: %s\nRun with --help for more information.\n", app.get_name().c_str(),
                 what.c_str());
    std::exit(2);
}

} // namespace bench
