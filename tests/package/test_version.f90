!> The version through module laplace: laplace_version() must equal the first command-line
!> argument, project()'s version passed by CMake.
program test_version
   use laplace, only: laplace_version
   implicit none
   character(len=64) :: expected
   character(len=:), allocatable :: version
   integer :: length

   call get_command_argument(1, expected, length)
   if (length == 0) error stop "usage: laplace_test_version_fortran EXPECTED_VERSION"
   version = laplace_version()
   print '(4a)', "expected ", trim(expected), "; laplace_version() ", version
   if (version /= trim(expected) .or. len(version) /= len_trim(expected)) then
      error stop "laplace_version() is not the expected version"
   end if
   deallocate (version) ! main-program allocatables are not freed at exit: LeakSanitizer says so
end program test_version
