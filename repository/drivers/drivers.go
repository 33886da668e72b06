// Package drivers is the registry of the databases the loader supports:
// one line per driver in registered, found by the scheme of a database URL
// (Driver.Schemes). Adding a database is a package implementing
// repository/driver, one line here and a folder of migrations.
//
// The registry is a package of its own, not part of package repository,
// because package migrations needs it too and repository's tests import
// migrations (through internal/dbtest): a registry in repository would
// close an import cycle.
package drivers

import (
	"fmt"
	"slices"
	"strings"

	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/repository/driver"
	"github.com/warehouse-loader/loader/repository/mysql"
	"github.com/warehouse-loader/loader/repository/postgres"
	"github.com/warehouse-loader/loader/repository/sqlite"
)

// registered are the drivers, one line each.
var registered = []driver.Driver{
	postgres.New(),
	sqlite.New(),
	mysql.New(),
}

// All returns the registered drivers, in registration order.
func All() []driver.Driver { return slices.Clone(registered) }

// Names returns the registered drivers' names ("postgres", "sqlite", …).
func Names() []string {
	out := make([]string, len(registered))
	for i, d := range registered {
		out[i] = d.Name()
	}
	return out
}

// Schemes returns every registered URL scheme, sorted.
func Schemes() []string {
	var out []string
	for _, d := range registered {
		out = append(out, d.Schemes()...)
	}
	slices.Sort(out)
	return out
}

// Lookup returns a new instance (Driver.New) of the driver of scheme; an
// unknown scheme is an error wrapping dburl.ErrInvalid that lists the
// registered ones.
func Lookup(scheme string) (driver.Driver, error) {
	for _, d := range registered {
		if slices.Contains(d.Schemes(), strings.ToLower(scheme)) {
			return d.New(), nil
		}
	}
	return nil, fmt.Errorf("%w: unknown scheme %q; use one of %s", dburl.ErrInvalid, scheme, strings.Join(suffixed(Schemes()), ", "))
}

func suffixed(schemes []string) []string {
	out := make([]string, len(schemes))
	for i, s := range schemes {
		out[i] = s + "://"
	}
	return out
}

// Resolve returns the driver of u's scheme and u as that driver completes
// it (Driver.ParseURL).
func Resolve(u dburl.URL) (driver.Driver, dburl.URL, error) {
	d, err := Lookup(u.Scheme())
	if err != nil {
		return nil, dburl.URL{}, fmt.Errorf("%w (in %s)", err, u)
	}
	if u, err = d.ParseURL(u); err != nil {
		return nil, dburl.URL{}, err
	}
	return d, u, nil
}

// Parse is dburl.Parse followed by Resolve: the URL checked by its
// driver, and the driver.
func Parse(raw string) (driver.Driver, dburl.URL, error) {
	u, err := dburl.Parse(raw)
	if err != nil {
		return nil, dburl.URL{}, err
	}
	return Resolve(u)
}
