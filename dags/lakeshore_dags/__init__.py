"""Lakeshore's Airflow DAG factory: a domain pipeline's DAGs from a few declarative lines.

See factory.Pipeline, factory.build_dags and factory.build_maintenance_dag; dags/commerce.py,
dags/telemetry.py and dags/maintenance.py are the examples.
"""

from lakeshore_dags.factory import CLUSTER, LOCAL, Maintenance, Pipeline, build_dags, build_maintenance_dag, flavour
from lakeshore_dags.launches import DeclaredPipeline, JobLaunch, Window, load_launches, load_pipelines

__all__ = ["CLUSTER", "LOCAL", "DeclaredPipeline", "JobLaunch", "Maintenance", "Pipeline", "Window", "build_dags", "build_maintenance_dag",
           "flavour", "load_launches", "load_pipelines"]
