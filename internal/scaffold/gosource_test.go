package scaffold

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl/infer"
)

// parsedModel is what the generated Go file declares, read back with
// go/parser: the struct's fields (name → type and tag), its TableName
// and whether init registers it.
type parsedModel struct {
	fields    map[string][2]string
	order     []string
	table     string
	registers bool
	imports   []string
}

func parseModel(t *testing.T, src []byte) parsedModel {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "model.go", src, parser.ParseComments)
	if err != nil {
		t.Fatalf("generated source does not parse: %v\n%s", err, src)
	}
	pm := parsedModel{fields: map[string][2]string{}}
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		pm.imports = append(pm.imports, p)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.StructType:
			for _, fl := range n.Fields.List {
				tag, _ := strconv.Unquote(fl.Tag.Value)
				pm.fields[fl.Names[0].Name] = [2]string{exprString(fl.Type), reflect.StructTag(tag).Get("gorm")}
				pm.order = append(pm.order, fl.Names[0].Name)
			}
		case *ast.FuncDecl:
			switch n.Name.Name {
			case "TableName":
				lit := n.Body.List[0].(*ast.ReturnStmt).Results[0].(*ast.BasicLit)
				pm.table, _ = strconv.Unquote(lit.Value)
			case "init":
				pm.registers = strings.Contains(string(src[fset.Position(n.Pos()).Offset:fset.Position(n.End()).Offset]), "Register(&")
			}
		}
		return true
	})
	return pm
}

func exprString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return "*" + exprString(e.X)
	case *ast.SelectorExpr:
		return exprString(e.X) + "." + e.Sel.Name
	case *ast.Ident:
		return e.Name
	}
	return "?"
}

// TestGoSource: each inferred kind becomes its Go type and gorm tag,
// NOT NULL unless nullable, keys first as primaryKey (an integer key not
// auto-incremented), integers 64-bit, decimals with headroom over the
// sample (at least numeric(18,s)), load_run_id last,
// and the file registers the model under its snake_case table name.
func TestGoSource(t *testing.T) {
	cols := []infer.Column{
		{Source: "Title", Name: "title", Kind: infer.Text},
		{Source: "US Gross", Name: "us_gross", Kind: infer.Decimal, Precision: 7, Scale: 3},
		{Source: "Budget", Name: "budget", Kind: infer.Decimal, Precision: 12, Scale: 2, Nullable: true},
		{Source: "Votes", Name: "votes", Kind: infer.Integer, Bits: 32},
		{Source: "Store No", Name: "store_no", Kind: infer.Integer, Bits: 32},
		{Source: "Big", Name: "big", Kind: infer.Decimal, Precision: 30, Scale: 4},
		{Source: "Views", Name: "views", Kind: infer.Integer, Bits: 64, Nullable: true},
		{Source: "Score", Name: "score", Kind: infer.Float},
		{Source: "Active", Name: "active", Kind: infer.Boolean, Nullable: true},
		{Source: "Release Date", Name: "release_date", Kind: infer.Date, Layout: "01/02/2006"},
		{Source: "Updated", Name: "updated", Kind: infer.Timestamp, Nullable: true},
		{Source: "Zip Code", Name: "zip_code", Kind: infer.Text},
		{Source: "Notes", Name: "notes", Kind: infer.Text, Nullable: true},
	}
	fields, err := fieldsOf(cols, []string{"Zip Code", "title", "Store No"}, false)
	if err != nil {
		t.Fatal(err)
	}
	src, err := Model{Type: goName("movie_sales"), Table: "movie_sales", From: "data/movies.csv", Fields: fields}.GoSource()
	if err != nil {
		t.Fatal(err)
	}
	pm := parseModel(t, src)
	want := map[string][2]string{
		"ZipCode":     {"string", "column:zip_code;primaryKey;type:text"},
		"Title":       {"string", "column:title;primaryKey;type:text"},
		"StoreNo":     {"int64", "column:store_no;primaryKey;autoIncrement:false"},
		"UsGross":     {"decimal.Decimal", "column:us_gross;not null;type:numeric(18,3)"},
		"Budget":      {"*decimal.Decimal", "column:budget;type:numeric(18,2)"},
		"Big":         {"decimal.Decimal", "column:big;not null;type:numeric(34,4)"},
		"Votes":       {"int64", "column:votes;not null"},
		"Views":       {"*int64", "column:views"},
		"Score":       {"float64", "column:score;not null"},
		"Active":      {"*bool", "column:active"},
		"ReleaseDate": {"time.Time", "column:release_date;not null;type:date"},
		"Updated":     {"*time.Time", "column:updated"},
		"Notes":       {"*string", "column:notes;type:text"},
		"LoadRunID":   {"int64", "column:load_run_id;not null;index"},
	}
	if !reflect.DeepEqual(pm.fields, want) {
		t.Errorf("fields:\n got %v\nwant %v\n%s", pm.fields, want, src)
	}
	if pm.order[0] != "ZipCode" || pm.order[1] != "Title" || pm.order[2] != "StoreNo" || pm.order[len(pm.order)-1] != "LoadRunID" {
		t.Errorf("field order %v: want the keys first, in --key order, and LoadRunID last", pm.order)
	}
	if pm.table != "movie_sales" || !pm.registers {
		t.Errorf("TableName %q, registers %v: want movie_sales, registered in init", pm.table, pm.registers)
	}
	if !reflect.DeepEqual(pm.imports, []string{"time", "github.com/shopspring/decimal"}) {
		t.Errorf("imports %v", pm.imports)
	}
	for _, s := range []string{"type MovieSales struct", "from\n// data/movies.csv", `// UsGross is read from "US Gross".`} {
		if !strings.Contains(string(src), s) {
			t.Errorf("source lacks %q:\n%s", s, src)
		}
	}
}

// TestGoSourceSurrogate: without keys the model gets a surrogate id
// first; source columns named like the loader's own are renamed; Go
// names are unique, clear of TableName, and valid for any column name.
func TestGoSourceSurrogate(t *testing.T) {
	cols := []infer.Column{
		{Source: "id", Name: "id", Kind: infer.Integer, Bits: 32},
		{Source: "load_run_id", Name: "load_run_id", Kind: infer.Text},
		{Source: "Table Name", Name: "table_name", Kind: infer.Text},
		{Source: "2nd", Name: "2nd", Kind: infer.Text},
		{Source: "a1", Name: "a_1", Kind: infer.Text},
		{Source: "a_1x", Name: "a1", Kind: infer.Text},
		{Source: "JSON URL", Name: "json_url", Kind: infer.Text},
	}
	fields, err := fieldsOf(cols, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	src, err := Model{Type: "Things", Table: "things", From: "x.json", Fields: fields}.GoSource()
	if err != nil {
		t.Fatal(err)
	}
	pm := parseModel(t, src)
	wantOrder := []string{"ID", "SourceID", "SourceLoadRunID", "TableName2", "F2nd", "A1", "A12", "JSONURL", "LoadRunID"}
	if !reflect.DeepEqual(pm.order, wantOrder) {
		t.Errorf("fields %v, want %v\n%s", pm.order, wantOrder, src)
	}
	if got := pm.fields["ID"][1]; got != "column:id;primaryKey;autoIncrement" {
		t.Errorf("surrogate key tag %q", got)
	}
	if got := pm.fields["SourceID"][1]; got != "column:source_id;not null" {
		t.Errorf("the file's id column: tag %q, want it renamed source_id", got)
	}
	if len(pm.imports) != 0 {
		t.Errorf("imports %v, want none", pm.imports)
	}
}
