"""Airflow runs here without a metadata database: the tests parse DAG files and render templates
only. AIRFLOW_HOME is a temporary folder so no test reads or writes a real Airflow installation."""

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DAGS = REPO / "dags"

# set before airflow is first imported: its configuration is read once, at import
os.environ["AIRFLOW_HOME"] = tempfile.mkdtemp(prefix="lakeshore-airflow-home-")
atexit.register(shutil.rmtree, os.environ["AIRFLOW_HOME"], ignore_errors=True)
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS)
sys.path.insert(0, str(DAGS))


def pytest_configure(config):
    config.addinivalue_line("markers", "end_to_end: runs the job jars through Airflow and spark-submit (minutes; needs the Maven build)")
