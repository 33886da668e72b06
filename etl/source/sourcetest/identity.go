package sourcetest

import (
	"errors"
	"testing"

	"github.com/warehouse-loader/loader/etl"
)

// testIdentity checks that two sources over the same input have the same
// identity and that a checkpoint of one fits the other; and that a source
// over an edited input either has another identity or refuses the
// checkpoint with etl.ErrSourceChanged.
func testIdentity(t *testing.T, k Kind) {
	content := k.Records(5)
	newSrc := k.Input(t, content)
	first := fresh(t, newSrc)
	Open(t, first, etl.Checkpoint{})
	if _, _, err := ReadN(t, first, 3); err != nil {
		t.Fatal(err)
	}
	cp := first.Checkpoint()
	again := fresh(t, newSrc)
	if again.Identity() != first.Identity() {
		t.Errorf("identity %q, then %q over the same input", first.Identity(), again.Identity())
	}
	Open(t, again, cp)
	if rest, _, err := ReadN(t, again, -1); err != nil || len(rest) != 2 {
		t.Errorf("the same input from the checkpoint: %d records, %v; want 2", len(rest), err)
	}
	edited := fresh(t, k.Input(t, k.Edit(content)))
	if edited.Identity() != first.Identity() {
		return
	}
	_, err := edited.Open(t.Context(), cp)
	if err == nil {
		_ = edited.Close()
	}
	if !errors.Is(err, etl.ErrSourceChanged) {
		t.Errorf("edited input, same identity %q: Open(%+v) = %v, want etl.ErrSourceChanged", first.Identity(), cp, err)
	}
}
