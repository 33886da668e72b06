// Package deploy holds no code: its tests check the files that deploy the
// loader, docker-compose.yml and the Dockerfile at the repository's root,
// without a Docker engine (`go test ./deploy/...`, part of `make lint`).
package deploy
