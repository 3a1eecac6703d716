"""
### Lake maintenance, every week

`Lakeshore maintain --date <the run's day>`: for every table the configuration declares, with
that table's `maintenance` settings, retention (delete partitions past it), compaction (rewrite
small files to the target size) and clean-up (expire old versions, remove unreferenced files),
then retention of the raw landing folders. A maintenance run is a run: it has a run report and
a ledger row, and `bin/lakeshore rollback --run-id` undoes its retention. Rerunning it is safe:
what is already compact or deleted is left as it is.
"""

# Airflow DAG file: the factory builds the DAG from deploy/generated/launches.json.
from lakeshore_dags import Maintenance, build_maintenance_dag

dag = build_maintenance_dag(Maintenance(owner="data-platform", doc_md=__doc__))
