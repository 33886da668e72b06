package repository

import (
	"os"
	"os/exec"
	"testing"
)

func TestGraceForHolders(t *testing.T) {
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	dead := nameFor(gone.Process.Pid)
	tests := []struct {
		name    string
		holders []string
		want    string
	}{
		{"a live loader here", []string{nameFor(os.Getpid())}, "0s"},
		{"a live and a dead loader", []string{dead, nameFor(os.Getpid())}, "0s"},
		{"a dead loader here", []string{dead}, lockGrace.String()},
		{"another program", []string{"psql"}, shortGrace.String()},
		{"a loader elsewhere", []string{"loader pid 1 on another-host"}, shortGrace.String()},
		{"none left", nil, shortGrace.String()},
	}
	for _, tt := range tests {
		if got := graceFor(tt.holders).String(); got != tt.want {
			t.Errorf("%s: grace %s, want %s", tt.name, got, tt.want)
		}
	}
}
