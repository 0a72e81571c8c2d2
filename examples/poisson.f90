!> A Poisson solve from Fortran to a residual tolerance: u_xx + u_yy = 8y on [0, 2] x [0, 1], the
!> boundary values of u = x**2*y + y**3 (which the 5-point scheme reproduces exactly), with the
!> solver type of module laplace: "iterate" sweeping the study's Fortran 77 kernel, then every
!> method of the table. Prints the iterations, the stop reason and the error.
program poisson
   use, intrinsic :: iso_fortran_env, only: real64
   use laplace
   implicit none
   integer, parameter :: nx = 65, ny = 33
   real(real64), parameter :: dx = 2.0_real64/(nx - 1), dy = 1.0_real64/(ny - 1)
   real(real64) :: u(nx, ny), f(nx, ny), exact(nx, ny), x, y
   type(laplace_solver_t) :: solver
   type(laplace_result_t) :: r
   integer :: i, j, m
   character(len=16) :: label

   do j = 1, ny
      do i = 1, nx
         x = (i - 1)*dx
         y = (j - 1)*dy
         exact(i, j) = x**2*y + y**3
         f(i, j) = 8*y
      end do
   end do

   do m = 0, laplace_method_count()
      u = exact
      u(2:nx - 1, 2:ny - 1) = 0                 ! the interior is the initial guess
      if (m == 0) then                          ! the study's F77 loop as the kernel
         label = "iterate f77-loop"
         call solver%create("iterate", kernel="f77-loop", rtol=1.0e-12_real64, max_iter=100000)
      else
         label = laplace_method_name(m)
         call solver%create(laplace_method_name(m), rtol=1.0e-12_real64)
      end if
      call solver%setup(nx, ny, dx, dy)         ! once per grid shape and spacing
      call solver%solve(u, dx, dy, f=f)
      r = solver%result()
      print '(a16, i7, a, i2, a, es8.1, a, es8.1)', label, r%iterations, &
         " iterations, stop reason ", r%stop_reason, ", |r|/|r0| ", r%relative_residual, &
         ", max error ", maxval(abs(u - exact))
      if (.not. r%converged .or. maxval(abs(u - exact)) > 1.0e-8_real64) error stop "not solved"
   end do
end program poisson
