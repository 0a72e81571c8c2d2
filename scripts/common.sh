# Shared by scripts/compare and scripts/test: Debian packages and the build.
# Sourced, not run.

# The Debian packages the build, the tests and the comparison need; clang and libclang-rt-14-dev
# for libFuzzer (scripts/fuzz), valgrind for the memcheck test of the Fortran program.
LAPLACE_PACKAGES=(g++ gfortran cmake ninja-build pkgconf libeigen3-dev libopenblas-dev catch2
    clang libclang-rt-14-dev valgrind)

# ensure_packages PKG...: installs what is missing when run as root; otherwise says what is
# missing and how to install it, and exits.
ensure_packages() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$p")
    done
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

# configure_and_build BUILD_DIR [cmake options...]: a Release build with Ninja.
configure_and_build() {
    local dir=$1
    shift
    cmake -S "$LAPLACE_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >&2
    cmake --build "$dir" -j "$(nproc)" >&2
}
