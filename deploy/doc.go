// Package deploy holds no code: its tests check the files that deploy the
// loader, docker-compose.yml and the Dockerfile at the repository's root
// and the Kubernetes Job and CronJob under kubernetes/, without a Docker
// engine or a cluster (`go test ./deploy/...`, part of `make lint`).
// airflow/ holds example DAGs: the workers of a many-file load, and one
// task per pipeline as a BashOperator or a KubernetesPodOperator; the
// tests load them with python3 against a stand-in for Airflow
// (testdata/airflowstub) and run each task with a fake loader.
package deploy
