"""DAG and BaseOperator: what the example DAGs touch."""

from collections.abc import Container

from airflow.exceptions import AirflowException, AirflowSkipException

DAGS = []
_current = []

_BASE_ARGS = {
    "task_id",
    "retries",
    "retry_delay",
    "retry_exponential_backoff",
    "execution_timeout",
    "max_active_tis_per_dagrun",
    "pool",
    "queue",
    "doc_md",
}


class DAG:
    def __init__(self, dag_id, schedule=None, start_date=None, catchup=True, max_active_runs=16,
                 default_args=None, tags=None, doc_md=None):
        self.dag_id = dag_id
        self.schedule = schedule
        self.max_active_runs = max_active_runs
        self.default_args = dict(default_args or {})
        self.tasks = []
        DAGS.append(self)

    def __enter__(self):
        _current.append(self)
        return self

    def __exit__(self, *exc):
        _current.pop()
        return False


class BaseOperator:
    def __init__(self, **kwargs):
        unknown = set(kwargs) - _BASE_ARGS
        if unknown:
            raise TypeError(f"{type(self).__name__}: invalid arguments {sorted(unknown)}")
        if not _current:
            raise RuntimeError(f"{type(self).__name__} {kwargs.get('task_id')} created outside a DAG")
        self.dag = _current[-1]
        args = {**self.dag.default_args, **kwargs}
        self.task_id = args["task_id"]
        self.retries = args.get("retries", 0)
        self.execution_timeout = args.get("execution_timeout")
        self.upstream = []
        self.map_count = 0
        self.dag.tasks.append(self)

    def __rshift__(self, other):
        other.upstream.append(self.task_id)
        return other

    def raise_for_exit(self, code, skip_on_exit_code):
        """The rule of BashOperator and KubernetesPodOperator: skip_on_exit_code
        (an int, a container of them, or None) skips, another non-zero code fails."""
        if skip_on_exit_code is None:
            skip_on_exit_code = []
        elif not isinstance(skip_on_exit_code, Container):
            skip_on_exit_code = [skip_on_exit_code]
        if code in skip_on_exit_code:
            raise AirflowSkipException(f"{self.task_id}: exit code {code}. Skipping.")
        if code != 0:
            raise AirflowException(f"{self.task_id}: the command returned a non-zero exit code {code}.")

    @classmethod
    def partial(cls, **kwargs):
        return _Partial(cls, kwargs)


class _Partial:
    """Dynamic task mapping: one task standing for len(values) instances."""

    def __init__(self, cls, kwargs):
        self.cls, self.kwargs = cls, kwargs

    def expand(self, **mapped):
        (name, values), = mapped.items()
        op = self.cls(**self.kwargs, **{name: values[0]})
        op.map_count = len(values)
        op.mapped = {name: values}
        return op
