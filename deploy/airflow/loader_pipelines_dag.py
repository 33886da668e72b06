"""The pipelines of pipelines.yaml, run by Airflow: `loader run PIPELINE`, one task each.

Two DAGs of the same tasks, one per way of running the loader:

- loader_pipelines_bash: a BashOperator on the Airflow worker, where the
  `loader` binary and the pipeline file are installed and LOADER_DATABASE_URL
  is set from a secret (never written in a DAG);
- loader_pipelines_k8s: a KubernetesPodOperator, one pod per task from the
  image built by the repository's Dockerfile, the warehouse URL taken from the
  Kubernetes Secret loader-warehouse (key url) and pipelines.yaml from the
  ConfigMap loader-pipelines, as in deploy/kubernetes/loader-cronjob.yaml
  (whose comment says how to create both, and where the pods find files).

Exit codes of `loader run` (docs/orchestration.md):
  0  the run succeeded, or had nothing new to load;
  1  the run failed or was cancelled, the warehouse did not answer, the schema
     is not at the latest migration, another process is loading the same
     pipeline ("pipeline is already running"), or the pipeline file is
     invalid or lacks the pipeline: retried below, after retry_delay; a
     retry resumes at the last committed batch;
  2  bad flags or arguments (an unknown flag, a missing argument, a bad
     value such as LOADER_DB_TIMEOUT=soon): no retry fixes it.

Neither operator can fail a task without retries on one exit code: both turn
the codes in skip_on_exit_code into AirflowSkipException and every other
non-zero code into a retried AirflowException. So skip_on_exit_code is set to
2 and the subclasses below turn that skip into AirflowFailException, which
fails the task at once. (Without them, exit 2 would be retried like 1 and fail
the same way each time.)

The order of the tasks is the order of PIPELINES: sales_transform reads what
sales_ingest loaded. Needs Airflow 2.6 or later; runs unchanged on Airflow 3.
"""

from datetime import datetime, timedelta

from airflow.exceptions import AirflowFailException, AirflowSkipException

try:  # Airflow 3
    from airflow.providers.standard.operators.bash import BashOperator
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG
    from airflow.operators.bash import BashOperator

try:  # apache-airflow-providers-cncf-kubernetes; without it, only the bash DAG
    from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
    from airflow.providers.cncf.kubernetes.secret import Secret
    from kubernetes.client import models as k8s
except ImportError:
    KubernetesPodOperator = None

PIPELINES = ["sales_ingest", "sales_transform"]
IMAGE = "registry.example.com/warehouse-loader:1.0.0"  # built from the repository's Dockerfile
EXIT_USAGE = 2  # the loader's exit code for bad flags or arguments


class _FailOnUsage:
    """Fails the task without retries when the loader exits EXIT_USAGE.

    The operator is built with skip_on_exit_code=EXIT_USAGE, so that code,
    and only it, comes out of execute as AirflowSkipException.
    """

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowSkipException as err:
            raise AirflowFailException(
                f"loader exited {EXIT_USAGE}: bad flags or arguments (see the log above); no retry fixes that"
            ) from err


class LoaderBashOperator(_FailOnUsage, BashOperator):
    """BashOperator for a loader command: exit 1 retried, exit 2 failed at once."""

    def __init__(self, **kwargs):
        super().__init__(skip_on_exit_code=EXIT_USAGE, **kwargs)


def _pipelines_dag(dag_id, task_for):
    """A DAG of one task per pipeline, task_for(pipeline), each after the one before."""
    with DAG(
        dag_id=dag_id,
        schedule="@daily",
        start_date=datetime(2024, 1, 1),
        catchup=False,
        max_active_runs=1,  # a second DAG run would find the pipelines locked
        default_args={
            "retries": 3,
            "retry_delay": timedelta(minutes=2),
            "retry_exponential_backoff": True,
            # SIGTERM at the timeout: the loader rolls back its open batch,
            # records the run as cancelled and exits 1 (retried).
            "execution_timeout": timedelta(hours=2),
        },
        tags=["warehouse-loader"],
    ) as dag:
        tasks = [task_for(pipeline) for pipeline in PIPELINES]
        for before, after in zip(tasks, tasks[1:]):
            before >> after
    return dag


def _bash_task(pipeline):
    return LoaderBashOperator(
        task_id=pipeline,
        bash_command=f"loader run {pipeline} --log-format json",
        env={"LOADER_PIPELINES": "/opt/loader/pipelines.yaml"},
        append_env=True,  # keep the worker's LOADER_DATABASE_URL
    )


bash_dag = _pipelines_dag("loader_pipelines_bash", _bash_task)

if KubernetesPodOperator is not None:

    class LoaderPodOperator(_FailOnUsage, KubernetesPodOperator):
        """KubernetesPodOperator for a loader command: exit 1 retried, exit 2 failed at once.

        Not deferrable: a deferred pod ends in execute_complete, past the check.
        """

        def __init__(self, **kwargs):
            super().__init__(skip_on_exit_code=EXIT_USAGE, deferrable=False, **kwargs)

    def _pod_task(pipeline):
        return LoaderPodOperator(
            task_id=pipeline,
            name=f"loader-{pipeline.replace('_', '-')}",
            image=IMAGE,
            cmds=["loader"],
            arguments=["run", pipeline, "--log-format", "json"],
            secrets=[Secret("env", "LOADER_DATABASE_URL", "loader-warehouse", "url")],
            env_vars={"LOADER_PIPELINES": "/etc/loader/pipelines.yaml"},
            volumes=[k8s.V1Volume(name="pipelines", config_map=k8s.V1ConfigMapVolumeSource(name="loader-pipelines"))],
            volume_mounts=[k8s.V1VolumeMount(name="pipelines", mount_path="/etc/loader", read_only=True)],
            security_context={"runAsNonRoot": True, "runAsUser": 10001, "runAsGroup": 10001},
            termination_grace_period=30,  # the loader stops within 15 s of SIGTERM
            get_logs=True,
            on_finish_action="delete_pod",
        )

    k8s_dag = _pipelines_dag("loader_pipelines_k8s", _pod_task)
