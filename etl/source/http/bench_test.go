package httpsource_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	httpsource "github.com/warehouse-loader/loader/etl/source/http"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
	"github.com/warehouse-loader/loader/internal/httpclient"
)

// BenchmarkPages reads 20,000 records in pages of 1,000 from an
// in-process API whose pages are prepared in advance.
func BenchmarkPages(b *testing.B) {
	const size, pages = 1000, 20
	var bodies []string
	for p := range pages {
		recs := make([]string, size)
		for i := range recs {
			recs[i] = `{"id":` + itoa(p*size+i) + `,"name":"item","price":"12.30","tags":["a","b"],"customer":{"id":7,"name":"Ada Lovelace"}}`
		}
		bodies = append(bodies, `{"data":[`+strings.Join(recs, ",")+`]}`)
	}
	a := &api{}
	a.Server = newServer(b, func(w http.ResponseWriter, r *http.Request) {
		p := query(r, "page", 1)
		if p > pages {
			writeJSON(w, `{"data":[]}`)
			return
		}
		writeJSON(w, bodies[p-1])
	})
	client, err := httpclient.New(httpclient.Config{})
	if err != nil {
		b.Fatal(err)
	}
	cfg := httpsource.Config{URL: a.URL, Records: "data", Paginate: httpsource.Paginate{Page: &httpsource.PageNumbers{Start: 1, Size: size}}}
	sourcetest.Bench(b, func() (etl.Source, error) { return httpsource.New(cfg, client, nil) }, size*pages)
}
