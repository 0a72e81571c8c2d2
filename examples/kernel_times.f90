!> Times every kernel of the library from a Fortran program, through module laplace, on the
!> program's own u(nx, ny) array: C++ kernels too, without copies.
!>
!>   laplace-example-kernel-times [NX NY SWEEPS]      (default: 300 200 100)
!>
!> The problem: [0,1] x [0,1], boundary x^2 - y^2, interior 0; each kernel runs SWEEPS sweeps
!> (one laplace_solve call with tol = 0) from the same start. One run per kernel, timed with
!> system_clock: a demonstration, not a benchmark (laplace-bench takes medians of repeated runs).
program kernel_times
   use, intrinsic :: iso_fortran_env, only: dp => real64, int64
   use laplace, only: laplace_kernel_count, laplace_kernel_name, laplace_kernel_scheme, &
                      laplace_kernel_language, laplace_solve, laplace_version
   implicit none
   integer :: nx, ny, sweeps, i, j, k, done
   integer(int64) :: start, finish, rate
   real(dp) :: dx, dy, change, seconds
   real(dp), allocatable :: u(:, :), start_grid(:, :)
   character(len=20) :: name       ! for the table only
   character(len=13) :: scheme
   character(len=11) :: language

   nx = argument(1, 300, 3)
   ny = argument(2, 200, 3)
   sweeps = argument(3, 100, 1)
   dx = 1.0_dp/(nx - 1)
   dy = 1.0_dp/(ny - 1)

   allocate (u(nx, ny), start_grid(nx, ny))
   start_grid = 0
   do j = 1, ny
      do i = 1, nx
         if (i == 1 .or. i == nx .or. j == 1 .or. j == ny) then
            start_grid(i, j) = ((i - 1)*dx)**2 - ((j - 1)*dy)**2
         end if
      end do
   end do

   print '(a, a, a, i0, a, i0, a, i0, a)', "laplace ", laplace_version(), ": ", nx, " x ", ny, &
      " grid, ", sweeps, " sweeps per kernel"
   name = "kernel"; scheme = "scheme"; language = "language"   ! blank-padded: left-aligned
   print '(a, 1x, a, 1x, a, a10, a10, a12)', name, scheme, language, "seconds", "Mupd/s", "change"
   do k = 1, laplace_kernel_count()
      name = laplace_kernel_name(k)
      scheme = laplace_kernel_scheme(k)
      language = laplace_kernel_language(k)
      u = start_grid
      call system_clock(start, rate)
      call laplace_solve(laplace_kernel_name(k), u, dx, dy, max_iter=sweeps, tol=0.0_dp, iterations=done, &
                         change=change)
      call system_clock(finish)
      seconds = real(finish - start, dp)/real(rate, dp)
      print '(a, 1x, a, 1x, a, f10.4, f10.1, es12.3)', name, scheme, language, seconds, &
         real(done, dp)*(nx - 2)*(ny - 2)/max(seconds, 1.0e-9_dp)/1.0e6_dp, change
   end do
   deallocate (u, start_grid) ! main-program allocatables are not freed at exit

contains

   !> The n-th command-line argument as an integer, or `default` if there is none.
   !>   n        in  position of the argument
   !>   default  in  value when the argument is absent
   !>   minimum  in  smallest value accepted; a smaller or non-integer argument stops the program
   integer function argument(n, default, minimum)
      integer, intent(in) :: n, default, minimum
      character(len=32) :: text
      integer :: length, stat

      argument = default
      call get_command_argument(n, text, length)
      if (length == 0) return
      read (text, *, iostat=stat) argument
      if (stat /= 0 .or. argument < minimum) then
         error stop "usage: laplace-example-kernel-times [NX NY SWEEPS]; NX, NY >= 3, SWEEPS >= 1"
      end if
   end function argument

end program kernel_times
