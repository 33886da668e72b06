package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/warehouse-loader/loader/migrations"
)

// rebuildReminder ends what scaffold, migrate new and migrate diff print:
// the binary embeds the models and migrations, so it must be rebuilt.
const rebuildReminder = "rebuild bin/loader to embed them (make migrate rebuilds it, then migrates)"

// maxListed is how many migrations warnNotEmbedded names.
const maxListed = 3

// warnNotEmbedded prints one warning line when the migrations folder dir
// holds migrations this binary does not embed (a bin/loader built before
// loader scaffold, migrate new or migrate diff), other than those this
// command just wrote (skip). A missing folder is no warning.
func (a *app) warnNotEmbedded(dir string, skip ...string) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return
	}
	names := slices.DeleteFunc(migrations.NotEmbedded(os.DirFS(dir)), func(n string) bool { return slices.Contains(skip, n) })
	if len(names) == 0 {
		return
	}
	list := strings.Join(names[:min(len(names), maxListed)], ", ")
	if n := len(names) - maxListed; n > 0 {
		list += fmt.Sprintf(" and %d more", n)
	}
	fmt.Fprintf(a.stderr, "warning: %s/ holds %s, which this binary does not embed: rebuild it (make build) and run the command again\n",
		filepath.ToSlash(filepath.Clean(dir)), list)
}
