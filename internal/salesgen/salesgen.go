// Package salesgen writes deterministic raw sales CSVs shaped like the
// seed tutorials' data: missing amounts, exact duplicate rows and a few
// malformed values, for the demo, the tests and the benchmark.
package salesgen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"time"
)

// Header is the CSV header the generator writes.
var Header = []string{"order_id", "sold_at", "customer", "product", "region", "quantity", "sales_amount"}

var (
	products = []string{"Widget", "Gadget", "Doohickey", "Gizmo", "Thingamajig"}
	regions  = []string{"North", "South", "East", "West"}
	start    = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Rates of the irregularities, per row.
const (
	MissingAmountRate = 0.03
	DuplicateRate     = 0.01
	MalformedRate     = 0.002
)

// Write writes a header and n data rows (duplicates included) generated
// from seed. The same n and seed always give the same bytes.
func Write(w io.Writer, n int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	if _, err := fmt.Fprintln(bw, "order_id,sold_at,customer,product,region,quantity,sales_amount"); err != nil {
		return err
	}
	var prev []string
	id := 0
	for i := 0; i < n; i++ {
		var row string
		if prev != nil && rng.Float64() < DuplicateRate {
			row = join(prev)
		} else {
			id++
			prev = rowFor(rng, id)
			row = join(prev)
		}
		if _, err := bw.WriteString(row); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func rowFor(rng *rand.Rand, id int) []string {
	at := start.Add(time.Duration(rng.IntN(365*24*3600)) * time.Second)
	r := []string{
		fmt.Sprintf("ORD-%07d", id),
		at.Format("2006-01-02 15:04:05"),
		fmt.Sprintf("Customer %d", rng.IntN(500)+1),
		products[rng.IntN(len(products))],
		regions[rng.IntN(len(regions))],
		fmt.Sprint(rng.IntN(10) + 1),
		amount(rng),
	}
	if rng.Float64() < MalformedRate {
		switch rng.IntN(3) {
		case 0:
			r[6] = `"12,50"` // a decimal comma, quoted
		case 1:
			r[5] = "two" // a word for a number
		default:
			r[1] = "2024-13-45 99:00:00" // no such date
		}
	}
	return r
}

func amount(rng *rand.Rand) string {
	switch x := rng.Float64(); {
	case x < MissingAmountRate:
		return ""
	case x < MissingAmountRate+0.002:
		return "0.00"
	case x < MissingAmountRate+0.004:
		return "100.00" // on the Low/Medium edge
	case x < MissingAmountRate+0.006:
		return "500.00" // on the Medium/High edge
	}
	cents := rng.IntN(120000)
	return fmt.Sprintf("%d.%02d", cents/100, cents%100)
}

func join(r []string) string {
	return r[0] + "," + r[1] + "," + r[2] + "," + r[3] + "," + r[4] + "," + r[5] + "," + r[6] + "\n"
}
