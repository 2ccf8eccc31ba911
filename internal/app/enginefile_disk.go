package app

import (
	"errors"
	"github.com/klantpuls/klantpuls/internal/store/sqlite"
	"io/fs"
	"os"
	"path/filepath"
)

// Where and how an engine file lies on disk. It holds the customers' ids and the words of
// their comments, so it is never readable by more users than the database file; and an
// administrator who keeps it elsewhere by a symbolic link at its path (another disk) keeps the
// link: the file is written, and removed, where the link points.

// privateFile is the engine file's mode when there is no database file to take it from
// (PostgreSQL) or it cannot be read: the owner's only.
const privateFile fs.FileMode = 0o600

// engineFileMode is the mode an engine file is written with: the database file's read and
// write bits, so that a report run by another user than the server's reads it when it reads
// the database, and nobody reads it who cannot read the database.
func (a *App) engineFileMode() fs.FileMode {
	if a.dbFile == "" {
		return privateFile
	}
	fi, err := os.Stat(a.dbFile)
	if err != nil {
		return privateFile
	}
	return sqlite.CopyMode(fi)
}

// engineFileTarget is the file an engine file's path names: the path itself, or where a
// symbolic link at it points (resolved once, however many links; a link whose target is
// missing points where the target is to be written).
func engineFileTarget(path string) (string, error) {
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		return path, nil
	}
	if target, err := filepath.EvalSymlinks(path); err == nil {
		return target, nil
	}
	to, err := os.Readlink(path)
	if err != nil {
		return "", err
	}
	if !filepath.IsAbs(to) {
		to = filepath.Join(filepath.Dir(path), to)
	}
	return to, nil
}

// RemoveEngineFile removes the engine file at path (after an erasure, whose words it may
// hold, or a restore): where a symbolic link at path points, the link staying for the next
// file. None there is no error.
func RemoveEngineFile(path string) error {
	target, err := engineFileTarget(path)
	if err != nil {
		return err
	}
	if err := os.Remove(target); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
