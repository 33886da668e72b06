"""Loads example DAGs against airflowstub/ and prints what they define, as JSON.

Usage: python3 airflow_dags.py LAYOUT DAG_FILE...
LAYOUT: 3 (Airflow 3 with the Kubernetes provider), 2 (Airflow 2 with it),
or no-k8s (Airflow 3 without it). Each task is executed once per exit code
in $FAKE_LOADER_EXITS, with a `loader` on PATH that exits with it; the
outcome is the exception the task raised, or "success".
"""

import importlib.util
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "airflowstub"))
layout = sys.argv[1]
if layout == "2":  # importing a name from None raises ImportError
    sys.modules["airflow.sdk"] = None
    sys.modules["airflow.providers.standard"] = None
elif layout == "no-k8s":
    sys.modules["airflow.providers.cncf"] = None
    sys.modules["kubernetes"] = None
elif layout != "3":
    sys.exit(f"layout {layout!r}: 2, 3 or no-k8s")

from airflow.models.dag import DAGS  # noqa: E402


def outcome(task, code):
    os.environ["FAKE_LOADER_EXIT"] = str(code)
    try:
        task.execute({})
    except Exception as err:  # noqa: BLE001 - the type is the result
        return type(err).__name__
    return "success"


def describe(task):
    d = {
        "task_id": task.task_id,
        "kind": type(task).__mro__[-3].__name__,  # the Airflow operator under any subclass
        "upstream": task.upstream,
        "retries": task.retries,
        "map_count": task.map_count,
    }
    if hasattr(task, "bash_command"):
        d["command"] = task.bash_command
        d["env"] = task.env or {}
    else:
        d["command"] = " ".join(task.cmds + task.arguments)
        d["env"] = task.env_vars
        d["image"] = task.image
        d["deferrable"] = task.deferrable
        d["secrets"] = [{"type": s.deploy_type, "target": s.deploy_target, "secret": s.secret, "key": s.key}
                        for s in task.secrets]
        mounts = {m.name for m in task.volume_mounts}
        d["unmounted_volumes"] = sorted({v.name for v in task.volumes} - mounts)
    d["outcomes"] = {}
    for code in os.environ["FAKE_LOADER_EXITS"].split(","):
        d["outcomes"][code] = outcome(task, int(code))
        with open(os.environ["FAKE_LOADER_ARGS"]) as f:
            d["loader_args"] = f.read().split("\n")[:-1]
    return d


for i, path in enumerate(sys.argv[2:]):
    spec = importlib.util.spec_from_file_location(f"dag{i}", path)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))

print(json.dumps([
    {"dag_id": d.dag_id, "schedule": d.schedule, "max_active_runs": d.max_active_runs,
     "tasks": [describe(t) for t in d.tasks]}
    for d in DAGS
]))
