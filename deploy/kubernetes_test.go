package deploy

import (
	"os"
	"slices"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

const workersJob = "kubernetes/loader-workers-job.yaml"

// exitUsage is the loader's exit code for bad flags or arguments
// (cmd/loader), which the Job fails on at once.
const exitUsage = 2

// job decodes the Job strictly, as the API server's schema has it: a
// misspelt or misplaced field is an error.
func job(t *testing.T) *batchv1.Job {
	t.Helper()
	raw, err := os.ReadFile(workersJob)
	if err != nil {
		t.Fatal(err)
	}
	j, err := decodeJob(raw)
	if err != nil {
		t.Fatalf("%s: %v", workersJob, err)
	}
	return j
}

func decodeJob(raw []byte) (*batchv1.Job, error) {
	var j batchv1.Job
	return &j, yaml.UnmarshalStrict(raw, &j)
}

// The check above would pass a Job the API server refuses if decoding
// were lax: a misspelt or misplaced field must fail it.
func TestWorkersJobDecodingRefusesUnknownFields(t *testing.T) {
	raw, err := os.ReadFile(workersJob)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ from, to string }{
		{"completionMode: Indexed", "completionsMode: Indexed"},
		{"restartPolicy: Never", "restartPolicy: Never\n      backoffLimitPerIndex: 2"}, // a Job field in the pod
		{"parallelism: 4", "parallelism: four"},
	} {
		broken := strings.Replace(string(raw), tt.from, tt.to, 1)
		if broken == string(raw) {
			t.Fatalf("%q is not in %s", tt.from, workersJob)
		}
		if _, err := decodeJob([]byte(broken)); err == nil {
			t.Errorf("%q for %q decoded without error", tt.to, tt.from)
		}
	}
}

func TestWorkersJobIsIndexedWithOnePodPerCompletion(t *testing.T) {
	j := job(t)
	if j.APIVersion != "batch/v1" || j.Kind != "Job" {
		t.Fatalf("%s is %s %s, want batch/v1 Job", workersJob, j.APIVersion, j.Kind)
	}
	s := j.Spec
	if s.CompletionMode == nil || *s.CompletionMode != batchv1.IndexedCompletion {
		t.Errorf("completionMode = %v, want Indexed", s.CompletionMode)
	}
	if s.Completions == nil || s.Parallelism == nil || *s.Completions != *s.Parallelism || *s.Completions < 2 {
		t.Errorf("completions %v, parallelism %v: want the same number, at least 2, so every worker runs at once", s.Completions, s.Parallelism)
	}
	if s.BackoffLimitPerIndex == nil {
		t.Error("no backoffLimitPerIndex: a pod that dies would count against the whole Job")
	}
	if p := s.Template.Spec.RestartPolicy; p != corev1.RestartPolicyNever {
		t.Errorf("restartPolicy = %q, want Never (podFailurePolicy requires it)", p)
	}
	if !failsJobOnExit(s.PodFailurePolicy, exitUsage) {
		t.Errorf("podFailurePolicy %+v: want FailJob on the loader's usage exit code %d", s.PodFailurePolicy, exitUsage)
	}
}

func failsJobOnExit(p *batchv1.PodFailurePolicy, code int32) bool {
	if p == nil {
		return false
	}
	for _, r := range p.Rules {
		if r.Action == batchv1.PodFailurePolicyActionFailJob && r.OnExitCodes != nil &&
			r.OnExitCodes.Operator == batchv1.PodFailurePolicyOnExitCodesOpIn && slices.Contains(r.OnExitCodes.Values, code) {
			return true
		}
	}
	return false
}

func TestWorkersJobRunsThePipelineWithTheURLFromASecret(t *testing.T) {
	c := checkLoaderPod(t, job(t).Spec.Template.Spec)
	if slices.Contains(c.Command, "--full-refresh") {
		t.Error("--full-refresh in every pod: each would empty the target and hold the pipeline in turn")
	}
}

// checkLoaderPod checks a pod of one loader container running `loader
// run PIPELINE …`, the warehouse URL from a Secret, every volume mounted;
// it returns the container.
func checkLoaderPod(t *testing.T, spec corev1.PodSpec) corev1.Container {
	t.Helper()
	if len(spec.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(spec.Containers))
	}
	c := spec.Containers[0]
	if len(c.Command) < 3 || c.Command[0] != "loader" || c.Command[1] != "run" {
		t.Errorf("command = %q, want loader run PIPELINE …", c.Command)
	}
	var url *corev1.EnvVar
	for i := range c.Env {
		if c.Env[i].Name == "LOADER_DATABASE_URL" {
			url = &c.Env[i]
		}
	}
	if url == nil || url.Value != "" || url.ValueFrom == nil || url.ValueFrom.SecretKeyRef == nil {
		t.Errorf("LOADER_DATABASE_URL = %+v, want it from a Secret (valueFrom.secretKeyRef)", url)
	}
	mounts := map[string]bool{}
	for _, m := range c.VolumeMounts {
		mounts[m.Name] = true
	}
	for _, v := range spec.Volumes {
		if !mounts[v.Name] {
			t.Errorf("volume %s is mounted nowhere", v.Name)
		}
		delete(mounts, v.Name)
	}
	for m := range mounts {
		t.Errorf("volumeMount %s names no volume", m)
	}
	return c
}

func TestManifestsHoldNoLiteralPassword(t *testing.T) {
	for _, path := range []string{workersJob, cronJob} {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(raw), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue // the kubectl example in the comment
			}
			for _, m := range userinfo.FindAllStringSubmatch(line, -1) {
				t.Errorf("%s:%d: a URL holds a password (%d characters); take it from the Secret", path, i+1, len(m[1]))
			}
		}
	}
}
