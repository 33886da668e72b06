package main

import (
	"os"
	"testing"

	"github.com/warehouse-loader/loader/internal/salesgen"
)

func writeSales(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	if err := salesgen.Write(f, n, 42); err != nil {
		t.Fatal(err)
	}
}
