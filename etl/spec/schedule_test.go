package spec_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/schedule"
)

func TestScheduleAndRetry(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       schedule.Job // Spec compared by String
	}{
		{"no schedule", base, schedule.Job{}},
		{"cron", base + "    schedule: \"*/15 * * * *\"\n", schedule.Job{Pipeline: "p", Spec: mustSpec(t, "*/15 * * * *", ""), Retry: schedule.Retry{Attempts: 1}}},
		{"descriptor", base + "    schedule: \"@every 10m\"\n", schedule.Job{Pipeline: "p", Spec: mustSpec(t, "@every 10m", ""), Retry: schedule.Retry{Attempts: 1}}},
		{"seconds", base + "    schedule: \"*/1 * * * * *\"\n", schedule.Job{Pipeline: "p", Spec: mustSpec(t, "*/1 * * * * *", ""), Retry: schedule.Retry{Attempts: 1}}},
		{"zone", base + "    schedule: {cron: \"0 6 * * 1-5\", time_zone: Europe/Paris}\n", schedule.Job{Pipeline: "p", Spec: mustSpec(t, "0 6 * * 1-5", "Europe/Paris"), Retry: schedule.Retry{Attempts: 1}}},
		{"retry", base + "    schedule: \"@hourly\"\n    retry: {attempts: 3, backoff: 1m}\n", schedule.Job{Pipeline: "p", Spec: mustSpec(t, "@hourly", ""), Retry: schedule.Retry{Attempts: 3, Backoff: time.Minute}}},
		{"retry default backoff", base + "    schedule: \"@hourly\"\n    retry: {attempts: 2}\n", schedule.Job{Pipeline: "p", Spec: mustSpec(t, "@hourly", ""), Retry: schedule.Retry{Attempts: 2, Backoff: spec.DefaultBackoff}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := spec.Parse([]byte(tt.yaml), func(string) string { return "" })
			if err != nil {
				t.Fatal(err)
			}
			got, ok := f.Schedule("p")
			if ok != (tt.want.Pipeline != "") || got.Pipeline != tt.want.Pipeline || got.Spec.String() != tt.want.Spec.String() || got.Retry != tt.want.Retry {
				t.Fatalf("Schedule = %+v, %v; want %+v", got, ok, tt.want)
			}
			if jobs := f.Schedules(); len(jobs) != map[bool]int{true: 1}[ok] {
				t.Fatalf("Schedules = %+v", jobs)
			}
			if ok && !got.Spec.Next(time.Now()).After(time.Now()) {
				t.Fatalf("Next is not to come: %s", got.Spec.Next(time.Now()))
			}
		})
	}
}

func TestScheduleErrorsNameThePipelineAndLine(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"bad cron", base + "    schedule: \"*/15 * *\"\n", `line 7: the schedule of pipeline p: bad cron expression "*/15 * *" (expected 5 to 6 fields, found 3`},
		{"bad cron field", base + "    schedule: {cron: \"0 25 * * *\"}\n", `line 7: the schedule of pipeline p: bad cron expression "0 25 * * *" (end of range (25) above maximum (23)`},
		{"unknown zone", base + "    schedule: {cron: \"0 6 * * *\", time_zone: Europe/Pariss}\n", `line 7: the schedule of pipeline p: unknown time zone "Europe/Pariss"; write an IANA zone name`},
		{"zone in the cron", base + "    schedule: \"TZ=Europe/Paris 0 6 * * *\"\n", "write the zone in time_zone instead"},
		{"no cron", base + "    schedule: {time_zone: UTC}\n", `line 7: the schedule of pipeline p has no cron; write {cron: "0 6 * * 1-5"`},
		{"misspelt schedule key", base + "    schedule:\n      cron: \"@daily\"\n      timezone: UTC\n", `line 9: unknown key "timezone" in the schedule of pipeline p; valid keys: cron, time_zone`},
		{"schedule list", base + "    schedule: [\"@daily\"]\n", "line 7: the schedule of pipeline p takes a mapping of settings"},
		{"zero attempts", base + "    schedule: \"@daily\"\n    retry: {attempts: 0}\n", "line 8: the retry of pipeline p: retry attempts is 0; write 1 or more"},
		{"no attempts", base + "    schedule: \"@daily\"\n    retry: {backoff: 5s}\n", "line 8: the retry of pipeline p: no attempts; write {attempts: 3, backoff: 30s}"},
		{"bad backoff", base + "    schedule: \"@daily\"\n    retry: {attempts: 2, backoff: soon}\n", `line 8: the retry of pipeline p: backoff "soon" is not a duration; write one such as 30s`},
		{"negative backoff", base + "    schedule: \"@daily\"\n    retry: {attempts: 2, backoff: -5s}\n", "line 8: the retry of pipeline p: retry backoff -5s is negative"},
		{"misspelt retry key", base + "    schedule: \"@daily\"\n    retry: {attempt: 2}\n", `line 8: unknown key "attempt" in the retry of pipeline p; valid keys: attempts, backoff`},
		{"attempts not a number", base + "    schedule: \"@daily\"\n    retry: {attempts: many}\n", "the retry of pipeline p: line 8: cannot unmarshal !!str `many` into int"},
		{"retry without schedule", base + "    retry: {attempts: 3}\n", "line 7: pipeline p has a retry but no schedule; retries apply to scheduled runs: add `schedule:` or remove `retry:`"},
		{"misspelt schedule", base + "    shedule: \"@daily\"\n", "line 7: field shedule not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := spec.Parse([]byte(tt.yaml), func(string) string { return "" })
			if !errors.Is(err, spec.ErrInvalid) || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %v: want ErrInvalid on one line containing %q", err, tt.want)
			}
		})
	}
}

// mustSpec parses a schedule the test knows to be valid.
func mustSpec(t *testing.T, expr, zone string) schedule.Spec {
	t.Helper()
	s, err := schedule.Parse(expr, zone)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
