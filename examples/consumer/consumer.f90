!> A Fortran program using an installed laplace through module laplace (built by
!> examples/consumer/CMakeLists.txt with find_package, or by examples/pkgconfig/Makefile with
!> pkg-config). It solves x^2 - y^2 on a u(40, 30) array with every kernel and stops with an
!> error unless each one finds it.
program consumer
   use, intrinsic :: iso_fortran_env, only: dp => real64
   use laplace, only: laplace_kernel_count, laplace_kernel_name, laplace_solve, laplace_version
   implicit none
   integer, parameter :: nx = 40, ny = 30
   real(dp), parameter :: dx = 2.0_dp/(nx - 1), dy = 1.0_dp/(ny - 1)
   real(dp) :: u(nx, ny), exact(nx, ny), change, error
   integer :: i, j, k, sweeps, failures, kernels
   character(len=:), allocatable :: name

   print '(2a)', "laplace library ", laplace_version()
   do j = 1, ny
      do i = 1, nx
         exact(i, j) = ((i - 1)*dx)**2 - ((j - 1)*dy)**2
      end do
   end do
   failures = 0
   kernels = laplace_kernel_count()
   do k = 1, kernels
      u = 0
      u(1, :) = exact(1, :); u(nx, :) = exact(nx, :)   ! Dirichlet boundary
      u(:, 1) = exact(:, 1); u(:, ny) = exact(:, ny)
      name = laplace_kernel_name(k)
      call laplace_solve(name, u, dx, dy, max_iter=100000, tol=1.0e-11_dp, &
                         iterations=sweeps, change=change)
      error = maxval(abs(u - exact))/maxval(abs(exact))
      if (change > 1.0e-11_dp .or. error >= 1.0e-8_dp) failures = failures + 1
      print '(a, t21, i7, a, es8.1)', name, sweeps, " sweeps, relative error", error
   end do
   deallocate (name) ! main-program allocatables are not freed at exit
   if (failures /= 0 .or. kernels == 0) error stop "consumer: a kernel failed"
end program consumer
