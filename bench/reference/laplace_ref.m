% laplace_ref.m - reference row of laplace-bench: the study's Jacobi expression in GNU Octave.
%   octave-cli -q laplace_ref.m NX NY SWEEPS REPEAT INPUT OUTPUT
% The grid comes in and goes out as raw float64 values in the C layout u[i*ny + j]; read in
% column-major order that is the array v(ny, nx) with v(j, i) = u(x_i, y_j). The last line
% printed is a JSON object like the Python reference script's.
args = argv();
args = args(end-5:end);  % argv() may also hold Octave's own options: the last six are ours
nx = str2double(args{1}); ny = str2double(args{2});
sweeps = str2double(args{3}); repeat = str2double(args{4});
fid = fopen(args{5}, 'r'); v0 = fread(fid, [ny, nx], 'double'); fclose(fid);
dx = 1 / (nx - 1); dy = 1 / (ny - 1);
dx2 = dx * dx; dy2 = dy * dy; dnr_inv = 0.5 / (dx2 + dy2);
seconds = zeros(1, repeat);
for r = 0:repeat
  v = v0;
  t = tic;
  for s = 1:sweeps
    old = v;
    % x neighbours (i -/+ 1) run along the second index, y neighbours along the first.
    v(2:end-1, 2:end-1) = ((v(2:end-1, 1:end-2) + v(2:end-1, 3:end)) * dy2 + ...
                           (v(1:end-2, 2:end-1) + v(3:end, 2:end-1)) * dx2) * dnr_inv;
    change = sqrt(sum((v(:) - old(:)) .^ 2));
  end
  if r > 0  % run 0 is the warm-up
    seconds(r) = toc(t);
  end
end
fid = fopen(args{6}, 'w'); fwrite(fid, v, 'double'); fclose(fid);
% jsonencode (Octave 7) writes every digit; a cell keeps "seconds" a list for one run too.
disp(jsonencode(struct('ok', true, 'seconds', {num2cell(seconds)}, 'sweeps_timed', sweeps, ...
                       'change', change, 'octave', version())));
