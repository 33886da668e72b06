package deploy

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

const (
	dockerfile   = "../Dockerfile"
	dockerignore = "../.dockerignore"
	repoRoot     = ".."
	builderImage = "golang:1.26-bookworm"
)

// glibcImages can run a binary linked against Debian 12's glibc.
var glibcImages = []string{"debian:bookworm-slim", "gcr.io/distroless/base-debian12", "gcr.io/distroless/cc-debian12"}

// checkDockerfile parses src the way BuildKit does, with BuildKit's lint
// rules that need no build, and returns every problem with the image's
// shape: multi-stage, cgo build of ./cmd/loader, glibc runtime, non-root
// user, exec-form CMD.
func checkDockerfile(src []byte) ([]string, []instructions.Stage) {
	var problems []string
	res, err := parser.Parse(bytes.NewReader(src))
	if err != nil {
		return []string{"parse: " + err.Error()}, nil
	}
	for _, w := range res.Warnings {
		problems = append(problems, "parse: "+w.Short)
	}
	lint := linter.New(&linter.Config{Warn: func(rule, _, _, msg string, loc []parser.Range) {
		problems = append(problems, fmt.Sprintf("lint %s (line %d): %s", rule, line(loc), msg))
	}})
	stages, _, err := instructions.Parse(res.AST, lint)
	if err != nil {
		return append(problems, "instructions: "+err.Error()), nil
	}
	if len(stages) < 2 {
		return append(problems, "want a multi-stage build (builder + runtime)"), stages
	}
	problems = append(problems, checkBuilder(stages[0])...)
	return append(problems, checkRuntime(stages[0], stages[len(stages)-1])...), stages
}

func line(loc []parser.Range) int {
	if len(loc) == 0 {
		return 0
	}
	return loc[0].Start.Line
}

func checkBuilder(s instructions.Stage) []string {
	var problems []string
	if s.BaseName != builderImage {
		problems = append(problems, fmt.Sprintf("builder FROM %s, want %s", s.BaseName, builderImage))
	}
	var build string
	for _, c := range s.Commands {
		if r, ok := c.(*instructions.RunCommand); ok && strings.Contains(strings.Join(r.CmdLine, " "), "go build") {
			build = strings.Join(r.CmdLine, " ")
		}
	}
	for _, want := range []string{"CGO_ENABLED=1", "-o /out/loader", "./cmd/loader"} {
		if !strings.Contains(build, want) {
			problems = append(problems, fmt.Sprintf("builder: no RUN go build with %q", want))
		}
	}
	return problems
}

func checkRuntime(builder, s instructions.Stage) []string {
	var problems []string
	if !slices.Contains(glibcImages, s.BaseName) {
		problems = append(problems, fmt.Sprintf("runtime FROM %s: want a glibc Debian 12 image, one of %v", s.BaseName, glibcImages))
	}
	var user string
	var copied, execCmd bool
	for _, c := range s.Commands {
		switch c := c.(type) {
		case *instructions.UserCommand:
			user = c.User
		case *instructions.CopyCommand:
			copied = copied || c.From == builder.Name && slices.Contains(c.SourcePaths, "/out/loader")
		case *instructions.CmdCommand:
			execCmd = !c.PrependShell
		case *instructions.EntrypointCommand:
			execCmd = !c.PrependShell
		}
	}
	if name, _, _ := strings.Cut(user, ":"); name == "" || name == "root" || name == "0" {
		problems = append(problems, fmt.Sprintf("runtime USER %q: want a non-root user", user))
	}
	if !copied {
		problems = append(problems, "runtime: no COPY --from="+builder.Name+" /out/loader")
	}
	if !execCmd {
		problems = append(problems, "runtime: want CMD or ENTRYPOINT in exec (JSON) form")
	}
	return problems
}

func TestDockerfile(t *testing.T) {
	src, err := os.ReadFile(dockerfile)
	if err != nil {
		t.Fatal(err)
	}
	problems, _ := checkDockerfile(src)
	for _, p := range problems {
		t.Error(p)
	}
}

// TestDockerfileSourcesInContext checks that every file the Dockerfile
// copies from the build context exists and is not left out by
// .dockerignore.
func TestDockerfileSourcesInContext(t *testing.T) {
	src, err := os.ReadFile(dockerfile)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(dockerignore)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	patterns, err := ignorefile.ReadAll(f)
	if err != nil {
		t.Fatalf("reading .dockerignore: %v", err)
	}
	ignored, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatalf(".dockerignore: %v", err)
	}
	_, stages := checkDockerfile(src)
	for _, s := range stages {
		for _, c := range s.Commands {
			cp, ok := c.(*instructions.CopyCommand)
			if !ok || cp.From != "" {
				continue
			}
			for _, p := range cp.SourcePaths {
				checkContextPath(t, ignored, p)
			}
		}
	}
}

func checkContextPath(t *testing.T, ignored *patternmatcher.PatternMatcher, p string) {
	t.Helper()
	p = filepath.Clean(strings.TrimPrefix(p, "/"))
	if p == "." {
		return
	}
	if _, err := os.Stat(filepath.Join(repoRoot, p)); err != nil {
		t.Errorf("COPY %s: %v", p, err)
	}
	if skip, err := ignored.MatchesOrParentMatches(p); err != nil || skip {
		t.Errorf("COPY %s: excluded by .dockerignore (err %v)", p, err)
	}
}

func TestBrokenDockerfileFails(t *testing.T) {
	good, err := os.ReadFile(dockerfile)
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct{ old, new, want string }{
		"root user":         {"USER 10001:10001", "USER root", "non-root"},
		"no cgo":            {"CGO_ENABLED=1 go build", "CGO_ENABLED=0 go build", "CGO_ENABLED=1"},
		"alpine runtime":    {"FROM debian:bookworm-slim", "FROM alpine:3.20", "glibc"},
		"shell-form CMD":    {`CMD ["loader", "--help"]`, "CMD loader --help", "exec (JSON) form"},
		"unknown flag":      {"COPY --from=build", "COPY --frm=build", "instructions"},
		"stage name casing": {"AS build", "AS Build", "StageNameCasing"},
	} {
		t.Run(name, func(t *testing.T) {
			if !bytes.Contains(good, []byte(c.old)) {
				t.Fatalf("the Dockerfile no longer contains %q: update this test", c.old)
			}
			problems, _ := checkDockerfile(bytes.Replace(good, []byte(c.old), []byte(c.new), 1))
			if !strings.Contains(strings.Join(problems, "\n"), c.want) {
				t.Errorf("problems = %q, want one mentioning %q", problems, c.want)
			}
		})
	}
}
