package sweep

import (
	"sort"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// A position index maps every key of a TOML document to its line and column, so that errors
// found after decoding (an unknown parameter, a size out of range) can point at the text.
//
// Paths name keys the way the decoded document nests them, with 0-based indices for array
// tables and array elements:
//
//	run.dt
//	projection[1].params.tau_d
//	input[0].pieces[2][0]
//	sweep.axis[0].linspace.num

type pos struct{ Line, Col int }

type posEntry struct {
	key pos    // the key, table header or array element
	val pos    // the value (zero for tables)
	str string // the value, if it is a string (used to name objects in messages)
	set bool   // val and str are known
}

type posIndex struct {
	entries map[string]*posEntry
	byPos   map[pos]string // key or value position -> path
	tables  map[string]pos // paths opened by a [table] header (not [[array table]])
	lines   []int          // byte offset of the start of each line
	data    []byte
}

// indexPositions parses data with go-toml's unstable parser and records where every key and
// value starts. It returns the parser's error for a malformed document; the index then covers
// the part before the error.
func indexPositions(data []byte) (*posIndex, error) {
	ix := &posIndex{entries: map[string]*posEntry{}, byPos: map[pos]string{}, tables: map[string]pos{}, data: data}
	ix.lines = append(ix.lines, 0)
	for i, c := range data {
		if c == '\n' {
			ix.lines = append(ix.lines, i+1)
		}
	}

	var p unstable.Parser
	p.Reset(data)
	counts := map[string]int{} // array-table path -> number of elements so far
	table := ""
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			path := ""
			it := e.Key()
			for it.Next() {
				k := it.Node()
				path = joinKey(path, string(k.Data))
				last := it.IsLast()
				if last && e.Kind == unstable.ArrayTable {
					n := counts[path]
					counts[path] = n + 1
					path += "[" + strconv.Itoa(n) + "]"
				} else if n, ok := counts[path]; ok && n > 0 {
					path += "[" + strconv.Itoa(n-1) + "]"
				}
				ix.addKey(path, ix.offsetPos(int(k.Raw.Offset)))
				if last && e.Kind == unstable.Table {
					ix.tables[path] = ix.offsetPos(int(k.Raw.Offset))
				}
			}
			table = path
		case unstable.KeyValue:
			ix.keyValue(table, e)
		}
	}
	return ix, p.Error()
}

// keyValue records a key = value expression (possibly with a dotted key) inside table.
func (ix *posIndex) keyValue(table string, kv *unstable.Node) {
	path := table
	it := kv.Key()
	keyEnd := 0
	for it.Next() {
		k := it.Node()
		path = joinKey(path, string(k.Data))
		ix.addKey(path, ix.offsetPos(int(k.Raw.Offset)))
		keyEnd = int(k.Raw.Offset + k.Raw.Length)
	}
	// The value follows the '=' after the last key part.
	off := keyEnd
	for off < len(ix.data) && ix.data[off] != '=' {
		off++
	}
	ix.value(path, kv.Value(), ix.skipBlank(off+1))
}

// value records the value node n, which starts at byte offset start, and returns the offset just
// past its end.
func (ix *posIndex) value(path string, n *unstable.Node, start int) int {
	e := ix.entry(path)
	e.val = ix.offsetPos(start)
	e.set = true
	ix.byPos[e.val] = path
	switch n.Kind {
	case unstable.Array:
		cur := start + 1
		i := 0
		it := n.Children()
		for it.Next() {
			c := it.Node()
			if c.Kind == unstable.Comment {
				continue
			}
			cur = ix.skipSeparators(cur)
			el := path + "[" + strconv.Itoa(i) + "]"
			ix.addKey(el, ix.offsetPos(cur))
			cur = ix.value(el, c, cur)
			i++
		}
		cur = ix.skipSeparators(cur)
		return cur + 1 // past ']'
	case unstable.InlineTable:
		cur := start + 1
		it := n.Children()
		for it.Next() {
			c := it.Node()
			if c.Kind != unstable.KeyValue {
				continue
			}
			ix.keyValue(path, c)
			cur = int(c.Raw.Offset + c.Raw.Length)
		}
		cur = ix.skipSeparators(cur)
		return cur + 1 // past '}'
	default:
		if n.Kind == unstable.String {
			e.str = string(n.Data)
		}
		return int(n.Raw.Offset + n.Raw.Length)
	}
}

func (ix *posIndex) entry(path string) *posEntry {
	e, ok := ix.entries[path]
	if !ok {
		e = &posEntry{}
		ix.entries[path] = e
	}
	return e
}

func (ix *posIndex) addKey(path string, at pos) {
	if _, taken := ix.byPos[at]; !taken {
		ix.byPos[at] = path
	}
	e, ok := ix.entries[path]
	if ok && e.key != (pos{}) {
		return // first definition wins (implicit tables, repeated dotted prefixes)
	}
	if !ok {
		e = &posEntry{}
		ix.entries[path] = e
	}
	e.key = at
}

// skipBlank skips spaces and tabs.
func (ix *posIndex) skipBlank(off int) int {
	for off < len(ix.data) && (ix.data[off] == ' ' || ix.data[off] == '\t') {
		off++
	}
	return off
}

// skipSeparators skips whitespace, newlines, commas and comments between array elements or
// inline-table entries.
func (ix *posIndex) skipSeparators(off int) int {
	for off < len(ix.data) {
		switch ix.data[off] {
		case ' ', '\t', '\r', '\n', ',':
			off++
		case '#':
			for off < len(ix.data) && ix.data[off] != '\n' {
				off++
			}
		default:
			return off
		}
	}
	return off
}

// offsetPos converts a byte offset to a 1-based line and a 1-based byte column, as go-toml's
// DecodeError counts them.
func (ix *posIndex) offsetPos(off int) pos {
	l := sort.Search(len(ix.lines), func(i int) bool { return ix.lines[i] > off }) - 1
	if l < 0 {
		l = 0
	}
	return pos{Line: l + 1, Col: off - ix.lines[l] + 1}
}

// at returns the position of path, or of its nearest ancestor that appears in the document
// (a missing key is reported at its table), or line 1 column 1.
func (ix *posIndex) at(path string) pos {
	for p := path; p != ""; p = parentKey(p) {
		if e, ok := ix.entries[p]; ok && e.key != (pos{}) {
			return e.key
		}
	}
	return pos{1, 1}
}

// has reports whether path appears in the document.
func (ix *posIndex) has(path string) bool {
	_, ok := ix.entries[path]
	return ok
}

// str returns the string value at path, if the document has one there.
func (ix *posIndex) str(path string) string {
	if e, ok := ix.entries[path]; ok {
		return e.str
	}
	return ""
}

// pathAt returns the path whose key or value starts at p.
func (ix *posIndex) pathAt(p pos) (string, bool) {
	s, ok := ix.byPos[p]
	return s, ok
}

func joinKey(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func indexKey(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// parentKey strips the last key or index from path: "a.b[2]" -> "a.b" -> "a" -> "".
func parentKey(path string) string {
	if strings.HasSuffix(path, "]") {
		if i := strings.LastIndexByte(path, '['); i >= 0 {
			return path[:i]
		}
	}
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i]
	}
	return ""
}
