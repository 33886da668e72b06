package main

import "github.com/spf13/cobra"

// addETLCommands adds run, runs, rejects and report.
func (a *app) addETLCommands(root *cobra.Command) {}
