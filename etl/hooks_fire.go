package etl

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Bounds on the hooks of one run, all of them together (each hook's own
// client timeout bounds each request too). A run cancelled by a signal
// gets only a few seconds, so that the command still ends promptly.
const (
	hooksTimeout          = 30 * time.Second
	hooksTimeoutCancelled = 3 * time.Second
)

// fireHooks fires the pipeline's OnSuccess hooks when the run succeeded
// and its OnFailure hooks when it failed or was cancelled, in order, once
// the run's row is final. A failing hook is logged and its error (prefixed
// by the hook's name) recorded in the run's hook_error; it changes nothing
// else. It returns the errors joined by "; " ("" when none failed).
func (j *job) fireHooks(ctx context.Context) string {
	hooks := j.p.OnFailure
	if j.run.Status == RunSucceeded {
		hooks = j.p.OnSuccess
	}
	if len(hooks) == 0 {
		return ""
	}
	bound := hooksTimeout
	if ctx.Err() != nil {
		bound = hooksTimeoutCancelled
	}
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), bound)
	defer cancel()
	e := eventOf(j.run)
	var failed []string
	for _, h := range hooks {
		if err := h.Fire(hctx, e); err != nil {
			msg := masked(fmt.Errorf("%s: %w", h.Name(), err), j.p.Secrets).Error()
			j.warnf(ctx, "hook failed", "run", j.run.ID, "error", msg)
			failed = append(failed, msg)
			continue
		}
		j.logf(ctx, "hook fired", "run", j.run.ID, "hook", h.Name())
	}
	if len(failed) == 0 {
		return ""
	}
	msg := strings.Join(failed, "; ")
	if err := j.Warehouse.RecordHookError(hctx, j.run.ID, msg); err != nil {
		j.warnf(ctx, "could not record the hook error", "run", j.run.ID, "error", masked(err, j.p.Secrets).Error())
	}
	return msg
}

func (j *job) warnf(ctx context.Context, msg string, args ...any) {
	if j.Log != nil {
		j.Log.WarnContext(ctx, msg, append([]any{"pipeline", j.p.Name}, args...)...)
	}
}
