package infer

// keywords are words PostgreSQL, MySQL or SQLite reserve, which cannot be
// column names unquoted; Name appends an underscore to them.
var keywords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		"accessible", "add", "all", "alter", "analyse", "analyze", "and", "any", "array", "as", "asc",
		"asymmetric", "authorization", "before", "between", "binary", "both", "by", "call", "cascade",
		"case", "cast", "change", "char", "character", "check", "collate", "column", "condition",
		"constraint", "continue", "convert", "create", "cross", "current_catalog", "current_date",
		"current_role", "current_time", "current_timestamp", "current_user", "cursor", "database",
		"databases", "dec", "decimal", "declare", "default", "deferrable", "delete", "desc",
		"describe", "distinct", "div", "do", "double", "drop", "each", "else", "elseif", "end",
		"escape", "except", "exists", "exit", "explain", "false", "fetch", "float", "for", "force",
		"foreign", "freeze", "from", "full", "function", "grant", "group", "groups", "having", "if",
		"ignore", "ilike", "in", "index", "initially", "inner", "insert", "int", "integer",
		"intersect", "interval", "into", "is", "isnull", "join", "key", "keys", "kill", "lateral",
		"leading", "leave", "left", "like", "limit", "lines", "load", "localtime", "localtimestamp",
		"lock", "long", "loop", "match", "mod", "natural", "not", "notnull", "null", "numeric",
		"of", "offset", "on", "only", "option", "or", "order", "out", "outer", "over", "overlaps",
		"partition", "placing", "primary", "procedure", "range", "rank", "read", "real", "recursive",
		"references", "regexp", "release", "rename", "repeat", "replace", "require", "restrict",
		"return", "returning", "revoke", "right", "rlike", "row", "rows", "schema", "select",
		"session_user", "set", "show", "signal", "similar", "some", "spatial", "sql", "symmetric",
		"table", "tablesample", "then", "to", "trailing", "trigger", "true", "union", "unique",
		"unlock", "unsigned", "update", "usage", "use", "user", "using", "values", "varchar",
		"variadic", "verbose", "when", "where", "while", "window", "with", "write", "xor",
	} {
		m[w] = true
	}
	return m
}()
