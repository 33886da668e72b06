package deploy

import (
	"slices"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
)

const cronJob = "kubernetes/loader-cronjob.yaml"

func cron(t *testing.T) *batchv1.CronJob { return manifest[batchv1.CronJob](t, cronJob) }

func TestCronJobDecodingRefusesUnknownFields(t *testing.T) {
	checkRefusesEdits[batchv1.CronJob](t, cronJob, []edit{
		{"concurrencyPolicy: Forbid", "concurrentPolicy: Forbid"},
		{"backoffLimit: 3", "backoffLimit: 3\n      schedule: \"@hourly\""}, // a CronJob field in the Job
		{"startingDeadlineSeconds: 600", "startingDeadlineSeconds: ten"},
	})
}

func TestCronJobNeverOverlapsAndFailsFastOnUsage(t *testing.T) {
	j := cron(t)
	if j.APIVersion != "batch/v1" || j.Kind != "CronJob" {
		t.Fatalf("%s is %s %s, want batch/v1 CronJob", cronJob, j.APIVersion, j.Kind)
	}
	s := j.Spec
	if fields := strings.Fields(s.Schedule); len(fields) != 5 {
		t.Errorf("schedule %q: want five cron fields", s.Schedule)
	}
	if s.TimeZone == nil || *s.TimeZone == "" {
		t.Error("no timeZone: the schedule would follow the controller's clock")
	}
	if s.ConcurrencyPolicy != batchv1.ForbidConcurrent {
		t.Errorf("concurrencyPolicy = %q, want Forbid", s.ConcurrencyPolicy)
	}
	if s.StartingDeadlineSeconds == nil {
		t.Error("no startingDeadlineSeconds: after a long outage the controller may refuse to start the job at all")
	}
	js := s.JobTemplate.Spec
	if js.BackoffLimit == nil || *js.BackoffLimit < 1 {
		t.Errorf("backoffLimit = %v, want retries for exit 1", js.BackoffLimit)
	}
	if p := js.Template.Spec.RestartPolicy; p != corev1.RestartPolicyNever {
		t.Errorf("restartPolicy = %q, want Never (podFailurePolicy requires it)", p)
	}
	if !failsJobOnExit(js.PodFailurePolicy, exitUsage) {
		t.Errorf("podFailurePolicy %+v: want FailJob on the loader's usage exit code %d", js.PodFailurePolicy, exitUsage)
	}
	if g := js.Template.Spec.TerminationGracePeriodSeconds; g == nil || *g < 20 {
		t.Errorf("terminationGracePeriodSeconds = %v, want at least 20 (the loader stops within 15 s)", g)
	}
}

func TestCronJobRunsAPipelineOfThePipelineFile(t *testing.T) {
	c := checkLoaderPod(t, cron(t).Spec.JobTemplate.Spec.Template.Spec)
	if len(c.Command) > 2 && !slices.Contains(pipelineNames(t), c.Command[2]) {
		t.Errorf("command %q: %s is no pipeline of pipelines.yaml", c.Command, c.Command[2])
	}
	for _, bad := range []string{"--full-refresh", "--follow"} {
		if slices.Contains(c.Command, bad) {
			t.Errorf("command %q: %s on every tick", c.Command, bad)
		}
	}
}
