package sweep

import (
	"cmp"
	"errors"
	"fmt"
	suggestpkg "github.com/spikesweep/spikesweep/internal/suggest"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Error is a problem in a sweep file, found before anything runs. Load and Parse return one
// *Error, or several joined with errors.Join (sorted by position); find them with errors.As, or
// list them with [Errors].
//
// It prints as
//
//	sweeps/stp.toml:12:3: projection "syn": params.tau_dd: unknown parameter of model STP (parameters: U, tau, tau_d, tau_f); did you mean tau_d?
type Error struct {
	File string // the file name given to Load or Parse
	Line int    // 1-based
	Col  int    // 1-based byte column, as go-toml counts
	// Object names the table the key belongs to, e.g. `projection "syn"`, `input "neu1.input"`,
	// `sweep.axis "syn.U"`; empty for keys outside such a table (run.dt, sweep.mode).
	Object string
	// Key is the key within Object (or from the top of the document), e.g. "params.tau_dd",
	// "value[3]", "run.duration".
	Key string
	Msg string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "%s:%d:%d: ", e.File, e.Line, e.Col)
	} else {
		b.WriteString(e.File + ": ")
	}
	if e.Object != "" {
		b.WriteString(e.Object)
		b.WriteString(": ")
	}
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors lists the *Error values in err (one, or several joined), in order.
func Errors(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if e, ok := err.(*Error); ok {
			out = append(out, e)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		walk(errors.Unwrap(err))
	}
	walk(err)
	return out
}

// maxErrors bounds how many problems one Load reports.
const maxErrors = 20

// joinErrors sorts errs by position, drops exact duplicates, and joins them.
func joinErrors(errs []*Error) error {
	if len(errs) == 0 {
		return nil
	}
	slices.SortStableFunc(errs, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	errs = slices.CompactFunc(errs, func(a, b *Error) bool { return *a == *b })
	if len(errs) > maxErrors {
		more := len(errs) - maxErrors
		errs = append(errs[:maxErrors:maxErrors], &Error{File: errs[0].File, Msg: fmt.Sprintf("%d more problems not shown", more)})
	}
	if len(errs) == 1 {
		return errs[0]
	}
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = e
	}
	return errors.Join(out...)
}

// suggest returns the candidate nearest to word, if it is near enough to be a plausible typo.
func suggest(word string, candidates []string) string { return suggestpkg.Nearest(word, candidates) }

// didYouMean formats suggest's answer as a message suffix.
func didYouMean(word string, candidates []string) string {
	return suggestpkg.DidYouMean(word, candidates)
}

var indexRE = regexp.MustCompile(`\[\d+\]`)

var typeMismatch = regexp.MustCompile(`^cannot decode TOML (.+?) into (?:struct field .* )?of type (.+)$`)

// friendlyDecodeMessage rewrites go-toml's messages, which name Go types, in the file's terms.
func friendlyDecodeMessage(msg string) string {
	msg = strings.TrimPrefix(msg, "toml: ")
	if m := typeMismatch.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("expected %s, found a TOML %s", goTypeWords(m[2]), m[1])
	}
	if strings.HasPrefix(msg, "unexpected character U+000A at start of value") {
		return "missing value: the line ends after ="
	}
	if strings.HasPrefix(msg, "negative integer value") {
		return "must be a non-negative integer"
	}
	if strings.HasPrefix(msg, "cannot store a table in a ") || strings.HasPrefix(msg, "cannot store an array table in a ") {
		return "expected a single value, found a table"
	}
	return msg
}

func goTypeWords(t string) string {
	t = strings.TrimPrefix(t, "*")
	switch {
	case t == "float64":
		return "a number"
	case t == "int" || t == "uint64":
		return "an integer"
	case t == "string":
		return "a string"
	case t == "bool":
		return "true or false"
	case t == "[]float64":
		return "an array of numbers"
	case t == "[]int":
		return "an array of integers"
	case t == "[]string":
		return "an array of strings"
	case strings.HasPrefix(t, "map[string]string"):
		return "a table of strings"
	case strings.HasPrefix(t, "map["):
		return "a table"
	case strings.HasPrefix(t, "[]"):
		return "an array of tables"
	case strings.Contains(t, "sweep.doc"):
		return "a table"
	}
	return t
}

// fromTOML converts go-toml's errors (syntax, type mismatch, strict unknown keys) to *Error.
func (p *parser) fromTOML(err error) {
	var sm *toml.StrictMissingError
	if errors.As(err, &sm) {
		for i := range sm.Errors {
			p.unknownKey(&sm.Errors[i])
		}
		return
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		path, ok := "", false
		if p.idx != nil {
			path, ok = p.idx.pathAt(pos{line, col})
		}
		if !ok {
			path = strings.Join(de.Key(), ".")
		}
		obj, key := p.label(path)
		p.errs = append(p.errs, &Error{File: p.file, Line: line, Col: col, Object: obj, Key: key,
			Msg: friendlyDecodeMessage(de.Error())})
		return
	}
	p.errs = append(p.errs, &Error{File: p.file, Line: 1, Col: 1, Msg: err.Error()})
}

// unknownKey reports a key the format does not have, with the valid keys of its table.
func (p *parser) unknownKey(de *toml.DecodeError) {
	line, col := de.Position()
	k := []string(de.Key())
	path, ok := p.idx.pathAt(pos{line, col})
	if !ok {
		path = strings.Join(k, ".")
	}
	obj, rel := p.label(path)
	word := k[len(k)-1]
	ctx := strings.Join(k[:len(k)-1], ".")
	if ok { // the indexed path knows inline tables, which go-toml's key leaves out
		ctx = indexRE.ReplaceAllString(parentKey(path), "")
	}
	valid := schemaKeys[ctx]
	msg := "unknown key"
	if where := schemaTitle(ctx); where != "" {
		msg += " in " + where
	}
	if len(valid) > 0 {
		msg += " (keys: " + strings.Join(valid, ", ") + ")"
	}
	hint := didYouMean(word, valid)
	// A key of another table (seed under [[population]], num at the top level)?
	local, dl := suggestpkg.Closest(word, valid)
	if local == "" {
		dl = 1 << 30
	}
	for _, other := range sortedKeys(schemaKeys) {
		if other == ctx || other == "" {
			continue
		}
		if c, d := suggestpkg.Closest(word, schemaKeys[other]); c != "" && d < dl && d <= suggestpkg.TypoLimit(word) {
			hint = fmt.Sprintf("; did you mean %s (a key of %s)?", c, schemaTitle(other))
			dl = d
		}
	}
	msg += hint
	if len(k) == 2 && slices.Contains(schemaKeys[""], word) && ctx != "" {
		msg += fmt.Sprintf("; %q is a top-level key, and every key after a [table] header belongs "+
			"to that table: move it above the first [table]", word)
		if word == "spikes" {
			msg += ", or write it as a table: [spikes] populations = [...]"
		}
	}
	p.errs = append(p.errs, &Error{File: p.file, Line: line, Col: col, Object: obj, Key: rel, Msg: msg})
}
