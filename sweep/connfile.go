package sweep

import "github.com/spikesweep/spikesweep/spec"

// connFile reads from_file's CSV into c.Pre, c.Post (and the projection's per-synapse weights and
// delays, when the file has those columns).
func (p *parser) connFile(path string, c *spec.Conn, npre, npost int, pr *spec.Projection) {
	p.errorf(path, "from_file is not implemented yet")
}
