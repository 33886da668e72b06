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

// decodeStrict decodes a manifest strictly, as the API server's schema
// has it: a misspelt or misplaced field is an error.
func decodeStrict[T any](raw []byte) (*T, error) {
	var v T
	return &v, yaml.UnmarshalStrict(raw, &v)
}

// manifest decodes the file at path strictly as a T.
func manifest[T any](t *testing.T, path string) *T {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := decodeStrict[T](raw)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

func job(t *testing.T) *batchv1.Job { return manifest[batchv1.Job](t, workersJob) }

// edit is a change to a manifest that must make it fail to decode.
type edit struct{ from, to string }

// checkRefusesEdits checks that each edit of the file at path makes it
// fail to decode as a T: the checks on the decoded value would pass a
// manifest the API server refuses if decoding were lax.
func checkRefusesEdits[T any](t *testing.T, path string, edits []edit) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range edits {
		broken := strings.Replace(string(raw), e.from, e.to, 1)
		if broken == string(raw) {
			t.Fatalf("%q is not in %s", e.from, path)
		}
		if _, err := decodeStrict[T]([]byte(broken)); err == nil {
			t.Errorf("%q for %q decoded without error", e.to, e.from)
		}
	}
}

func TestWorkersJobDecodingRefusesUnknownFields(t *testing.T) {
	checkRefusesEdits[batchv1.Job](t, workersJob, []edit{
		{"completionMode: Indexed", "completionsMode: Indexed"},
		{"restartPolicy: Never", "restartPolicy: Never\n      backoffLimitPerIndex: 2"}, // a Job field in the pod
		{"parallelism: 4", "parallelism: four"},
	})
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
	checkNoURLPasswords(t, workersJob, cronJob)
}

// checkNoURLPasswords checks that no URL outside a # comment (the
// kubectl examples) holds a password.
func checkNoURLPasswords(t *testing.T, paths ...string) {
	t.Helper()
	for _, path := range paths {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(raw), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			for _, m := range userinfo.FindAllStringSubmatch(line, -1) {
				t.Errorf("%s:%d: a URL holds a password (%d characters); take it from a secret", path, i+1, len(m[1]))
			}
		}
	}
}
