package mysql_test

import (
	"net/url"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository/repositorytest"
)

func TestConformance(t *testing.T) {
	repositorytest.Run(t, repositorytest.Target{NewURL: dbtest.MySQL, Respell: respell})
}

// respell adds a parameter that changes nothing (the dial timeout) and
// spells the scheme mariadb://.
func respell(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	q := u.Query()
	q.Set("timeout", "30s")
	u.RawQuery = q.Encode()
	u.Scheme = "mariadb"
	return u.String()
}
