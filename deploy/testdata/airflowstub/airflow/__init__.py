"""Stand-in for Airflow (see ../README.md). Airflow 2 exports DAG here."""

from airflow.models.dag import DAG  # noqa: F401
