package spec

import (
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/internal/yamlstrict"
	"github.com/warehouse-loader/loader/schedule"
)

// DefaultBackoff is the wait before the first retry when retry gives
// attempts but no backoff.
const DefaultBackoff = 30 * time.Second

// scheduleSettings is the mapping form of schedule:.
type scheduleSettings struct {
	Cron     string `yaml:"cron"`
	TimeZone string `yaml:"time_zone"`
}

// retrySettings is retry:.
type retrySettings struct {
	Attempts *int   `yaml:"attempts"`
	Backoff  string `yaml:"backoff"`
}

// Schedules returns the jobs of the pipelines that have a schedule, in
// name order, for schedule.New.
func (f *File) Schedules() []schedule.Job {
	var jobs []schedule.Job
	for _, name := range f.Names() {
		if j, ok := f.Schedule(name); ok {
			jobs = append(jobs, j)
		}
	}
	return jobs
}

// Schedule returns the named pipeline's job; false when it has no
// schedule (or no such pipeline). Its Spec.Next is the next scheduled run.
func (f *File) Schedule(name string) (schedule.Job, bool) {
	p := f.Pipelines[name]
	if p == nil || p.job == nil {
		return schedule.Job{}, false
	}
	return *p.job, true
}

// checkSchedules parses every pipeline's schedule and retry, naming the
// line of what is wrong.
func checkSchedules(root *yaml.Node, f *File) error {
	var err error
	eachPipeline(root, func(name, _ *yaml.Node) {
		if p := f.Pipelines[name.Value]; err == nil && p != nil {
			p.job, err = parseJob(name, p)
		}
	})
	return err
}

// parseJob returns the pipeline's job, or nil when it has no schedule.
func parseJob(name *yaml.Node, p *Pipeline) (*schedule.Job, error) {
	sched, retry := present(&p.Schedule), present(&p.Retry)
	if sched == nil {
		if retry != nil {
			return nil, fmt.Errorf("%w: line %d: pipeline %s has a retry but no schedule; retries apply to scheduled runs: add `schedule:` or remove `retry:`", ErrInvalid, retry.Line, name.Value)
		}
		return nil, nil
	}
	spec, err := parseSchedule(sched, "the schedule of pipeline "+name.Value)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	job := &schedule.Job{Pipeline: name.Value, Spec: spec, Retry: schedule.Retry{Attempts: 1}}
	if retry == nil {
		return job, nil
	}
	if job.Retry, err = parseRetry(retry, "the retry of pipeline "+name.Value); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return job, nil
}

// present returns n unless it is absent or null.
func present(n *yaml.Node) *yaml.Node {
	if n.Kind == 0 || n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	return n
}

// parseSchedule reads `schedule: "expr"` or `schedule: {cron, time_zone}`;
// owner names it in errors, which name the line.
func parseSchedule(n *yaml.Node, owner string) (schedule.Spec, error) {
	if n.Kind == yaml.ScalarNode {
		spec, err := schedule.Parse(n.Value, "")
		return spec, lineError(n, owner, err)
	}
	var s scheduleSettings
	if err := yamlstrict.Decode(n, &s, owner, owner); err != nil {
		return schedule.Spec{}, err
	}
	if s.Cron == "" {
		return schedule.Spec{}, fmt.Errorf(`line %d: %s has no cron; write {cron: "0 6 * * 1-5", time_zone: Europe/Paris} or a plain "*/15 * * * *"`, n.Line, owner)
	}
	spec, err := schedule.Parse(s.Cron, s.TimeZone)
	return spec, lineError(n, owner, err)
}

// lineError puts n's line and owner before err (nil stays nil).
func lineError(n *yaml.Node, owner string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("line %d: %s: %w", n.Line, owner, err)
}

// parseRetry reads `retry: {attempts, backoff}`; owner names it in
// errors, which name the line.
func parseRetry(n *yaml.Node, owner string) (schedule.Retry, error) {
	var s retrySettings
	if err := yamlstrict.Decode(n, &s, owner, owner); err != nil {
		return schedule.Retry{}, err
	}
	if s.Attempts == nil {
		return schedule.Retry{}, lineError(n, owner, fmt.Errorf("no attempts; write {attempts: 3, backoff: 30s} (attempts counts the first try)"))
	}
	r := schedule.Retry{Attempts: *s.Attempts, Backoff: DefaultBackoff}
	if s.Backoff != "" {
		d, err := time.ParseDuration(s.Backoff)
		if err != nil {
			return schedule.Retry{}, lineError(n, owner, fmt.Errorf("backoff %q is not a duration; write one such as 30s, 5m or 1h", s.Backoff))
		}
		r.Backoff = d
	}
	return r, lineError(n, owner, r.Validate())
}
