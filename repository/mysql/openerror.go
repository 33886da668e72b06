package mysql

import (
	"errors"
	"fmt"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/warehouse-loader/loader/internal/dburl"
)

// openAdvice is what to do about a server's refusal to open a session, by
// error number.
var openAdvice = map[uint16]string{
	1045: "check the user and password",                                       // access denied
	1044: "the database does not exist or the user may not use it: create it", // no access to the database
	1049: "the database does not exist or the user may not use it: create it", // unknown database
}

// OpenError names a server that answered but refused the session: a wrong
// user or password, a database missing or closed to the user, with what
// to do and without the password. Anything else is nil: the caller's
// "check that the server runs" fits.
func (Driver) OpenError(u dburl.URL, err, unreachable error) error {
	var myErr *gomysql.MySQLError
	if !errors.As(err, &myErr) {
		return nil
	}
	advice, ok := openAdvice[myErr.Number]
	if !ok {
		return nil
	}
	return fmt.Errorf("%w: %s: %s (error %d); %s", unreachable, u, u.Scrub(oneLine(myErr.Message)), myErr.Number, advice)
}
