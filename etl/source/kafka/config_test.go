package kafkasource_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
	kafkasource "github.com/warehouse-loader/loader/etl/source/kafka"
	"github.com/warehouse-loader/loader/internal/kafkatest"
)

// Bad settings are one-line errors naming the setting.
func TestBadSettings(t *testing.T) {
	ok := kafkasource.Config{Brokers: []string{"127.0.0.1:9092"}, Topic: "t"}
	for _, tc := range []struct {
		name string
		edit func(*kafkasource.Config)
		want string
	}{
		{"no brokers", func(c *kafkasource.Config) { c.Brokers = nil }, "brokers: is required"},
		{"no port", func(c *kafkasource.Config) { c.Brokers = []string{"kafka"} }, `brokers: "kafka" is not host:port`},
		{"no topic", func(c *kafkasource.Config) { c.Topic = " " }, "topic: is required"},
		{"start", func(c *kafkasource.Config) { c.Start = "first" }, `start: unknown value "first"`},
		{"format", func(c *kafkasource.Config) { c.Format = "xml" }, `format: unknown format "xml"`},
		{"csv", func(c *kafkasource.Config) { c.Format = "csv" }, "columns: is required with format: csv"},
		{"meta", func(c *kafkasource.Config) { c.Columns = []string{"_offset"} }, "columns: _offset is a message property"},
		{"partition", func(c *kafkasource.Config) { c.Partitions = []int32{-1} }, "partitions: -1 is negative"},
		{"mechanism", func(c *kafkasource.Config) {
			c.SASL = &kafkasource.SASL{Mechanism: "GSSAPI", User: "u", Password: "GSSAPI-pw"}
		}, `sasl: mechanism: unknown mechanism "GSSAPI"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := ok
			tc.edit(&cfg)
			_, err := kafkasource.New(cfg, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %v, want one line with %q", err, tc.want)
			}
		})
	}
}

// The identity names the sorted brokers and the topic, never a password.
func TestIdentity(t *testing.T) {
	src, err := kafkasource.New(kafkasource.Config{Brokers: []string{"b:9092", "a:9092"}, Topic: "sales",
		SASL: &kafkasource.SASL{Mechanism: "PLAIN", User: "u", Password: "s3cret"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := src.Identity(); got != "kafka:a:9092,b:9092/sales" {
		t.Fatalf("identity %q", got)
	}
}

// SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) with a wrong password: Open
// fails with one line saying to check the sasl settings, without the
// password; with the right one it reads.
func TestSASLWrongPassword(t *testing.T) {
	k := kafkatest.Start(t, "loader", "right-pass")
	topic := k.Topic(1)
	k.Produce(topic, kafkatest.Events(3, 1)...)
	for _, m := range []string{"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"} {
		t.Run(m, func(t *testing.T) { saslPasswords(t, k, topic, m) })
	}
}

func saslPasswords(t *testing.T, k *kafkatest.Cluster, topic, mechanism string) {
	for _, tc := range []struct{ pass, want string }{{"wrong-pass-42", "check sasl:"}, {"right-pass", ""}} {
		src, err := kafkasource.New(kafkasource.Config{Brokers: k.Addrs, Topic: topic, Timeout: 5 * time.Second,
			SASL: &kafkasource.SASL{Mechanism: mechanism, User: "loader", Password: tc.pass}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		cols, err := src.Open(ctx, etl.Checkpoint{})
		cancel()
		switch {
		case tc.want == "" && err != nil:
			t.Fatalf("the right password: %v", err)
		case tc.want == "":
			if r := drain(t, src, cols, 10, 0); len(r.Rows) != 3 {
				t.Fatalf("%d records with the right password", len(r.Rows))
			}
		case err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), tc.pass) || strings.Contains(err.Error(), "\n"):
			t.Fatalf("error %v, want one line with %q and no password", err, tc.want)
		default:
			t.Logf("wrong password: %v", err)
		}
		_ = src.Close()
	}
}
