"""
### Commerce: orders to serving tables, every day

**enrichment** → **curation** → **aggregation**, for the run's logical date (`--date {{ ds }}`).

| job | reads | writes |
|---|---|---|
| enrichment | raw files | `golden.orders`, `golden.customers`, `golden.products` (Delta) |
| curation | `golden.*` | `curated.orders`, `curated.customers` (Delta) |
| aggregation | `curated.orders` | `serving.daily_revenue`, `serving.customer_ltv` (Iceberg) |

Each job replaces or merges by key, never appends, so a retry or a rerun of a date gives the
same tables.
Backfill a range with `airflow backfill create --dag-id lakeshore_commerce --from-date … --to-date …`.
Flavour (`local` spark-submit or `cluster` SparkApplication): `$LAKESHORE_FLAVOUR`.
"""

# Airflow DAG file: the factory builds the DAG from deploy/generated/launches.json.
from lakeshore_dags import Pipeline, build_dag

dag = build_dag(Pipeline(
    domain="commerce",
    jobs=("enrichment", "curation", "aggregation"),
    schedule="0 3 * * *",  # after the day's raw files have landed
    owner="commerce-data",
    doc_md=__doc__,
))
