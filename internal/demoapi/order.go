// Package demoapi is a small, deterministic orders API over HTTP: the API
// the loader's HTTP source is demonstrated, tested and benchmarked against
// (cmd/demo-api, the CLI tests, cmd/bench). GET /v1/orders answers pages of
// orders, oldest change first, with bearer-token authentication, cursor
// pagination (next_cursor in the body, a limit parameter) and an inclusive
// updated_since filter; a few orders can carry deliberately bad values.
//
// The orders are a function of their position and the seed, computed when
// served, so an API of millions of orders holds none of them in memory;
// only the changes --grow adds are kept.
package demoapi

import (
	"strconv"
	"time"
)

// Start is the updated_at of the first order; two orders share each second
// after it, so pages and incremental reads meet records that share the
// boundary value.
var Start = time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)

// Order is one record of the API.
type Order struct {
	ID        string
	Status    string
	PlacedAt  string // RFC 3339; not a valid time in a flawed order
	UpdatedAt time.Time
	Amount    string // a JSON number with 2 places, or "n/a" in a flawed order
	Currency  string
	Customer  Customer
	Items     int
}

// Customer is the nested object of an order.
type Customer struct {
	ID      string
	Name    string
	Country string
}

// The statuses of an order.
const (
	pending   = "pending"
	paid      = "paid"
	shipped   = "shipped"
	delivered = "delivered"
	refunded  = "refunded"
)

var (
	statuses   = []string{pending, paid, paid, shipped, shipped, refunded}
	currencies = []string{"EUR", "USD", "GBP"}
	firstNames = []string{"Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken", "Frances", "Niklaus"}
	lastNames  = []string{"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Thompson", "Allen", "Wirth"}
	countries  = []string{"FR", "DE", "GB", "US", "NL", "SE"}
)

// flawEvery is the period of the deliberately bad values: in each run of
// flawEvery orders, one has the amount "n/a" and one a placed_at that is
// not a time.
const flawEvery = 250

// orderAt returns the order at position i of the base data.
func orderAt(seed uint64, i int, flaws bool) Order {
	h := mix(seed + uint64(i+1)*0x9e3779b97f4a7c15)
	updated := Start.Add(time.Duration(i/2) * time.Second)
	cust := int(h>>40) % 5000
	o := Order{
		ID:        "ORD-" + pad(i+1, 7),
		Status:    statuses[h%uint64(len(statuses))],
		PlacedAt:  updated.Add(-time.Duration(h>>8%(72*3600)) * time.Second).Format(time.RFC3339),
		UpdatedAt: updated,
		Amount:    cents(100 + int64(h>>16%50000)),
		Currency:  currencies[h>>24%uint64(len(currencies))],
		Customer: Customer{
			ID:      "CUS-" + pad(cust+1, 5),
			Name:    firstNames[cust%len(firstNames)] + " " + lastNames[cust/len(firstNames)%len(lastNames)],
			Country: countries[cust%len(countries)],
		},
		Items: 1 + int(h>>32%5),
	}
	if flaws {
		switch i % flawEvery {
		case 17:
			o.Amount = `"n/a"`
		case 117:
			o.PlacedAt = "2024-02-30T25:61:00Z"
		}
	}
	return o
}

// AppendJSON appends the order as one compact JSON object. Its strings
// are ASCII, which strconv quotes as JSON does.
func (o Order) AppendJSON(b []byte) []byte {
	b = append(b, `{"order_id":`...)
	b = strconv.AppendQuote(b, o.ID)
	b = append(b, `,"status":`...)
	b = strconv.AppendQuote(b, o.Status)
	b = append(b, `,"placed_at":`...)
	b = strconv.AppendQuote(b, o.PlacedAt)
	b = append(b, `,"updated_at":`...)
	b = strconv.AppendQuote(b, o.UpdatedAt.Format(time.RFC3339))
	b = append(b, `,"amount":`...)
	b = append(b, o.Amount...)
	b = append(b, `,"currency":`...)
	b = strconv.AppendQuote(b, o.Currency)
	b = append(b, `,"customer":{"id":`...)
	b = strconv.AppendQuote(b, o.Customer.ID)
	b = append(b, `,"name":`...)
	b = strconv.AppendQuote(b, o.Customer.Name)
	b = append(b, `,"country":`...)
	b = strconv.AppendQuote(b, o.Customer.Country)
	b = append(b, `},"items":`...)
	b = strconv.AppendInt(b, int64(o.Items), 10)
	return append(b, '}')
}

// CustomerJSON is the customer object as AppendJSON writes it.
func (o Order) CustomerJSON() string {
	b := append([]byte(`{"id":`), strconv.Quote(o.Customer.ID)...)
	b = append(append(b, `,"name":`...), strconv.Quote(o.Customer.Name)...)
	b = append(append(b, `,"country":`...), strconv.Quote(o.Customer.Country)...)
	return string(append(b, '}'))
}

// mix is splitmix64's finaliser: a well-spread hash of x.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// cents formats an amount in cents with two decimal places.
func cents(c int64) string {
	return strconv.FormatInt(c/100, 10) + "." + pad(int(c%100), 2)
}
