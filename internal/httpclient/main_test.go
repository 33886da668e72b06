package httpclient

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the tests when a goroutine outlives them: a connection,
// a timer or a token fetch the client forgot. The memory token store of
// the test authorization server (go-oauth2 on buntdb) has no Close, so its
// background goroutine stays.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreTopFunction("github.com/tidwall/buntdb.(*DB).backgroundManager"))
}
