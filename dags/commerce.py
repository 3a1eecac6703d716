"""
### Commerce: orders to serving tables, every day

**enrichment** → **curation** → **aggregation**, for the day the run covers
(`--date {{ data_interval_start | ds }}`): the run of day D starts at 03:00 UTC on D+1, after D's
raw files have landed.

| job | reads | writes |
|---|---|---|
| enrichment | raw files | `golden.orders`, `golden.customers`, `golden.products` (Delta) |
| curation | `golden.*` | `curated.orders`, `curated.customers` (Delta) |
| aggregation | `curated.orders` | `serving.daily_revenue`, `serving.customer_ltv` (Iceberg) |

Each job replaces or merges by key, never appends, so a retry or a rerun of a day gives the
same tables. Backfill days D1..D2 with
`airflow backfill create --dag-id lakeshore_commerce --from-date D1 --to-date D2` (one run per
day), or trigger `lakeshore_commerce_backfill` with `from`, `to` and `only_missing` (each job once
over the range, only the days its run ledger shows missing, failed or stale).
Flavour (`local` spark-submit or `cluster` SparkApplication): `$LAKESHORE_FLAVOUR`.
"""

# Airflow DAG file: the factory builds the DAGs from deploy/generated/launches.json, which also
# carries the pipeline's jobs and schedule (io.lakeshore.deploy.Pipeline.ALL, as in Argo).
from lakeshore_dags import Pipeline, build_dags

daily, backfill = build_dags(Pipeline.declared("commerce", owner="commerce-data", doc_md=__doc__))
