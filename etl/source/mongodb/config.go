package mongodbsource

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/connstring"
)

// Defaults of the settings left zero.
const (
	DefaultKey      = "_id"
	DefaultPageSize = 1000
	DefaultTimeout  = 30 * time.Second
)

// Config says which collection a Source reads and how.
type Config struct {
	// URI is mongodb://user:password@host:port/... (or mongodb+srv://).
	// The password never appears in errors, logs or the identity.
	URI string
	// Database and Collection name what is read; both are required.
	Database   string
	Collection string
	// Filter selects the documents read: a JSON object in MongoDB's
	// extended JSON ({"status": "paid", "at": {"$gte": {"$date":
	// "2024-01-01T00:00:00Z"}}}). Empty reads every document.
	Filter string
	// Projection, a JSON object like Filter, limits the fields fetched;
	// it must keep the key.
	Projection string
	// Key is a field whose values are unique, increasing and of one BSON
	// type (DefaultKey, _id, when empty): documents are read in its
	// order, and documents without it are not read.
	Key string
	// PageSize is how many documents one query returns (DefaultPageSize
	// when 0).
	PageSize int
	// Columns are the fields read, in order: top-level names or dotted
	// paths (address.city). Required.
	Columns []string
	// Rest, when set, is the name of one more column that holds the rest
	// of each document (the fields no column names) as JSON text.
	Rest string
	// Timeout bounds connecting and each query (DefaultTimeout when 0).
	Timeout time.Duration
	// Secrets are values masked in every error and log line besides the
	// URI's password (the ${NAME} values of the pipeline file).
	Secrets []string
}

// query is a checked Config: the parsed filter and projection.
type query struct {
	hosts      string
	filter     bson.D
	projection bson.D
	filterSum  string // a hash of the filter, for the identity; "" without one
}

// check fills in defaults and validates cfg.
func (cfg *Config) check() (query, error) {
	var q query
	if cfg.URI == "" {
		return q, errors.New("uri: is required (mongodb://user:password@host:27017)")
	}
	cs, err := connstring.Parse(cfg.URI)
	if err != nil {
		return q, fmt.Errorf("uri: %s; want mongodb://user:password@host:27017", redact(err.Error(), cfg.URI, cfg.Secrets))
	}
	q.hosts = strings.Join(cs.Hosts, ",")
	if strings.TrimSpace(cfg.Database) == "" {
		return q, errors.New("database: is required (the database that holds the collection)")
	}
	if strings.TrimSpace(cfg.Collection) == "" {
		return q, errors.New("collection: is required (the collection to read)")
	}
	if cfg.Key == "" {
		cfg.Key = DefaultKey
	}
	if err := cfg.checkColumns(); err != nil {
		return q, err
	}
	if cfg.PageSize < 0 || cfg.Timeout < 0 {
		return q, errors.New("page_size: and timeout: must not be negative")
	}
	if cfg.PageSize == 0 {
		cfg.PageSize = DefaultPageSize
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if q.filter, err = parseObject("filter", cfg.Filter); err != nil {
		return q, err
	}
	if len(q.filter) > 0 {
		canon, err := bson.MarshalExtJSON(q.filter, true, false)
		if err != nil {
			return q, fmt.Errorf("filter: %w", err)
		}
		sum := sha256.Sum256(canon)
		q.filterSum = hex.EncodeToString(sum[:8])
	}
	if q.projection, err = parseObject("projection", cfg.Projection); err != nil {
		return q, err
	}
	q.projection, err = keepKey(q.projection, cfg.Key)
	return q, err
}

// checkColumns checks the column list and the rest column's name.
func (cfg *Config) checkColumns() error {
	if len(cfg.Columns) == 0 {
		return errors.New("columns: is required (the fields to read, such as [_id, name, address.city])")
	}
	for _, c := range cfg.Columns {
		if c == "" || strings.HasPrefix(c, ".") || strings.HasSuffix(c, ".") || strings.Contains(c, "..") || strings.HasPrefix(c, "$") {
			return fmt.Errorf("columns: %q is not a field name or a dotted path (address.city)", c)
		}
	}
	if cfg.Rest != "" && slices.Contains(cfg.Columns, cfg.Rest) {
		return fmt.Errorf("rest: %s is also in columns:; give the rest column another name", cfg.Rest)
	}
	return nil
}

// parseObject reads setting's extended JSON object; "" is none.
func parseObject(setting, text string) (bson.D, error) {
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	var d bson.D
	if err := bson.UnmarshalExtJSON([]byte(text), false, &d); err != nil {
		return nil, fmt.Errorf("%s: not a JSON object (%v); give a mapping such as {status: paid}", setting, err)
	}
	return d, nil
}

// keepKey returns the projection p with the key included when p lists
// the fields to include, and refuses one that leaves the key out.
func keepKey(p bson.D, key string) (bson.D, error) {
	if len(p) == 0 {
		return p, nil
	}
	including := false
	for _, e := range p {
		if e.Key == key && !truthy(e.Value) {
			return nil, fmt.Errorf("projection: leaves out the key %s, which pages are read by; keep it", key)
		}
		if e.Key != "_id" && truthy(e.Value) {
			including = true
		}
	}
	if including && !slices.ContainsFunc(p, func(e bson.E) bool { return e.Key == key }) {
		p = append(p, bson.E{Key: key, Value: 1})
	}
	return p, nil
}

// truthy reports whether a projection value includes its field.
func truthy(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case int32:
		return v != 0
	case int64:
		return v != 0
	case float64:
		return v != 0
	}
	return true // an expression
}

// settingJSON turns a setting given as a mapping (YAML) or as JSON text
// into JSON text.
func settingJSON(setting string, v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("%s: %v; give a mapping such as {status: paid}", setting, err)
	}
	return string(b), nil
}

// redact returns text with the password of rawURI and the secrets
// replaced by xxxxx.
func redact(text, rawURI string, secrets []string) string {
	hide := slices.Clone(secrets)
	if u, err := url.Parse(rawURI); err == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok {
			hide = append(hide, pw, url.PathEscape(pw), url.QueryEscape(pw))
		}
	}
	for _, s := range hide {
		if len(s) > 0 {
			text = strings.ReplaceAll(text, s, "xxxxx")
		}
	}
	return text
}
