// Package sweep reads sweep files: one network of BrainPy 1.x models in TOML, plus the axes along
// which its parameters vary, and expands them into points, each a complete [spec.Network].
// FORMAT.md in this directory is the reference of the file format.
//
// # Reading
//
// [Load] reads a file and [Parse] its contents. Both decode with go-toml in strict mode (an
// unknown key is an error), check every name, model, parameter, state variable, size, index and
// value against the engine's model catalog ([spec.Catalog]), read CSV inputs, and expand the axes,
// all before anything runs. A problem is an [*Error] naming file, line, column, object and key,
// with the valid alternatives and a "did you mean" where one is near:
//
//	sweeps/stp.toml:12:3: projection "syn": params.tau_dd: unknown parameter of model STP (parameters: U, tau, tau_d, tau_f); did you mean tau_d?
//
// Several problems are joined (errors.Join) in file order; [Errors] lists them.
//
// # Points
//
// A [Sweep] holds the base network ([Sweep.Base]), its [Axis] values, the [Mode] that combines
// them ([Grid] or [Zip]) and the number of repeats. [Sweep.Points], [Sweep.Point] and
// [Sweep.ShardPoints] build [Point] values: an id, a repeat, a seed and a deep copy of the base
// network with the point's values applied. Ids run over parameter combinations (grid row-major)
// with repeats outermost, and seeds are [PointSeed](master, id, repeat), so a point is the same
// however the sweep is sharded or scheduled.
//
// # Sharding
//
// A [Shard] i/N takes the contiguous block of ids [floor(i*P/N), floor((i+1)*P/N)), so
// neighbouring grid points, which share structure, run together. [ParseShard] reads "i/N";
// [ShardFromEnv] reads Slurm, SGE and LSF job-array variables (PBS does not export the array's
// size, so it needs an explicit shard).
//
// # Axes
//
// [Linspace] and [Geomspace] reproduce numpy.linspace and numpy.geomspace, so values written in a
// notebook and in a sweep file agree; random axes are drawn with gonum's distuv from a stream
// seeded by [AxisSeed].
package sweep
