"""Four loader workers sharing one many-file load, as Airflow mapped tasks.

Each mapped task runs the same command, `loader run sales_files`; the tasks
split the files through the warehouse, each claiming a file by its lock, so
the map index plays no part in the split (docs/pipelines.md#workers). A task
exits 0 only once every file of the run is loaded, by it or by another task,
so `after_load` runs when the load is done. A task whose worker dies (the
Airflow worker lost, the task killed) is retried; meanwhile another task
resumes its file at the file's checkpoint: nothing is lost or loaded twice.

Exit codes of `loader run`: 0 done; 1 the run failed (a file failed, named
in the task's log with its reason, the others loaded; the warehouse did not
answer), retried below; 2 bad flags or arguments, which a retry does not fix.

The warehouse URL is the worker's LOADER_DATABASE_URL (set from a secret
where the Airflow workers are deployed, never written in a DAG); the
`loader` binary and the files, under the same path, are on every worker.
Each task holds up to 8 warehouse connections. Needs Airflow 2.6 or later
(dynamic task mapping, max_active_tis_per_dagrun); runs unchanged on Airflow 3.
"""

from datetime import datetime, timedelta

try:  # Airflow 3
    from airflow.providers.standard.operators.bash import BashOperator
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG
    from airflow.operators.bash import BashOperator

WORKERS = 4
PIPELINE = "sales_files"

with DAG(
    dag_id="loader_sales_files",
    schedule="@hourly",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,  # a second DAG run would only wait on the same files
    default_args={"retries": 2, "retry_delay": timedelta(minutes=1)},
    tags=["warehouse-loader"],
) as dag:
    load = BashOperator.partial(
        task_id="load",
        # The glob is quoted: the loader reads it, not the shell.
        bash_command=f"loader run {PIPELINE} --input '/data/exports/*.csv' --log-format json",
        append_env=True,  # keep the worker's LOADER_DATABASE_URL
        max_active_tis_per_dagrun=WORKERS,
        execution_timeout=timedelta(hours=6),
    ).expand(
        # One mapped task per worker; LOADER_WORKER only names it in the
        # logs, the loader does not read it.
        env=[{"LOADER_PIPELINES": "/opt/loader/pipelines.yaml", "LOADER_WORKER": str(i)} for i in range(WORKERS)],
    )

    # Runs once every worker has exited 0: every file is loaded. Hooks of
    # the pipeline (on_success) would fire once per task, with that task's
    # counts; a task downstream fires once, for the whole load.
    after_load = BashOperator(
        task_id="after_load",
        bash_command=f"loader runs --pipeline {PIPELINE} --limit {WORKERS} --format json",
        append_env=True,
    )

    load >> after_load
