"""Airflow 3's Task SDK exports DAG here."""

from airflow.models.dag import DAG  # noqa: F401
