package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/warehouse-loader/loader/internal/salesgen"
)

// sale is one row of transformed_sales_data.
type sale struct {
	orderID, customer, product, region string
	soldAt                             int64 // Unix seconds, UTC
	quantity                           int32
	cents                              int64
}

func transformFile(path string) ([]sale, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer func() { _ = f.Close() }()
	return transform(bufio.NewReaderSize(f, 1<<20))
}

// transform does what bench_csv does, independently of the loader's code:
// rows whose amount (empty → 0), quantity and sold_at parse, deduplicated on
// order_id keeping the last, in order of each order_id's first appearance.
// It returns the rows and how many raw rows were rejected.
func transform(r io.Reader) ([]sale, int, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(salesgen.Header)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, 0, fmt.Errorf("reading the header: %w", err)
	}
	if !slices.Equal(head, salesgen.Header) {
		return nil, 0, fmt.Errorf("unexpected header %q", head)
	}
	var rows []sale
	index := map[string]int{}
	rejected := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, rejected, nil
		}
		if err != nil && !errors.Is(err, csv.ErrFieldCount) {
			return nil, 0, err
		}
		if err != nil { // a record with the wrong number of fields
			rejected++
			continue
		}
		s, ok := parseSale(rec)
		if !ok {
			rejected++
			continue
		}
		if i, seen := index[s.orderID]; seen {
			rows[i] = s
			continue
		}
		index[s.orderID] = len(rows)
		rows = append(rows, s)
	}
}

// parseSale maps a raw record (order_id, sold_at, customer, product, region,
// quantity, sales_amount) to a row; false when the record is rejected.
func parseSale(rec []string) (sale, bool) {
	if rec[0] == "" { // NULL in a NOT NULL column
		return sale{}, false
	}
	at, err := time.ParseInLocation(time.DateTime, strings.TrimSpace(rec[1]), time.UTC)
	if err != nil {
		return sale{}, false
	}
	qty, err := strconv.ParseInt(strings.TrimSpace(rec[5]), 10, 32)
	if err != nil {
		return sale{}, false
	}
	amount := rec[6]
	if amount == "" { // fillna: NULL → "0"
		amount = "0"
	}
	cents, ok := parseCents(strings.TrimSpace(amount))
	if !ok {
		return sale{}, false
	}
	return sale{
		orderID: rec[0], customer: rec[2], product: rec[3], region: rec[4],
		soldAt: at.Unix(), quantity: int32(qty), cents: cents,
	}, true
}

// parseCents parses a non-negative decimal with at most 2 places that fits
// numeric(12,2): a negative amount breaks the bin's min of 0, more places
// break the cast's scale.
func parseCents(s string) (int64, bool) {
	whole, frac, dotted := strings.Cut(s, ".")
	if whole == "" || len(whole) > 10 || len(frac) > 2 || (dotted && frac == "") ||
		!digits(whole) || !digits(frac) {
		return 0, false
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt(frac+strings.Repeat("0", 2-len(frac)), 10, 64)
	return w*100 + f, true
}

func digits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// category is the bin step's label: (-inf, 100] Low, (100, 500] Medium,
// (500, inf) High.
func category(cents int64) string {
	switch {
	case cents <= 100_00:
		return "Low"
	case cents <= 500_00:
		return "Medium"
	default:
		return "High"
	}
}

func amountText(cents int64) string {
	return fmt.Sprintf("%d.%02d", cents/100, cents%100)
}
