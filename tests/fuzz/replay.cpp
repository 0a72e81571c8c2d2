// A main() for the fuzz target without libFuzzer, so that every build of the suite (the normal
// one, the sanitizer one) runs it: the corpus files, then fixed-seed random inputs.
//   laplace_fuzz_capi_replay [--random N] [--seed S] [FILE_OR_DIR...]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

namespace {

long run_file(const std::filesystem::path &file) {
    std::ifstream in(file, std::ios::binary);
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in), {}};
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size());
    return 1;
}

} // namespace

int main(int argc, char **argv) {
    long random_inputs = 0;
    std::uint64_t seed = 20261122;
    long files = 0;
    for (int a = 1; a < argc; ++a) {
        const std::string arg = argv[a];
        if (arg == "--random" && a + 1 < argc) {
            random_inputs = std::atol(argv[++a]);
        } else if (arg == "--seed" && a + 1 < argc) {
            seed = std::strtoull(argv[++a], nullptr, 10);
        } else if (std::filesystem::is_directory(arg)) {
            for (const auto &entry : std::filesystem::directory_iterator(arg)) {
                files += entry.is_regular_file() ? run_file(entry.path()) : 0;
            }
        } else if (std::filesystem::is_regular_file(arg)) {
            files += run_file(arg);
        } else {
            std::fprintf(stderr, "laplace_fuzz_capi_replay: no such file or option: %s\n",
                         arg.c_str());
            return 2;
        }
    }
    std::mt19937_64 rng(seed);
    std::vector<std::uint8_t> bytes;
    for (long n = 0; n < random_inputs; ++n) {
        bytes.resize(rng() % 160);
        for (std::uint8_t &b : bytes) {
            b = std::uint8_t(rng());
        }
        LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
    }
    std::printf("%ld corpus inputs and %ld random inputs (seed %llu): no contract violation\n",
                files, random_inputs, static_cast<unsigned long long>(seed));
    return 0;
}
