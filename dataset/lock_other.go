//go:build !unix

package dataset

import "os"

// Without flock (non-Unix systems) runs do not coordinate: one run per DIR at a time.
func lockFile(*os.File, bool) (bool, error) { return true, nil }

func unlockFile(*os.File) error { return nil }
