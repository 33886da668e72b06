package hook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/internal/httpclient"
)

// AirflowSettings are an Airflow hook's settings in a pipeline file.
type AirflowSettings struct {
	// URL is the base URL of the Airflow API server (http://airflow:8080).
	URL   string `yaml:"url"`
	DagID string `yaml:"dag_id"`
	// Conf is the DAG run's conf, a mapping whose strings are templates
	// like a webhook's body; the run's event is added under "loader"
	// unless Conf has a key "loader" of its own (null: leave it out).
	Conf yaml.Node `yaml:"conf"`
	// API is "v2" (Airflow 3, the default) or "v1" (Airflow 2).
	API string `yaml:"api"`
	// LogicalDate is "finished_at" (the default with v2), "started_at",
	// or "none" (sent as null with v2, left out with v1, v1's default).
	LogicalDate string `yaml:"logical_date"`
	// Settings are the client's: auth, tls, timeout, retry and so on.
	httpclient.Settings `yaml:",inline"`
}

// Airflow triggers a DAG run when a run ends: POST
// {url}/api/{v1|v2}/dags/{dag_id}/dagRuns, the DAG run's id made of the
// pipeline's name and the loader's run id, so triggering the same run
// twice is harmless (Airflow answers 409 Conflict, taken as success).
type Airflow struct {
	client      *httpclient.Client
	endpoint    string
	dagID, api  string
	logicalDate string
	conf        *mapping
	log         *slog.Logger
}

var _ etl.Hook = (*Airflow)(nil)

// NewAirflow checks the settings and returns the hook they describe. Its
// errors name the setting at fault; a template's names its line.
func NewAirflow(s AirflowSettings, o Options) (*Airflow, error) {
	c, err := newClient(s.Settings, o)
	if err != nil {
		return nil, err
	}
	if err := checkURL(c, "url", s.URL); err != nil {
		return nil, err
	}
	a := &Airflow{client: c, dagID: s.DagID, api: orDefault(s.API, "v2"), log: o.Log}
	if s.DagID == "" {
		return nil, errors.New("dag_id is missing: name the DAG to trigger")
	}
	if a.api != "v1" && a.api != "v2" {
		return nil, fmt.Errorf("api %q: use v2 (Airflow 3) or v1 (Airflow 2)", s.API)
	}
	if a.logicalDate, err = logicalDate(s.LogicalDate, a.api); err != nil {
		return nil, err
	}
	if a.conf, err = compileMapping(&s.Conf, "conf"); err != nil {
		return nil, err
	}
	a.endpoint = strings.TrimRight(s.URL, "/") + "/api/" + a.api + "/dags/" + url.PathEscape(s.DagID) + "/dagRuns"
	return a, nil
}

// logicalDate checks the logical_date setting and returns its default.
func logicalDate(s, api string) (string, error) {
	switch s {
	case "":
		if api == "v1" {
			return "none", nil
		}
		return "finished_at", nil
	case "finished_at", "started_at", "none":
		return s, nil
	}
	return "", fmt.Errorf("logical_date %q: use finished_at, started_at or none", s)
}

// Name is "airflow dag" and the DAG's id.
func (a *Airflow) Name() string { return "airflow dag " + a.dagID }

// Fire posts the DAG run. Airflow answers 409 Conflict when a DAG run of
// that id exists already (this run triggered it before), and also when one
// of another id has the same logical date: Fire then asks for the run of
// its own id, and only when that exists is the conflict no error (logged:
// already triggered).
func (a *Airflow) Fire(ctx context.Context, e etl.RunEvent) error {
	body, err := a.body(e)
	if err != nil {
		return err
	}
	// The dag_run_id makes a repeated trigger a 409, so the POST may be
	// retried like a GET.
	_, err = a.client.Do(ctx, httpclient.Request{Method: http.MethodPost, URL: a.endpoint, Header: jsonHeader(nil), Body: body, Idempotent: true})
	var se *httpclient.StatusError
	if !errors.As(err, &se) || se.Status != http.StatusConflict {
		return err
	}
	id := DagRunID(e)
	if _, gerr := a.client.Do(ctx, httpclient.Request{Method: http.MethodGet, URL: a.endpoint + "/" + url.PathEscape(id)}); gerr != nil {
		return fmt.Errorf("%w; and no DAG run %s exists (%s): another DAG run has the same logical_date, set logical_date: none or trigger it by hand", err, id, gerr)
	}
	if a.log != nil {
		a.log.InfoContext(ctx, "airflow DAG run already triggered", "dag_id", a.dagID, "dag_run_id", id)
	}
	return nil
}

// body is the DAG run as Airflow's API takes it.
func (a *Airflow) body(e etl.RunEvent) ([]byte, error) {
	conf := map[string]any{}
	if a.conf != nil {
		var err error
		if conf, err = a.conf.renderMap(e); err != nil {
			return nil, fmt.Errorf("rendering the conf: %s", a.client.Redact(err.Error()))
		}
	}
	if v, ok := conf["loader"]; !ok {
		conf["loader"] = e
	} else if v == nil {
		delete(conf, "loader")
	}
	run := map[string]any{"dag_run_id": DagRunID(e), "conf": conf}
	switch a.logicalDate {
	case "finished_at":
		run["logical_date"] = e.FinishedAt.UTC().Format(airflowTime)
	case "started_at":
		run["logical_date"] = e.StartedAt.UTC().Format(airflowTime)
	case "none":
		if a.api == "v2" {
			run["logical_date"] = nil
		}
	}
	return json.Marshal(run)
}

// airflowTime is RFC 3339 in UTC with microseconds, Airflow's precision:
// two runs ending in the same second still get distinct logical dates.
const airflowTime = "2006-01-02T15:04:05.000000Z07:00"

var notRunID = regexp.MustCompile(`[^A-Za-z0-9_.~:+-]`)

// DagRunID is the id of the DAG run a run triggers,
// "loader__<pipeline>__run_<run id>", with any character Airflow refuses
// in a run id (outside A-Z a-z 0-9 _ . ~ : + -) replaced by "_".
func DagRunID(e etl.RunEvent) string {
	return "loader__" + notRunID.ReplaceAllString(e.Pipeline, "_") + "__run_" + strconv.FormatInt(e.RunID, 10)
}
