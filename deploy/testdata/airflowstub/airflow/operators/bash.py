"""BashOperator (Airflow 2's place; Airflow 3's standard provider re-exports it here)."""

import os
import subprocess

from airflow.models.dag import BaseOperator


class BashOperator(BaseOperator):
    def __init__(self, *, bash_command, env=None, append_env=False, output_encoding="utf-8",
                 skip_on_exit_code=99, cwd=None, **kwargs):
        super().__init__(**kwargs)
        self.bash_command = bash_command
        self.env = env
        self.append_env = append_env
        self.skip_on_exit_code = skip_on_exit_code
        self.cwd = cwd

    def execute(self, context):
        env = dict(os.environ)
        if self.env is not None:
            env = {**env, **self.env} if self.append_env else dict(self.env)
        code = subprocess.run(["bash", "-c", self.bash_command], env=env, cwd=self.cwd).returncode
        self.raise_for_exit(code, self.skip_on_exit_code)
