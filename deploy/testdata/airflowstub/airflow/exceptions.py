class AirflowException(Exception):
    """Fails the task; retried while it has retries left."""


class AirflowSkipException(AirflowException):
    """Leaves the task skipped."""


class AirflowFailException(AirflowException):
    """Fails the task without retrying it."""
