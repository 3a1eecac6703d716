"""Lakeshore's Airflow DAG factory: a domain pipeline's DAG from a few declarative lines.

See factory.Pipeline and factory.build_dag; dags/commerce.py is the example.
"""

from lakeshore_dags.factory import CLUSTER, LOCAL, Pipeline, build_dag, flavour
from lakeshore_dags.launches import JobLaunch, load_launches

__all__ = ["CLUSTER", "LOCAL", "JobLaunch", "Pipeline", "build_dag", "flavour", "load_launches"]
