package sched

// MonitorBatch is a block of recorded rows of one monitor, in long format: one row per
// (replica, step, element), with one value column per recorded variable. The slices are reused
// after the sink returns: a sink copies what it keeps.
type MonitorBatch struct {
	Monitor    string   // dataset name
	Target     string   // population or projection
	Projection bool     // rows carry Pre and Post
	Vars       []string // names of Values' columns
	Float32    bool     // the user asked for float32 storage

	Replica []int32
	Step    []int32
	T       []float64
	Index   []int32
	Pre     []int32 // projection monitors only (-1 for per-post variables)
	Post    []int32
	Values  [][]float64 // Values[v][row]
}

// Len is the number of rows.
func (b *MonitorBatch) Len() int { return len(b.Step) }

// grow gives the empty batch room for rows rows.
func (b *MonitorBatch) grow(rows int, projection bool) {
	b.Replica, b.Step, b.T, b.Index = make([]int32, 0, rows), make([]int32, 0, rows), make([]float64, 0, rows), make([]int32, 0, rows)
	if projection {
		b.Pre, b.Post = make([]int32, 0, rows), make([]int32, 0, rows)
	}
	for v := range b.Values {
		b.Values[v] = make([]float64, 0, rows)
	}
}

func (b *MonitorBatch) reset() {
	b.Replica, b.Step, b.T, b.Index = b.Replica[:0], b.Step[:0], b.T[:0], b.Index[:0]
	b.Pre, b.Post = b.Pre[:0], b.Post[:0]
	for v := range b.Values {
		b.Values[v] = b.Values[v][:0]
	}
}

// SpikeBatch is a block of spike events of one population.
type SpikeBatch struct {
	Population string
	Replica    []int32
	Step       []int32
	T          []float64
	Index      []int32
}

// Len is the number of events.
func (b *SpikeBatch) Len() int { return len(b.Step) }

func (b *SpikeBatch) reset() {
	b.Replica, b.Step, b.T, b.Index = b.Replica[:0], b.Step[:0], b.T[:0], b.Index[:0]
}

// Sink receives recorded data while a simulation runs. Batches come in step order per monitor.
type Sink interface {
	Monitor(b *MonitorBatch) error
	Spikes(b *SpikeBatch) error
}

// MemorySink keeps everything in memory: for tests and small runs.
type MemorySink struct {
	Monitors map[string]*MonitorBatch
	Spike    map[string]*SpikeBatch
}

// NewMemorySink returns an empty MemorySink.
func NewMemorySink() *MemorySink {
	return &MemorySink{Monitors: map[string]*MonitorBatch{}, Spike: map[string]*SpikeBatch{}}
}

func (m *MemorySink) Monitor(b *MonitorBatch) error {
	k := m.Monitors[b.Monitor]
	if k == nil {
		k = &MonitorBatch{Monitor: b.Monitor, Target: b.Target, Projection: b.Projection,
			Vars: b.Vars, Float32: b.Float32, Values: make([][]float64, len(b.Vars))}
		m.Monitors[b.Monitor] = k
	}
	k.Replica = append(k.Replica, b.Replica...)
	k.Step = append(k.Step, b.Step...)
	k.T = append(k.T, b.T...)
	k.Index = append(k.Index, b.Index...)
	k.Pre = append(k.Pre, b.Pre...)
	k.Post = append(k.Post, b.Post...)
	for v := range b.Values {
		k.Values[v] = append(k.Values[v], b.Values[v]...)
	}
	return nil
}

func (m *MemorySink) Spikes(b *SpikeBatch) error {
	k := m.Spike[b.Population]
	if k == nil {
		k = &SpikeBatch{Population: b.Population}
		m.Spike[b.Population] = k
	}
	k.Replica = append(k.Replica, b.Replica...)
	k.Step = append(k.Step, b.Step...)
	k.T = append(k.T, b.T...)
	k.Index = append(k.Index, b.Index...)
	return nil
}
