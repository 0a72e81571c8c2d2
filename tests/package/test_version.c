/* The version through the C interface: the header's macros, laplace_version() from the
 * library, and LAPLACE_EXPECTED_VERSION, project()'s number passed by CMake (the oracle). */
#include <laplace/laplace.h>

#include <stdio.h>
#include <string.h>

int main(void) {
    char from_macros[64];
    int failures = 0;
    snprintf(from_macros, sizeof from_macros, "%d.%d.%d", LAPLACE_VERSION_MAJOR,
             LAPLACE_VERSION_MINOR, LAPLACE_VERSION_PATCH);
    printf("expected %s; LAPLACE_VERSION_STRING %s; MAJOR.MINOR.PATCH %s; laplace_version() %s\n",
           LAPLACE_EXPECTED_VERSION, LAPLACE_VERSION_STRING, from_macros, laplace_version());
    failures += strcmp(LAPLACE_VERSION_STRING, LAPLACE_EXPECTED_VERSION) != 0;
    failures += strcmp(from_macros, LAPLACE_EXPECTED_VERSION) != 0;
    failures += strcmp(laplace_version(), LAPLACE_EXPECTED_VERSION) != 0;
    failures += LAPLACE_VERSION !=
                LAPLACE_VERSION_MAJOR * 10000 + LAPLACE_VERSION_MINOR * 100 + LAPLACE_VERSION_PATCH;
    if (failures != 0) {
        printf("FAILED: %d mismatches\n", failures);
    }
    return failures != 0;
}
