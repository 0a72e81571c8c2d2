# Shared by scripts/compare and scripts/test: Debian packages and the build.
# Sourced, not run.

# The Debian packages the build and the tests need: the toolchain and libraries (FFTW for the
# method fft-dst); python3-numpy (the .npy example's check); Open MPI (the MPI layer); clang and
# libclang-rt-14-dev for libFuzzer (tests/fuzz); valgrind for the memcheck test of the Fortran
# program; CLI11 and nlohmann/json for the benches' options and JSON; doxygen for the API
# reference (target laplace-docs, built by scripts/test); pybind11, the Python headers, pytest and
# mypy (its stubtest) for the Python package (python/); matplotlib for the chart scripts' test.
LAPLACE_PACKAGES=(g++ gfortran cmake ninja-build make pkgconf libeigen3-dev libopenblas-dev
    libfftw3-dev catch2 python3-numpy libopenmpi-dev openmpi-bin clang libclang-rt-14-dev valgrind
    libcli11-dev nlohmann-json3-dev doxygen pybind11-dev python3-pybind11 python3-dev python3-pytest
    python3-mypy python3-matplotlib)

# Extra packages of the comparison only (scripts/compare): the study's reference rows (NumPy,
# f2py, which needs the Python headers) and the peers of the time to
# solution (laplace-bench --solve): PETSc, hypre (their reference programs are built when
# configure finds them) and SciPy. The test command stays lean; without them the reference
# rows say "not installed".
LAPLACE_COMPARE_PACKAGES=(python3-numpy python3-dev python3-matplotlib petsc-dev libhypre-dev
    python3-scipy)

# missing_packages PKG...: the ones not installed, one a line.
missing_packages() {
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            echo "$p"
    done
}

# ensure_packages PKG...: installs what is missing when run as root; otherwise says what is
# missing and how to install it, and exits.
ensure_packages() {
    local missing
    mapfile -t missing < <(missing_packages "$@")
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ]; then
        echo "laplace: installing Debian packages: ${missing[*]}" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    else
        echo "laplace: missing Debian packages: ${missing[*]}" >&2
        echo "laplace: install them with: sudo apt-get install -y ${missing[*]}" >&2
        echo "laplace: (or run this command as root and it installs them itself)" >&2
        exit 1
    fi
}

# offer_packages PKG...: like ensure_packages, but only recommends when not root: the
# comparison runs without them (its reference rows then say what is missing).
offer_packages() {
    local missing
    mapfile -t missing < <(missing_packages "$@")
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ]; then
        ensure_packages "${missing[@]}"
    else
        echo "laplace: optional Debian packages missing (reference rows, plots): ${missing[*]}" >&2
        echo "laplace: install them with: sudo apt-get install -y ${missing[*]}" >&2
    fi
}

# share_cores: OpenMP threads that wait sleep instead of spinning, unless the caller chose
# otherwise. The test suite runs test programs side by side on the same cores (ctest -j), each
# with its OpenMP team; with libgomp's default, spinning waits take the time slices the working
# threads need (README, "Sharing the cores").
share_cores() {
    export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
}

# configure_and_build BUILD_DIR [cmake options...]: a Release build with Ninja.
configure_and_build() {
    local dir=$1
    shift
    cmake -S "$LAPLACE_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >&2
    cmake --build "$dir" -j "$(nproc)" >&2
}
