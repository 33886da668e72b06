// Package deploy holds no code: its tests check the files that deploy the
// loader, docker-compose.yml and the Dockerfile at the repository's root
// and the Kubernetes Job of many workers under kubernetes/, without a
// Docker engine or a cluster (`go test ./deploy/...`, part of `make
// lint`). airflow/ holds an example DAG of the same workers.
package deploy
