// Registry-driven test cases: register_per_kernel("property", body) adds one Catch2 test case
// per kernel of the registry, named "property: <kernel>" and tagged by scheme, language and
// threading ([gauss-seidel], [f77], [serial], [omp], ...), so `ctest` lists every kernel by name
// and a person can run a slice. A kernel added to the registry is covered without editing a test.
#pragma once

#include "laplace/laplace.hpp"

#include <catch2/catch.hpp>

#include <cctype>
#include <deque>
#include <string>

namespace test {

using KernelBody = void (*)(const laplace::KernelInfo &);

// Tag for a language: "Fortran 77" -> "f77", "C++" -> "cpp", else the name in lower case.
inline std::string language_tag(const std::string &language) {
    if (language.rfind("Fortran ", 0) == 0) {
        return std::string(1, 'f').append(language, 8); // GCC 12 -Wrestrict: no "f" + ...
    }
    if (language == "C++") {
        return "cpp";
    }
    std::string tag;
    for (char c : language) {
        tag += char(c == ' ' ? '-' : std::tolower(static_cast<unsigned char>(c)));
    }
    return tag;
}

// Tag for a threading model: "openmp" -> "omp", else the name itself.
inline std::string threading_tag(const std::string &threading) {
    return threading == "openmp" ? "omp" : threading;
}

class PerKernelInvoker : public Catch::ITestInvoker {
  public:
    PerKernelInvoker(laplace::KernelInfo kernel, KernelBody body)
        : kernel_(std::move(kernel)), body_(body) {}
    void invoke() const override { body_(kernel_); }

  private:
    laplace::KernelInfo kernel_;
    KernelBody body_;
};

// Registers the test cases; call at namespace scope (static initialisation), like TEST_CASE.
inline bool register_per_kernel(const char *property, const char *tags, KernelBody body,
                                const char *file, std::size_t line) {
    static std::deque<std::string> names; // Catch keeps references to the names and tags
    for (const laplace::KernelInfo &k : laplace::kernels()) {
        const std::string &name = names.emplace_back(std::string(property) + ": " + k.name);
        const std::string &all_tags =
            names.emplace_back(std::string(tags) + "[" + k.scheme + "][" +
                               language_tag(k.language) + "][" + threading_tag(k.threading) + "]");
        Catch::AutoReg(new PerKernelInvoker(k, body), Catch::SourceLineInfo(file, line), "",
                       Catch::NameAndTags{name, all_tags});
    }
    return true;
}

using MethodBody = void (*)(const laplace::MethodInfo &);

class PerMethodInvoker : public Catch::ITestInvoker {
  public:
    PerMethodInvoker(laplace::MethodInfo method, MethodBody body)
        : method_(std::move(method)), body_(body) {}
    void invoke() const override { body_(method_); }

  private:
    laplace::MethodInfo method_;
    MethodBody body_;
};

// The same for the method table: one case per method, tagged [method][<kind>].
inline bool register_per_method(const char *property, const char *tags, MethodBody body,
                                const char *file, std::size_t line) {
    static std::deque<std::string> names;
    for (const laplace::MethodInfo &m : laplace::methods()) {
        const std::string &name = names.emplace_back(std::string(property) + ": " + m.name);
        const std::string &all_tags =
            names.emplace_back(std::string(tags) + "[method][" + m.kind + "]");
        Catch::AutoReg(new PerMethodInvoker(m, body), Catch::SourceLineInfo(file, line), "",
                       Catch::NameAndTags{name, all_tags});
    }
    return true;
}

} // namespace test

#define LAPLACE_PER_KERNEL_CASE_NAME2(a, b) a##b
#define LAPLACE_PER_KERNEL_CASE_NAME(a, b) LAPLACE_PER_KERNEL_CASE_NAME2(a, b)
// PER_KERNEL_TEST_CASE("property", "[tags]", body): one test case per registry kernel.
#define PER_KERNEL_TEST_CASE(property, tags, body)                                                 \
    static const bool LAPLACE_PER_KERNEL_CASE_NAME(per_kernel_registered_, __LINE__) =             \
        test::register_per_kernel(property, tags, body, __FILE__, __LINE__)
// PER_METHOD_TEST_CASE("property", "[tags]", body): one test case per method of the table.
#define PER_METHOD_TEST_CASE(property, tags, body)                                                 \
    static const bool LAPLACE_PER_KERNEL_CASE_NAME(per_method_registered_, __LINE__) =             \
        test::register_per_method(property, tags, body, __FILE__, __LINE__)
