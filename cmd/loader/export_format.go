package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/warehouse-loader/loader/repository"
)

func newRowWriter(format string, w *bufio.Writer) rowWriter {
	switch format {
	case formatNDJSON:
		return &ndjsonWriter{w: w}
	case formatParquet:
		return newParquetWriter(w)
	}
	return &csvWriter{w: csv.NewWriter(w)}
}

// distinctNames refuses columns of one name, which holder (one JSON
// object, one Parquet file) cannot hold.
func distinctNames(cols []repository.ExportColumn, holder string) error {
	seen := make(map[string]bool, len(cols))
	for _, col := range cols {
		if seen[col.Name] {
			return fmt.Errorf("the result has two columns named %s, which %s cannot hold: give them distinct names (AS) in the query", col.Name, holder)
		}
		seen[col.Name] = true
	}
	return nil
}

// csvWriter writes a header line, then one record per row; NULL is an
// empty field.
type csvWriter struct {
	w      *csv.Writer
	record []string
}

func (c *csvWriter) head(cols []repository.ExportColumn) error {
	c.record = make([]string, len(cols))
	for i, col := range cols {
		c.record[i] = col.Name
	}
	return c.w.Write(c.record)
}

func (c *csvWriter) row(cells []repository.Cell) error {
	for i, cell := range cells {
		c.record[i] = cell.Text
	}
	return c.w.Write(c.record)
}

func (c *csvWriter) flush() error { c.w.Flush(); return c.w.Error() }

// ndjsonWriter writes one JSON object per row, its keys in column order:
// numbers and booleans as JSON literals, NULL as null, every other value
// (decimals, timestamps, dates, text) as a string.
type ndjsonWriter struct {
	w    *bufio.Writer
	keys [][]byte
	line []byte
}

func (n *ndjsonWriter) head(cols []repository.ExportColumn) error {
	if err := distinctNames(cols, "one JSON object"); err != nil {
		return err
	}
	n.keys = make([][]byte, len(cols))
	for i, col := range cols {
		sep := byte(',')
		if i == 0 {
			sep = '{'
		}
		n.keys[i] = append(appendJSONString([]byte{sep}, col.Name), ':')
	}
	return nil
}

func (n *ndjsonWriter) row(cells []repository.Cell) error {
	n.line = n.line[:0]
	for i, cell := range cells {
		n.line = append(n.line, n.keys[i]...)
		switch {
		case cell.Null:
			n.line = append(n.line, "null"...)
		case cell.Literal:
			n.line = append(n.line, cell.Text...)
		default:
			n.line = appendJSONString(n.line, cell.Text)
		}
	}
	if len(cells) == 0 {
		n.line = append(n.line, '{')
	}
	n.line = append(n.line, '}', '\n')
	_, err := n.w.Write(n.line)
	return err
}

func (n *ndjsonWriter) flush() error { return nil }

// appendJSONString appends s as a JSON string: quotes, backslashes and
// control characters escaped, invalid UTF-8 replaced by U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\n':
			b = append(b, '\\', 'n')
		case r == '\r':
			b = append(b, '\\', 'r')
		case r == '\t':
			b = append(b, '\\', 't')
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			b = append(b, `\u`...)
			b = append(b, []byte(strconv.FormatInt(int64(r)+0x10000, 16))[1:]...)
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
