package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

// interspersed moves a subcommand's flags in front of its positional arguments, so that
// `batch run sweeps/stp.toml --out results/stp` works: urfave/cli v2 stops reading flags at the
// first positional argument. Flags that take a value take the next argument unless written
// --flag=value; everything after "--" stays positional. A flag that takes a value but ends the
// line (`batch run FILE --out`) is an error: taken as it stands, the flag would swallow the "--"
// added in front of the positional arguments, and write results into a DIR named "--".
func interspersed(app *cli.App, args []string) ([]string, error) {
	if len(args) < 2 {
		return args, nil
	}
	var cmd *cli.Command
	at := 1
	for ; at < len(args); at++ {
		if !strings.HasPrefix(args[at], "-") {
			cmd = app.Command(args[at])
			break
		}
	}
	if cmd == nil {
		return args, nil
	}
	takesValue := map[string]bool{}
	for _, f := range cmd.Flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	var flags, pos []string
	rest := args[at+1:]
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		if a == "--" {
			pos = append(pos, rest[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if !strings.Contains(name, "=") && takesValue[name] {
			if i+1 >= len(rest) || rest[i+1] == "--" {
				return nil, fmt.Errorf("flag %s needs a value (see `batch %s --help`)", a, cmd.Name)
			}
			flags = append(flags, rest[i+1])
			i++
		}
	}
	out := append([]string{}, args[:at+1]...)
	out = append(out, flags...)
	if len(pos) > 0 {
		out = append(out, "--")
		out = append(out, pos...)
	}
	return out, nil
}
