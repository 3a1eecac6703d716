"""Reads Lakeshore's tables with engines other than the JVM that wrote them (tests/interop.sh).

Usage: readers.py READER LAKE_ROOT TABLES_TXT [JAR ...]

READER is one of:
  pyspark    a pyspark session of its own, with the Delta and Iceberg Spark runtimes (the JARs),
             Delta tables read by path, Iceberg tables through the catalog `lake` defined as
             Lakeshore defines it (JDBC on <root>/catalog/iceberg.db, schema version V1)
  deltalake  the `deltalake` package (delta-rs), Delta tables by path
  pyiceberg  pyiceberg's SqlCatalog `lake` on the same SQLite file
  altered    deltalake's reading of the Delta tables with one value changed: the checksum
             must differ from the reference (the negative check of the comparison)
  selftest   no engine: checks that the digest tells apart row sets that differ in one value, one
             row or one duplicated row, and does not depend on row order

For every table of TABLES_TXT in the reader's format it prints `<table> <rows> <sha256>`; the
digest is defined in tables.txt and computed here from Arrow tables, so every reader hashes the
values it read the same way. Exits 1 when a table cannot be read.
"""

import decimal
import hashlib
import os
import sys
import traceback
from pathlib import Path

import pyarrow as pa

CATALOG = "lake"


def table_list(path):
    """(table, format, [columns]) for every line of tables.txt."""
    tables = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, fmt, columns = line.split()
            tables.append((name, fmt, columns.split(",")))
    return tables


def escape(text):
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n")


def column_texts(column, name):
    """The text of every value of an Arrow column, as tables.txt defines it for its type (None for NULL)."""
    t = column.type
    if pa.types.is_dictionary(t):
        column, t = column.cast(t.value_type), t.value_type
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return column.to_pylist()
    if pa.types.is_integer(t):
        return [None if v is None else str(v) for v in column.to_pylist()]
    if pa.types.is_decimal(t):
        quantum = decimal.Decimal(1).scaleb(-t.scale)
        return [None if v is None else format(v.quantize(quantum), "f") for v in column.to_pylist()]
    if pa.types.is_date(t):
        return [None if v is None else v.isoformat() for v in column.to_pylist()]
    if pa.types.is_timestamp(t):
        to_micros = {"s": lambda v: v * 1_000_000, "ms": lambda v: v * 1_000, "us": lambda v: v, "ns": lambda v: v // 1_000}[t.unit]
        raw = column.cast(pa.int64()).to_pylist()  # the instant since the epoch, in the type's unit (UTC)
        return [None if v is None else str(to_micros(v)) for v in raw]
    raise TypeError(f"Cannot digest {name}: no text is defined for type {t}")


def digest_lines(lines):
    """SHA-256 of the lines sorted by their UTF-8 bytes, each followed by a newline."""
    sha = hashlib.sha256()
    for line in sorted(line.encode("utf-8") for line in lines):
        sha.update(line)
        sha.update(b"\n")
    return sha.hexdigest()


def row_lines(table, columns, name):
    """One line per row of an Arrow table: the columns' texts, escaped, joined by '|'."""
    missing = [c for c in columns if c not in table.column_names]
    if missing:
        raise KeyError(f"Cannot digest {name}: no column {', '.join(missing)} (columns: {', '.join(table.column_names)})")
    texts = [column_texts(table.column(c), f"{name}.{c}") for c in columns]
    return ["|".join("\\N" if v is None else escape(v) for v in row) for row in zip(*texts)] if texts else []


def digest(table, columns, name):
    return digest_lines(row_lines(table, columns, name))


def delta_path(root, name):
    zone, table = name.split(".")
    return root / "warehouse" / "delta" / zone / table


# --- readers: each yields (table, rows, checksum) for the tables of its format --------------------


def read_pyspark(root, tables, jars):
    from pyspark.sql import SparkSession

    if not jars:
        raise ValueError("pyspark reader: no Delta/Iceberg jars given")
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("lakeshore-interop-pyspark")
        .config("spark.jars", ",".join(jars))
        .config("spark.sql.extensions",
                "io.delta.sql.DeltaSparkSessionExtension,org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        # the Iceberg catalog exactly as Lakeshore defines it on the embedded default
        .config(f"spark.sql.catalog.{CATALOG}", "org.apache.iceberg.spark.SparkCatalog")
        .config(f"spark.sql.catalog.{CATALOG}.type", "jdbc")
        .config(f"spark.sql.catalog.{CATALOG}.uri", f"jdbc:sqlite:{root}/catalog/iceberg.db")
        .config(f"spark.sql.catalog.{CATALOG}.jdbc.schema-version", "V1")
        .config(f"spark.sql.catalog.{CATALOG}.warehouse", f"{root}/warehouse/iceberg")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        # a short run on few cores: the C1 compiler and the serial collector, as tests/interop.sh
        # gives its JVMs
        .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
        .config("spark.ui.showConsoleProgress", "false")
        # as conf/env/local.conf: a tiny table's Delta snapshot is otherwise rebuilt with 50 tasks
        .config("spark.databricks.delta.snapshotPartitions", "4")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.warehouse.dir", str(root / "interop-spark-warehouse"))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        for name, fmt, columns in tables:
            if fmt == "delta":
                df = spark.read.format("delta").load(str(delta_path(root, name)))
            else:
                df = spark.table(f"{CATALOG}.{name}")
            df = df.select(*columns)
            yield name, df.count(), digest(df.toArrow(), columns, name)
    finally:
        spark.stop()


def read_deltalake(root, tables, _jars):
    from deltalake import DeltaTable

    for name, fmt, columns in tables:
        if fmt != "delta":
            continue
        arrow = DeltaTable(str(delta_path(root, name))).to_pyarrow_table(columns=columns)
        yield name, arrow.num_rows, digest(arrow, columns, name)


def read_pyiceberg(root, tables, _jars):
    from pyiceberg.catalog.sql import SqlCatalog

    catalog = SqlCatalog(
        CATALOG,
        uri=f"sqlite:///{root}/catalog/iceberg.db",
        warehouse=f"file://{root}/warehouse/iceberg",
        # the tables exist (Iceberg's JDBC catalog made them): read, never create
        init_catalog_tables="false",
    )
    for name, fmt, columns in tables:
        if fmt != "iceberg":
            continue
        arrow = catalog.load_table(name).scan(selected_fields=tuple(columns)).to_arrow()
        yield name, arrow.num_rows, digest(arrow, columns, name)


def read_altered(root, tables, _jars):
    """The negative check: the Delta tables as deltalake reads them, with one value of one row
    changed (the first string column of the first row read gets an "x"): same rows,
    so the count must still match the reference and the checksum must not."""
    from deltalake import DeltaTable

    for name, fmt, columns in tables:
        if fmt != "delta":
            continue
        arrow = DeltaTable(str(delta_path(root, name))).to_pyarrow_table(columns=columns)
        col = next(c for c in columns if pa.types.is_string(arrow.column(c).type)
                   or pa.types.is_large_string(arrow.column(c).type) or pa.types.is_string_view(arrow.column(c).type))
        values = arrow.column(col).to_pylist()
        values[0] = (values[0] or "") + "x"
        arrow = arrow.set_column(arrow.column_names.index(col), col, pa.array(values, pa.string()))
        yield name, arrow.num_rows, digest(arrow, columns, name)


def selftest():
    """The digest must see a changed value, a missing row and a duplicated row, and ignore order."""
    base = pa.table({
        "id": pa.array(["a", "b|c", None]),
        "n": pa.array([1, -2, 3], pa.int64()),
        "amount": pa.array([decimal.Decimal("12.30"), decimal.Decimal("0.00"), None], pa.decimal128(12, 2)),
        "at": pa.array([0, 1_767_225_600_123_456, None], pa.timestamp("us", tz="UTC")),
        "d": pa.array([None, 20454, 0], pa.date32()),
    })
    cols = base.column_names
    ref = digest(base, cols, "selftest")
    cases = {
        "rows in another order": (base.take([2, 0, 1]), True),
        "one value changed": (base.set_column(1, "n", pa.array([1, -2, 4], pa.int64())), False),
        "one row missing": (base.slice(0, 2), False),
        "one row duplicated": (base.take([0, 1, 2, 2]), False),
        "a decimal's last digit": (base.set_column(2, "amount", pa.array([decimal.Decimal("12.31"), decimal.Decimal("0.00"), None], pa.decimal128(12, 2))), False),
        "a timestamp off by 1 us": (base.set_column(3, "at", pa.array([1, 1_767_225_600_123_456, None], pa.timestamp("us", tz="UTC"))), False),
        "the same instant in ns": (base.set_column(3, "at", pa.array([0, 1_767_225_600_123_456_000, None], pa.timestamp("ns", tz="UTC"))), True),
        "a NULL for an empty string": (base.set_column(0, "id", pa.array(["a", "b|c", ""])), False),
        "'|' moved between columns": (base.set_column(0, "id", pa.array(["a", "b", None])), False),
    }
    bad = 0
    for what, (table, same) in cases.items():
        ok = (digest(table, cols, "selftest") == ref) == same
        bad += not ok
        print(f"{'ok  ' if ok else 'FAIL'} digest {'equal' if same else 'differs'}: {what}")
    # the texts themselves, as tables.txt defines them
    lines = row_lines(base, cols, "selftest")
    expected = ["a|1|12.30|0|\\N", "b\\|c|-2|0.00|1767225600123456|2026-01-01", "\\N|3|\\N|\\N|1970-01-01"]
    ok = lines == expected
    bad += not ok
    print(f"{'ok  ' if ok else 'FAIL'} digest texts: {lines if not ok else 'as defined'}")
    return bad


READERS = {"pyspark": read_pyspark, "deltalake": read_deltalake, "pyiceberg": read_pyiceberg, "altered": read_altered}


def main(argv):
    if len(argv) >= 1 and argv[0] == "selftest":
        return 1 if selftest() else 0
    if len(argv) < 3 or argv[0] not in READERS:
        print(__doc__, file=sys.stderr)
        return 2
    reader, root, tables = argv[0], Path(argv[1]).resolve(), table_list(argv[2])
    for name, rows, checksum in READERS[reader](root, tables, argv[3:]):
        print(f"{name} {rows} {checksum}", flush=True)
    return 0


if __name__ == "__main__":
    try:
        code = main(sys.argv[1:])
    except Exception:  # noqa: BLE001 - any failure to read is the reader's failure, shown in full
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    # Leave without the interpreter's teardown: Arrow's native thread pools, used by deltalake's
    # reads, may otherwise abort the process at exit ("terminate called without an active
    # exception", exit 134) after every result has been printed.
    os._exit(code)
