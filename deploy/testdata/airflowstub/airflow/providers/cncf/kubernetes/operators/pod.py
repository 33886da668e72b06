"""KubernetesPodOperator, its pod run as a local process."""

import os
import subprocess

from airflow.models.dag import BaseOperator


class KubernetesPodOperator(BaseOperator):
    def __init__(self, *, image, name=None, namespace=None, cmds=None, arguments=None, env_vars=None,
                 secrets=None, volumes=None, volume_mounts=None, security_context=None,
                 container_security_context=None, container_resources=None, labels=None,
                 termination_grace_period=None, get_logs=True, on_finish_action="delete_pod",
                 skip_on_exit_code=None, deferrable=False, **kwargs):
        super().__init__(**kwargs)
        if on_finish_action not in ("delete_pod", "delete_succeeded_pod", "keep_pod"):
            raise ValueError(f"on_finish_action {on_finish_action!r}")
        self.image = image
        self.name = name
        self.cmds = list(cmds or [])
        self.arguments = list(arguments or [])
        self.env_vars = dict(env_vars or {})
        self.secrets = list(secrets or [])
        self.volumes = list(volumes or [])
        self.volume_mounts = list(volume_mounts or [])
        self.termination_grace_period = termination_grace_period
        self.deferrable = deferrable
        self.skip_on_exit_code = skip_on_exit_code

    def execute(self, context):
        env = {**os.environ, **self.env_vars}
        for s in self.secrets:
            if s.deploy_type == "env":
                env[s.deploy_target] = f"<{s.secret}/{s.key}>"
        code = subprocess.run(self.cmds + self.arguments, env=env).returncode
        self.raise_for_exit(code, self.skip_on_exit_code)
