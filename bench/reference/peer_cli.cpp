// The command lines of the reference programs (peer.h): the C programs call these C functions,
// which parse with the benches' one parser (bench/cli.hpp, CLI11), so that they take the same
// spellings as every bench program (-h/--help, --version, --opt=value; exit 2 on a bad value).
#include "../cli.hpp"
#include "peer.h"

#include <string>
#include <vector>

extern "C" int peer_parse(const char *program, int argc, char **argv, peer_options *o,
                          int rest_to_program) {
    *o = peer_options{257, 0, 1e-10, 3, 60, 1, nullptr, nullptr};
    // Kept for the life of the program: o->output and o->method point into them, and the
    // arguments left to the program (PETSc's) are written back into argv.
    static std::string output, method;
    static std::vector<std::string> rest;
    CLI::App app{"A reference program of laplace-bench --solve (bench/reference/peer.h): solves "
                 "the Laplace or the Poisson problem to the tolerance, checks the answer, and "
                 "reports every run's setup and solve seconds."};
    bench::prepare(app, program);
    std::string problem = "laplace";
    app.add_option("--n", o->n, "grid points per axis (default 257)")
        ->check(CLI::Range(3, 1000000));
    app.add_option("--problem", problem, "laplace (default) or poisson")
        ->check(CLI::IsMember({"laplace", "poisson"}));
    app.add_option("--rtol", o->rtol, "stop at ||r|| <= rtol ||r0|| (default 1e-10)")
        ->check(CLI::Range(0.0, 1e9));
    app.add_option("--repeat", o->repeat, "timed runs after the warm-up (default 3)")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--budget", o->budget, "no new run after this many seconds (default 60)")
        ->check(CLI::Range(0.0, 1e9));
    app.add_option("--threads", o->threads, "threads the program may use (default 1)")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--output", output, "write the answer here (n*n float64)")
        ->check(bench::WritableFile);
    app.add_option("--method", method, "the program's variant");
    app.allow_extras(rest_to_program != 0); // PETSc's options
    bench::parse(app, argc, argv);
    o->poisson = problem == "poisson";
    o->output = output.empty() ? nullptr : output.c_str();
    o->method = method.empty() ? nullptr : method.c_str();
    rest = app.remaining();
    const int first = argc - int(rest.size());
    for (std::size_t k = 0; k < rest.size(); ++k) {
        argv[first + int(k)] = rest[k].data();
    }
    return first;
}

extern "C" void peer_fftw_parse(int argc, char **argv, int *n, int *threads, int *repeat,
                                int *batched, int *measure) {
    CLI::App app{"A plain FFTW program solving the study's problem by the discrete sine "
                 "transform (laplace-bench-fft runs it). With --peer first: a reference "
                 "program of laplace-bench --solve (--peer --help for its options)."};
    bench::prepare(app, "laplace-fftw-reference");
    bool b = false, m = false;
    app.add_option("--n", *n, "grid points per axis")->check(CLI::Range(3, 100000));
    app.add_option("--threads", *threads, "FFTW threads")->check(CLI::Range(1, 100000));
    app.add_option("--repeat", *repeat, "timed runs")->check(CLI::Range(1, 100000));
    app.add_flag("--batched", b, "one batched plan for the rows");
    app.add_flag("--measure", m, "FFTW_MEASURE plans instead of FFTW_ESTIMATE");
    bench::parse(app, argc, argv);
    *batched = b;
    *measure = m;
}
