// Package httpsource is the http source kind: the records of a JSON or
// NDJSON API, read page after page (next URL, Link header, cursor token,
// offset/limit or page number), resumed at the page and record of the
// last commit, and optionally loaded incrementally by a high-water mark
// sent as a query parameter. Pipeline files name it `source: {http:
// {...}}`; Go code builds one with New.
//
// Exactly once: the checkpoint holds the request of the current page and
// how many of its records were returned, so a run resumes by asking for
// that page again and skipping them. A page whose content changed
// between a crash and the resume is skipped by count; incremental
// cursors and upserts absorb that. An incremental run filters out the
// records an earlier run loaded: those below the committed maximum, and
// those at the maximum whose hash the checkpoint keeps.
package httpsource
