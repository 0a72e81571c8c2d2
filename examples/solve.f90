!> Solves the Laplace equation on a Fortran array u(nx, ny) with the Fortran 77 kernel and
!> with the C++ one, through module laplace, and prints the error against x^2 - y^2.
program solve
   use, intrinsic :: iso_fortran_env, only: dp => real64
   use laplace, only: laplace_solve
   implicit none
   integer, parameter :: nx = 100, ny = 50
   real(dp), parameter :: dx = 2.0_dp/(nx - 1), dy = 1.0_dp/(ny - 1)
   character(len=*), parameter :: kernels(2) = ["f77-loop", "cpp-loop"]
   real(dp) :: u(nx, ny), exact(nx, ny), change
   character(len=200) :: msg
   integer :: i, j, k, sweeps, stat

   do j = 1, ny
      do i = 1, nx
         exact(i, j) = ((i - 1)*dx)**2 - ((j - 1)*dy)**2
      end do
   end do
   do k = 1, size(kernels)
      u = 0
      u(1, :) = exact(1, :); u(nx, :) = exact(nx, :)   ! Dirichlet boundary
      u(:, 1) = exact(:, 1); u(:, ny) = exact(:, ny)
      call laplace_solve(kernels(k), u, dx, dy, max_iter=200000, tol=1.0e-9_dp, &
                         iterations=sweeps, change=change, stat=stat, errmsg=msg)
      if (stat /= 0) error stop trim(msg)
      print '(a10, i8, a, es9.1)', kernels(k), sweeps, " sweeps, max error", &
         maxval(abs(u - exact))
   end do
end program solve
