package deploy

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

const (
	workersDAG   = "airflow/loader_workers_dag.py"
	pipelinesDAG = "airflow/loader_pipelines_dag.py"
)

// dag is what testdata/airflow_dags.py reports of a DAG loaded against
// the Airflow stand-in in testdata/airflowstub.
type dag struct {
	DagID         string    `json:"dag_id"`
	Schedule      string    `json:"schedule"`
	MaxActiveRuns int       `json:"max_active_runs"`
	Tasks         []dagTask `json:"tasks"`
}

type dagTask struct {
	TaskID           string            `json:"task_id"`
	Kind             string            `json:"kind"`
	Upstream         []string          `json:"upstream"`
	Retries          int               `json:"retries"`
	MapCount         int               `json:"map_count"`
	Command          string            `json:"command"`
	Env              map[string]string `json:"env"`
	Image            string            `json:"image"`
	Deferrable       bool              `json:"deferrable"`
	Secrets          []dagSecret       `json:"secrets"`
	UnmountedVolumes []string          `json:"unmounted_volumes"`
	// Outcomes: by the exit code of `loader`, what the task raised.
	Outcomes   map[string]string `json:"outcomes"`
	LoaderArgs []string          `json:"loader_args"`
}

type dagSecret struct {
	Type   string `json:"type"`
	Target string `json:"target"`
	Secret string `json:"secret"`
	Key    string `json:"key"`
}

// Outcomes of a task in Airflow: AirflowFailException fails it at once,
// any other AirflowException is retried while retries are left.
const (
	succeeded = "success"
	retried   = "AirflowException"
	failFast  = "AirflowFailException"
)

// loadDAGs loads both example DAG files with python3 against the stub of
// layout (see testdata/airflow_dags.py) and executes each task with a
// `loader` on PATH that exits 0, 1 and 2 in turn.
func loadDAGs(t *testing.T, layout string) map[string]dag {
	t.Helper()
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: the example DAGs are not checked")
	}
	bin := t.TempDir()
	fake := "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$FAKE_LOADER_ARGS\"\nexit \"$FAKE_LOADER_EXIT\"\n"
	if err := os.WriteFile(filepath.Join(bin, "loader"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, "testdata/airflow_dags.py", layout, workersDAG, pipelinesDAG)
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"FAKE_LOADER_EXITS=0,1,2", "FAKE_LOADER_ARGS="+filepath.Join(bin, "args"), "PYTHONDONTWRITEBYTECODE=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("loading the DAGs (layout %s): %v\n%s", layout, err, stderr.String())
	}
	var dags []dag
	if err := json.Unmarshal(out, &dags); err != nil {
		t.Fatalf("airflow_dags.py printed %q: %v", out, err)
	}
	byID := map[string]dag{}
	for _, d := range dags {
		byID[d.DagID] = d
	}
	return byID
}

// pipelineNames returns the pipelines ../pipelines.yaml defines.
func pipelineNames(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile("../pipelines.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Pipelines map[string]any `json:"pipelines"`
	}
	if err := yaml.Unmarshal(raw, &f); err != nil {
		t.Fatalf("pipelines.yaml: %v", err)
	}
	names := make([]string, 0, len(f.Pipelines))
	for n := range f.Pipelines {
		names = append(names, n)
	}
	return names
}

func TestAirflowDAGsLoad(t *testing.T) {
	for layout, want := range map[string][]string{
		"3":      {"loader_pipelines_bash", "loader_pipelines_k8s", "loader_sales_files"},
		"2":      {"loader_pipelines_bash", "loader_pipelines_k8s", "loader_sales_files"},
		"no-k8s": {"loader_pipelines_bash", "loader_sales_files"}, // without the Kubernetes provider
	} {
		t.Run("airflow "+layout, func(t *testing.T) {
			dags := loadDAGs(t, layout)
			got := make([]string, 0, len(dags))
			for id := range dags {
				got = append(got, id)
			}
			if slices.Sort(got); !slices.Equal(got, want) {
				t.Errorf("DAGs %v, want %v", got, want)
			}
		})
	}
}

func TestPipelinesDAGsRunEachPipelineInOrder(t *testing.T) {
	dags := loadDAGs(t, "3")
	known := pipelineNames(t)
	for _, id := range []string{"loader_pipelines_bash", "loader_pipelines_k8s"} {
		d := dags[id]
		if d.MaxActiveRuns != 1 || d.Schedule == "" {
			t.Errorf("%s: schedule %q, max_active_runs %d; want a schedule and one run at a time", id, d.Schedule, d.MaxActiveRuns)
		}
		if len(d.Tasks) < 2 {
			t.Fatalf("%s: %d tasks, want one per pipeline", id, len(d.Tasks))
		}
		for i, task := range d.Tasks {
			if !slices.Contains(known, task.TaskID) {
				t.Errorf("%s: task %s is no pipeline of pipelines.yaml (%v)", id, task.TaskID, known)
			}
			if want := []string{"run", task.TaskID, "--log-format", "json"}; !slices.Equal(task.LoaderArgs, want) {
				t.Errorf("%s.%s ran loader %q, want %q", id, task.TaskID, task.LoaderArgs, want)
			}
			var want []string
			if i > 0 {
				want = []string{d.Tasks[i-1].TaskID}
			}
			if !slices.Equal(task.Upstream, want) {
				t.Errorf("%s.%s upstream %v, want %v", id, task.TaskID, task.Upstream, want)
			}
		}
	}
}

// TestPipelinesDAGsRetryFailuresButNotUsageErrors checks the exit codes
// of docs/orchestration.md: 1 is retried, 2 fails the task at once.
func TestPipelinesDAGsRetryFailuresButNotUsageErrors(t *testing.T) {
	for _, layout := range []string{"3", "2"} {
		dags := loadDAGs(t, layout)
		for _, c := range []struct{ dag, kind string }{
			{"loader_pipelines_bash", "BashOperator"},
			{"loader_pipelines_k8s", "KubernetesPodOperator"},
		} {
			for _, task := range dags[c.dag].Tasks {
				name := "airflow " + layout + " " + c.dag + "." + task.TaskID
				if task.Kind != c.kind {
					t.Errorf("%s is a %s, want a %s", name, task.Kind, c.kind)
				}
				if task.Retries < 1 {
					t.Errorf("%s: retries %d, want some for exit 1", name, task.Retries)
				}
				want := map[string]string{"0": succeeded, "1": retried, "2": failFast}
				for code, w := range want {
					if got := task.Outcomes[code]; got != w {
						t.Errorf("%s: loader exit %s raised %s, want %s", name, code, got, w)
					}
				}
				if task.Deferrable {
					t.Errorf("%s is deferrable: the exit code 2 check would be bypassed", name)
				}
			}
		}
	}
}

func TestPipelinesPodTasksTakeTheURLFromASecret(t *testing.T) {
	for _, task := range loadDAGs(t, "3")["loader_pipelines_k8s"].Tasks {
		if _, ok := task.Env["LOADER_DATABASE_URL"]; ok {
			t.Errorf("%s: LOADER_DATABASE_URL in env_vars; take it from the Secret", task.TaskID)
		}
		want := dagSecret{Type: "env", Target: "LOADER_DATABASE_URL", Secret: "loader-warehouse", Key: "url"}
		if !slices.Contains(task.Secrets, want) {
			t.Errorf("%s: secrets %+v, want %+v", task.TaskID, task.Secrets, want)
		}
		if len(task.UnmountedVolumes) > 0 {
			t.Errorf("%s: volumes %v are mounted nowhere", task.TaskID, task.UnmountedVolumes)
		}
		if !strings.Contains(task.Image, "warehouse-loader") {
			t.Errorf("%s: image %q, want the loader's", task.TaskID, task.Image)
		}
	}
}

func TestWorkersDAGMapsOneTaskPerWorker(t *testing.T) {
	d := loadDAGs(t, "3")["loader_sales_files"]
	if len(d.Tasks) != 2 || d.Tasks[0].TaskID != "load" || d.Tasks[1].TaskID != "after_load" {
		t.Fatalf("tasks %+v, want load and after_load", d.Tasks)
	}
	load, after := d.Tasks[0], d.Tasks[1]
	if load.MapCount < 2 {
		t.Errorf("load is mapped over %d workers, want at least 2", load.MapCount)
	}
	if want := []string{"run", "sales_files", "--input", "/data/exports/*.csv", "--log-format", "json"}; !slices.Equal(load.LoaderArgs, want) {
		t.Errorf("load ran loader %q, want %q (the glob unexpanded)", load.LoaderArgs, want)
	}
	if !slices.Equal(after.Upstream, []string{"load"}) {
		t.Errorf("after_load upstream %v, want [load]", after.Upstream)
	}
	if load.Retries < 1 || load.Outcomes["1"] != retried {
		t.Errorf("load: retries %d, exit 1 raised %s; want it retried", load.Retries, load.Outcomes["1"])
	}
}

func TestDAGsHoldNoLiteralPassword(t *testing.T) {
	checkNoURLPasswords(t, workersDAG, pipelinesDAG)
}
