package main

import (
	"strings"
	"testing"
)

func TestTransformKeepsTheLastParsableRowOfEachOrder(t *testing.T) {
	in := `order_id,sold_at,customer,product,region,quantity,sales_amount
A,2024-01-02 03:04:05,C1,Widget,North,1,10.00
B,2024-01-02 03:04:05,C2,Gadget,South,2,
A,2024-02-03 04:05:06,C3,Gizmo,East,3,100.01
C,2024-13-45 99:00:00,C4,Widget,West,1,1.00
D,2024-01-02 03:04:05,C5,Widget,West,two,1.00
E,2024-01-02 03:04:05,C6,Widget,West,1,"12,50"
F,2024-01-02 03:04:05,C7,Widget,West,1,500.00
,2024-01-02 03:04:05,C8,Widget,West,1,1.00
G,2024-01-02 03:04:05,C9,Widget,West,1,-1.00
H,2024-01-02 03:04:05,C9,Widget,West,1
I,2024-01-02 03:04:05,C9,Widget,West,1,1.234
`
	rows, rejected, err := transform(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if rejected != 7 {
		t.Errorf("rejected = %d, want 7", rejected)
	}
	got := make([]string, 0, len(rows))
	for _, r := range rows {
		got = append(got, r.orderID+" "+r.customer+" "+amountText(r.cents)+" "+category(r.cents))
	}
	want := []string{"A C3 100.01 Medium", "B C2 0.00 Low", "F C7 500.00 Medium"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("rows = %q, want %q", got, want)
	}
}

func TestDigestReadsSQLiteDatetimesOfBothWriters(t *testing.T) {
	for _, v := range []string{"2024-01-02 03:04:05+00:00", "2024-01-02T03:04:05Z", "2024-01-02 04:04:05+01:00", "2024-01-02 03:04:05.000"} {
		got, err := utcText(v)
		if err != nil || got != "2024-01-02 03:04:05" {
			t.Errorf("utcText(%q) = %q, %v", v, got, err)
		}
	}
}

func TestDigestChangesWithAnyField(t *testing.T) {
	base := []sale{{orderID: "A", customer: "C", product: "P", region: "R", soldAt: 1, quantity: 2, cents: 300}}
	want := digestOf(base)
	for i, change := range []func(*sale){
		func(s *sale) { s.orderID = "B" },
		func(s *sale) { s.soldAt++ },
		func(s *sale) { s.customer = "" },
		func(s *sale) { s.quantity++ },
		func(s *sale) { s.cents++ },
	} {
		s := base[0]
		change(&s)
		if d := digestOf([]sale{s}); d == want {
			t.Errorf("change %d: digest unchanged", i)
		}
	}
}
