// Command salesgen writes a deterministic raw sales CSV to stdout:
//
//	salesgen -n 1000000 -seed 1 > sales.csv
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/warehouse-loader/loader/internal/salesgen"
)

func main() {
	n := flag.Int("n", 1000, "number of data rows")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if *n < 0 {
		fmt.Fprintln(os.Stderr, "salesgen: -n must not be negative")
		os.Exit(2)
	}
	if err := salesgen.Write(os.Stdout, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "salesgen:", err)
		os.Exit(1)
	}
}
