"""
### Telemetry: sensor readings to serving tables, every day

**telemetry-enrichment** → **telemetry-curation** → **telemetry-aggregation**, for the day the run
covers (`--date {{ data_interval_start | ds }}`): the run of day D starts at 03:30 UTC on D+1,
after D's readings and device registry have landed (and after commerce's 03:00 start).

| job | reads | writes |
|---|---|---|
| telemetry-enrichment | raw readings and device registry | `golden.readings`, `golden.devices` (rejects: `quarantine.readings`, `quarantine.devices`) |
| telemetry-curation | `golden.readings`, `golden.devices` | `curated.readings` (late readings rewrite their day), `curated.devices` (SCD2) |
| telemetry-aggregation | `curated.readings`, `curated.devices` | `serving.device_hourly`, `serving.site_daily` |

Each job replaces or merges by key, never appends, so a retry or a rerun of a day gives the
same tables; readings landing up to the lookback late rewrite the days they belong to. Backfill
days D1..D2 with `airflow backfill create --dag-id lakeshore_telemetry --from-date D1 --to-date D2`
(one run per day), or trigger `lakeshore_telemetry_backfill` with `from`, `to` and `only_missing`
(each job once over the range, only the days its run ledger shows missing, failed or stale).
Flavour (`local` spark-submit or `cluster` SparkApplication): `$LAKESHORE_FLAVOUR`.
"""

# Airflow DAG file: the factory builds the DAGs from deploy/generated/launches.json, which also
# carries the pipeline's jobs and schedule (io.lakeshore.deploy.Pipeline.ALL, as in Argo).
from lakeshore_dags import Pipeline, build_dags

daily, backfill = build_dags(Pipeline.declared("telemetry", owner="telemetry-data", doc_md=__doc__))
