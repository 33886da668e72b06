package dbopen

import "errors"

// ErrUnreachable is the one sentinel of a warehouse that cannot be
// reached: the server does not answer, or the SQLite file cannot be
// opened. repository.ErrUnreachable and migrations.ErrUnreachable are this
// error, so errors.Is matches it whichever of the Store or the Migrator
// failed to open the database.
var ErrUnreachable = errors.New("database unreachable")
