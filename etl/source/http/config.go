package httpsource

import (
	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/internal/yamlstrict"
)

// Formats of Config.Format.
const (
	FormatAuto   = "auto"   // NDJSON for application/x-ndjson or a body that is not one JSON value
	FormatJSON   = "json"   // one JSON value holding the records
	FormatNDJSON = "ndjson" // one record per non-blank line
)

// Config says what a Source requests and how it reads the responses.
type Config struct {
	// URL is the address of the first page (http or https).
	URL string
	// Method is GET (when empty) or POST.
	Method string
	// Params are query parameters added to URL; Headers are sent with
	// every request.
	Params  map[string]string
	Headers map[string]string
	// Body is JSON sent with every POST request.
	Body []byte
	// Records is the gjson path of the array of records in a JSON body;
	// empty: the body is the array (or NDJSON lines).
	Records string
	// Format is FormatAuto (also ""), FormatJSON or FormatNDJSON.
	Format string
	// Columns are the keys read, in order; other keys are ignored. Empty:
	// the keys of the first record, and a record with another key is
	// rejected.
	Columns []string
	// Paginate says how to ask for the next page; zero: one request.
	Paginate Paginate
	// Cursor, when set, loads incrementally.
	Cursor *Incremental
	// Mode is the pipeline's write mode: it decides what a rerun of an API
	// read to its end does, and a lag needs etl.Upsert.
	Mode etl.Mode
	// SecretParams are query parameters never stored in a checkpoint:
	// taken out of every URL stored and put back into every request (the
	// API key's name when the key goes in the query, and parameters whose
	// value is a ${NAME} value or holds one of 8 characters or more). The
	// identity holds a hash of their values.
	SecretParams []string
	// Credentials are the values of the client's authentication (bearer
	// token, password, API key, client secret) and the ${NAME} values the
	// headers hold: a checkpoint whose stored URL's query or token would
	// hold one fails its batch (Err). Values under 8 characters are
	// ordinary text and are not looked for.
	Credentials []string
}

// Paginate is how the next page is asked for: one of NextURL,
// LinkHeader, Cursor, Offset and Page, and the stop rules. An empty page
// always stops, and so does a URL or token already requested in the run.
type Paginate struct {
	// NextURL is the body path of the next page's URL (absolute or
	// relative to the current one).
	NextURL string `yaml:"next_url"`
	// LinkHeader follows the RFC 8288 `Link: <…>; rel="next"` header.
	LinkHeader bool         `yaml:"link_header"`
	Cursor     *CursorPages `yaml:"cursor"`
	Offset     *OffsetPages `yaml:"offset"`
	Page       *PageNumbers `yaml:"page"`
	// Total is the body path of the total number of records: offset and
	// page pagination stop when they pass it.
	Total string `yaml:"total"`
	// HasMore is the body path of a flag: false stops.
	HasMore string `yaml:"has_more"`
	// MaxPages, when above 0, stops a pagination after that many pages.
	MaxPages int `yaml:"max_pages"`
}

// CursorPages sends the token of the previous response as Param. The
// token is at Path in the body or in the Header (one of the two).
type CursorPages struct {
	Path   string `yaml:"path"`
	Header string `yaml:"header"`
	Param  string `yaml:"param"`
}

// OffsetPages sends the offset of the page's first record as Param
// ("offset" when empty) and Limit (100 when 0) as LimitParam ("limit"
// when empty). A page shorter than Limit is the last.
type OffsetPages struct {
	Param      string `yaml:"param"`
	LimitParam string `yaml:"limit_param"`
	Limit      int    `yaml:"limit"`
}

// PageNumbers sends the page number as Param ("page" when empty),
// counting from Start (the settings default it to 1), and Size as
// SizeParam when both are set. When Size is set, a page shorter than it
// is the last.
type PageNumbers struct {
	Param     string `yaml:"param"`
	Start     int    `yaml:"start"`
	SizeParam string `yaml:"size_param"`
	Size      int    `yaml:"size"`
}

// Incremental loads only what changed since the last run: the highest
// value of Field committed is sent as Param (minus Lag) by the next run.
type Incremental struct {
	Field string `yaml:"field"`
	Param string `yaml:"param"`
	// Initial is sent by the first run.
	Initial string `yaml:"initial"`
	// Lag is a duration (5m) for time values, a number for numbers: what
	// is taken from the maximum before it is sent. It needs etl.Upsert.
	Lag string `yaml:"lag"`
}

// UnmarshalYAML decodes strictly: a misspelt key names itself.
func (p *Paginate) UnmarshalYAML(n *yaml.Node) error {
	type plain Paginate
	return yamlstrict.Decode(n, (*plain)(p), "paginate", "paginate")
}

// UnmarshalYAML decodes strictly.
func (c *CursorPages) UnmarshalYAML(n *yaml.Node) error {
	type plain CursorPages
	return yamlstrict.Decode(n, (*plain)(c), "paginate.cursor", "paginate.cursor")
}

// UnmarshalYAML decodes strictly.
func (o *OffsetPages) UnmarshalYAML(n *yaml.Node) error {
	type plain OffsetPages
	return yamlstrict.Decode(n, (*plain)(o), "paginate.offset", "paginate.offset")
}

// UnmarshalYAML decodes strictly; start defaults to 1.
func (p *PageNumbers) UnmarshalYAML(n *yaml.Node) error {
	type plain PageNumbers
	p.Start = 1
	return yamlstrict.Decode(n, (*plain)(p), "paginate.page", "paginate.page")
}

// UnmarshalYAML decodes strictly.
func (c *Incremental) UnmarshalYAML(n *yaml.Node) error {
	type plain Incremental
	return yamlstrict.Decode(n, (*plain)(c), "cursor", "cursor")
}
