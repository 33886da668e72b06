"""Airflow 3's place for BashOperator."""

from airflow.operators.bash import BashOperator  # noqa: F401
