// The command line of every bench program (laplace-bench, -blas, -fft, -multigrid, -mpi,
// laplace-scaling, laplace-call-time and the reference programs of --solve): one parser, CLI11,
// so that every program takes the same spellings: -h/--help (exit 0), --version (the library's
// version, exit 0), --opt value and --opt=value, comma lists (--sizes 65,129), and exit status 2
// with a message on a bad command line (an unknown option, a bad value), before anything runs.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace bench {

// The program's app: its name (for messages and the usage line) and what it does; --version
// prints "NAME (laplace VERSION)", VERSION the library's (laplace_version()).
void prepare(CLI::App &app, const std::string &name);

// Parses argv; on --help or --version prints and exits 0, on an error prints CLI11's message
// and exits 2. Returns when the command line is good.
void parse(CLI::App &app, int argc, char **argv);

// Checks an output path before a run: the file can be opened for writing (an existing file is
// not truncated, a new one is removed again). "" when it can, else "cannot write PATH: REASON"
// with the system's reason (strerror).
std::string writable(const std::string &path);

// The validator of an output option (--json, --csv): the path is checked as the command line is
// parsed, so that an unwritable path fails before the run, not after it.
extern const CLI::Validator WritableFile;

// Exit with status 2 and "NAME: WHAT" plus a pointer to --help: a command line that parsed but
// does not make sense (options that exclude each other).
[[noreturn]] void usage_error(const CLI::App &app, const std::string &what);

} // namespace bench
