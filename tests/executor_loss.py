"""Executor loss, as on a preempted spot node (run by tests/executor-loss.sh, which explains it).

Runs the enrichment job jar under the pyspark wheel's spark-submit twice on one generated day:
once in local[2] (the reference), once in local-cluster[2,1,1024] (a master and two workers in
the driver JVM, each executor a JVM of its own) with the decommission settings of the Kubernetes
launches. During that run it reclaims two executors the way spot capacity goes away:
  1. with notice: when a stage runs tasks on both executors, SIGPWR to one executor JVM (what the
     preStop hook of the Kubernetes executor pods sends: Spark decommissions the executor and
     migrates its blocks), then SIGKILL after GRACE_S seconds, as when the node goes away;
  2. without notice: when a stage again runs tasks on two executors (the master has started a
     replacement on the freed worker), SIGKILL to one of them.
Checks: both runs exit 0; each reclaim happened while the job ran, in a stage with tasks on both
executors; the driver log shows the decommission, both losses and the lost work redone; every table the reference wrote
(golden.*, quarantine.*) holds the same rows, the run's own columns aside, read with deltalake.
Of the Kubernetes launch only the decommission settings apply here: its resources and dynamic
allocation do not fit two 1-core workers of 1024 MB (the workers' executors are the cluster).
"""

import collections
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pyspark
from deltalake import DeltaTable

DATE = "2026-01-01"
# 20000 new orders (27046 order lines): the orders stage takes several seconds on two executors;
# the job's time is mostly fixed costs (JVMs, table commits), so less data would save little
ORDERS = 20000
# seconds between SIGPWR and SIGKILL: a notice much shorter than a cloud's (30 s to 2 min), so the
# kill can land while the executor still runs its task or migrates its blocks
GRACE_S = 3
# the faulted run is given this long before it counts as hung (a loaded CI machine is slow)
RUN_TIMEOUT_S = 900
MODULE = "jobs-enrichment"
MAIN = "io.lakeshore.jobs.enrichment.EnrichmentJob"
JAR = f"{MODULE}/target/{MODULE}-0.1.0-SNAPSHOT-job.jar"
DATAGEN = ["commerce-datagen/target/classes", JAR]  # the job jar carries etl-core and picocli
# the columns a run stamps on every row it writes: they differ between any two runs
RUN_COLUMNS = {"run_id", "processed_at"}
# the Kubernetes launch of the same job: the test uses its decommission settings as generated
GENERATED_ARGS = "deploy/generated/spark-submit/enrichment.args"

passed = 0
failed = 0


def ok(text):
    global passed
    passed += 1
    print(f"ok   {text}", flush=True)


def fail(text, log=None):
    global failed
    failed += 1
    print(f"FAIL {text}", flush=True)
    if log is not None and Path(log).exists():
        print("".join(Path(log).read_text(errors="replace").splitlines(True)[-30:]), flush=True)


def check(condition, text, log=None):
    if condition:
        ok(text)
    else:
        fail(text, log)
    return condition


def decommission_confs(fallback):
    """The decommission settings of the generated Kubernetes launch, the fallback storage on a local folder."""
    lines = Path(GENERATED_ARGS).read_text().splitlines()
    confs = [lines[i + 1] for i, arg in enumerate(lines[:-1]) if arg == "--conf"]
    chosen = [c for c in confs if "decommission" in c.split("=", 1)[0].lower()]
    return [f"spark.storage.decommission.fallbackStorage.path={fallback}"
            if c.startswith("spark.storage.decommission.fallbackStorage.path=") else c for c in chosen]


def jvm_opens():
    """The JVM options of the parent pom (Spark's --add-opens, -XX:-DontCompileHugeMethods)."""
    match = re.search(r"<spark.jvm.opens>(.*)</spark.jvm.opens>", Path("pom.xml").read_text())
    return match.group(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def submit_args(master, lake, raw, log4j, extra_conf=(), job_conf=()):
    # C1 only and the serial collector: short runs on few cores gain more from fast compilation
    # (as tests/interop.sh) and lose less to G1's concurrent threads (as ChildJvm)
    driver_opts = (f"-Dlog4j2.configurationFile={log4j} -XX:-DontCompileHugeMethods -XX:TieredStopAtLevel=1"
                   " -XX:+UseSerialGC")
    args = ["spark-submit", "--master", master, "--driver-java-options", driver_opts]
    for c in extra_conf:
        args += ["--conf", c]
    args += ["--class", MAIN, JAR, "--conf-dir", "conf", "--conf", f"lakeshore.root={lake}",
             "--conf", f"lakeshore.raw={raw}", "--date", DATE]
    for c in job_conf:
        args += ["--conf", c]
    return args


def get_json(url):
    with urllib.request.urlopen(url, timeout=2) as response:
        return json.load(response)


def executor_pid(driver_pid, executor_id):
    """The executor JVM: a child process of the driver (the local-cluster workers live in it)."""
    out = subprocess.run(["ps", "-o", "pid=,args=", "--ppid", str(driver_pid)],
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        pid, _, cmd = line.strip().partition(" ")
        if "CoarseGrainedExecutorBackend" in cmd and re.search(rf'--executor-id"? "?{executor_id}\b', cmd):
            return int(pid)
    return None


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a killed child stays a zombie until the driver reaps it
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


class Reclaims:
    """Watches the faulted run through the driver's REST API and reclaims the executors."""

    def __init__(self, proc, log, ui):
        self.proc = proc
        self.log = log
        self.ui = ui
        self.app = None
        self.events = []  # (what, executor id, stage ids, detail)
        self.noticed = None  # the executor decommissioned, then killed
        self.noticed_kill = None  # what became of it
        self.unnoticed = None  # the executor killed without notice

    def busy(self):
        """Executors running a task now (ids), and the active stages with running tasks."""
        if self.app is None:
            apps = get_json(f"{self.ui}/api/v1/applications")
            if not apps:
                return [], []
            self.app = apps[0]["id"]
        base = f"{self.ui}/api/v1/applications/{self.app}"
        executors = [e["id"] for e in get_json(f"{base}/executors")
                     if e["id"] != "driver" and e.get("isActive") and e.get("activeTasks", 0) > 0]
        stages = [s["stageId"] for s in get_json(f"{base}/stages?status=active") if s.get("numActiveTasks", 0) > 0]
        return sorted(executors, key=int), stages

    def job_running(self):
        """The driver runs and has not printed the run's summary (its last words)."""
        return self.proc.poll() is None and re.search(r"^run \S+ +job ", self.log.read_text(errors="replace"), re.M) is None

    def watch(self):
        """Reclaims two executors as the stages come, then waits for the driver; False if it hung."""
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while self.proc.poll() is None and self.unnoticed is None and time.monotonic() < deadline:
            try:
                executors, stages = self.busy()
            except (OSError, ValueError):  # the UI is not up yet, or going down
                executors, stages = [], []
            candidates = [e for e in executors if e != self.noticed]
            if self.noticed is None and len(executors) >= 2 and stages and self.job_running():
                self.reclaim_with_notice(executors[-1], executors, stages)
            elif self.noticed is not None and len(candidates) >= 2 and stages and self.job_running():
                self.reclaim_without_notice(candidates[0], candidates, stages)
            time.sleep(0.2)
        try:
            self.proc.wait(timeout=max(1, deadline - time.monotonic()))
            return True
        except subprocess.TimeoutExpired:
            return False

    def reclaim_with_notice(self, victim, executors, stages):
        pid = executor_pid(self.proc.pid, victim)
        if pid is None:
            return
        self.noticed = victim
        os.kill(pid, signal.SIGPWR)
        self.events.append(("SIGPWR", victim, stages, f"tasks on executors {', '.join(executors)}"))
        time.sleep(GRACE_S)
        if not self.job_running():
            self.noticed_kill = "after the job ended"
            self.events.append(("SIGKILL", victim, [], self.noticed_kill))
            return
        try:
            _, stages_now = self.busy()
        except (OSError, ValueError):
            stages_now = []
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
            what, self.noticed_kill = "SIGKILL", f"SIGKILL {GRACE_S} s after SIGPWR"
        else:
            what, self.noticed_kill = "exited", f"it exited by itself within {GRACE_S} s of SIGPWR"
        self.events.append((what, victim, stages_now, self.noticed_kill))

    def reclaim_without_notice(self, victim, executors, stages):
        pid = executor_pid(self.proc.pid, victim)
        if pid is None:
            return
        self.unnoticed = victim
        os.kill(pid, signal.SIGKILL)
        self.events.append(("SIGKILL", victim, stages, f"no notice; tasks on executors {', '.join(executors)}"))


def rows(path):
    table = DeltaTable(str(path)).to_pyarrow_table()
    names = [n for n in table.column_names if n not in RUN_COLUMNS]
    data = table.select(names).to_pylist()
    return names, collections.Counter(tuple(r[n] for n in names) for r in data)


def compare(reference, faulted):
    zones = [z for z in sorted((reference / "warehouse" / "delta").iterdir()) if z.name != "audit"]
    tables = [t for z in zones for t in sorted(z.iterdir())]
    check(len(tables) == 6, f"the reference wrote 6 tables besides the ledger: {len(tables)}")
    for t in tables:
        name = f"{t.parent.name}.{t.name}"
        other = faulted / "warehouse" / "delta" / t.parent.name / t.name
        if not other.exists():
            fail(f"{name}: missing after the faulted run")
            continue
        names, want = rows(t)
        other_names, got = rows(other)
        if names != other_names:
            fail(f"{name}: columns {other_names}, expected {names}")
        elif want != got:
            missing = want - got
            extra = got - want
            first = next(iter(missing or extra))
            fail(f"{name}: {sum(got.values())} rows, {sum(want.values())} in the reference; "
                 f"{sum(missing.values())} missing, {sum(extra.values())} extra, e.g. "
                 f"{'missing' if missing else 'extra'} {dict(zip(names, first))}")
        else:
            check(sum(want.values()) > 0, f"{name}: {sum(want.values())} rows, equal to the reference row for row")


def main():
    started = time.monotonic()
    spark_home = Path(pyspark.__file__).parent
    work = Path(tempfile.mkdtemp(prefix="lakeshore-executor-loss-"))
    try:
        run(spark_home, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"executor loss: {passed} passed, {failed} failed ({time.monotonic() - started:.0f} s)")
    return 0 if failed == 0 else 1


def run(spark_home, work):
    # The local-cluster workers write each executor's stdout and stderr under $SPARK_HOME/work: a
    # home of links to the wheel's Spark keeps them in this test's folder, not in .venv.
    home = work / "spark-home"
    home.mkdir()
    for entry in ("bin", "jars", "python", "RELEASE"):
        if (spark_home / entry).exists():
            (home / entry).symlink_to(spark_home / entry)
    env = dict(os.environ, SPARK_HOME=str(home), PATH=f"{home / 'bin'}:{os.environ['PATH']}")
    log4j = work / "log4j2.properties"
    # the driver's log: warnings, and the scheduler's and the cluster's INFO lines (tasks,
    # executors added, decommissioned and lost)
    log4j.write_text("\n".join([
        "rootLogger.level = warn", "rootLogger.appenderRef.stderr.ref = console",
        "appender.console.type = Console", "appender.console.name = console", "appender.console.target = SYSTEM_ERR",
        "appender.console.layout.type = PatternLayout", "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n%ex",
        "logger.scheduler.name = org.apache.spark.scheduler", "logger.scheduler.level = info",
        "logger.deploy.name = org.apache.spark.deploy", "logger.deploy.level = info", ""]))

    raw = work / "raw"
    gen = subprocess.run(["java", "-cp", ":".join(DATAGEN + [f"{spark_home}/jars/*"]), "io.lakeshore.datagen.GenerateMain",
                          "--raw-dir", str(raw), "--date", DATE, "--orders", str(ORDERS)],
                         capture_output=True, text=True)
    if not check(gen.returncode == 0, f"generated {DATE}: {gen.stdout.strip().splitlines()[0] if gen.stdout else gen.stderr[-500:]}"):
        return

    reference = work / "reference"
    t = time.monotonic()
    with open(work / "reference.log", "w") as log:
        code = subprocess.run(submit_args("local[2]", reference, raw, log4j), env=env, stdout=log, stderr=subprocess.STDOUT).returncode
    if not check(code == 0, f"reference run in local[2] exits 0: exit {code} ({time.monotonic() - t:.0f} s)", work / "reference.log"):
        return

    decommission = decommission_confs(f"file://{work}/fallback/")
    if not check("spark.decommission.enabled=true" in decommission,
                 f"{GENERATED_ARGS} enables decommissioning: {', '.join(decommission) or 'no decommission setting'}"):
        return
    faulted = work / "faulted"
    port = free_port()
    opens = jvm_opens()
    conf = ["spark.executor.memory=1024m", f"spark.executor.extraJavaOptions={opens} -XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
            # a port that was free a moment ago; taken meanwhile, the run fails rather than
            # binding the next port, where the UI of another Spark application may be
            f"spark.ui.port={port}", "spark.port.maxRetries=0"] + decommission
    # the job's own settings win over spark-submit's: the local overlay asks for local[2] and no UI
    job_conf = ['lakeshore.spark.master=""', 'lakeshore.spark.conf."spark.ui.enabled"=true']
    t = time.monotonic()
    driver_log = work / "faulted.log"
    with open(driver_log, "w") as log:
        proc = subprocess.Popen(submit_args("local-cluster[2,1,1024]", faulted, raw, log4j, conf, job_conf),
                                env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        reclaims = Reclaims(proc, driver_log, f"http://127.0.0.1:{port}")
        try:
            finished = reclaims.watch()
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    elapsed = time.monotonic() - t
    if not check(finished, f"local-cluster run ends within {RUN_TIMEOUT_S} s", driver_log):
        return
    for what, executor, stages, detail in reclaims.events:
        print(f"     {what} executor {executor} (stages running: {', '.join(map(str, stages)) or 'none'}): {detail}")
    check(proc.returncode == 0, f"local-cluster run with the decommission settings exits 0 after the reclaims: "
                                f"exit {proc.returncode} ({elapsed:.0f} s)", driver_log)
    log_text = driver_log.read_text(errors="replace")
    check_reclaims(reclaims, log_text)
    compare(reference, faulted)


def check_reclaims(reclaims, log):
    noticed, unnoticed = reclaims.noticed, reclaims.unnoticed
    check(noticed is not None, "SIGPWR reached an executor while a stage ran tasks on both: "
          + (f"executor {noticed}" if noticed else "no stage ran on two executors"))
    if noticed is not None:
        kill = reclaims.noticed_kill
        check(kill is not None and kill != "after the job ended",
              f"executor {noticed} was killed or gone {GRACE_S} s later, while the job ran: {kill or 'no kill'}")
        check(re.search(rf"Decommission executors: (.*, )?{noticed}\b", log) is not None,
              f"the driver log shows executor {noticed} decommissioned on its notice")
        check(re.search(rf"Executor {noticed} on \S+ is decommissioned after", log) is not None,
              f"the driver log shows executor {noticed} removed as decommissioned")
    check(unnoticed is not None, "SIGKILL without notice reached a second executor while a stage ran tasks on two: "
          + (f"executor {unnoticed}" if unnoticed else "no stage ran on two executors after the first reclaim"))
    if unnoticed is not None:
        lost = re.search(rf"Lost executor {unnoticed} on \S+: Command exited with code 137", log)
        check(lost is not None, f"the driver log shows executor {unnoticed} lost without notice (exit 137)")
        # its running task fails (not counted against the task), or the map output it held is
        # missed and recomputed
        redone = lost and re.search(r"its executor exited for a reason unrelated to the task|Lost task|FetchFailed|Resubmitted",
                                    log[lost.end():])
        check(redone is not None, f"the driver log shows the work of executor {unnoticed} redone after its loss")


if __name__ == "__main__":
    os.chdir(Path(__file__).resolve().parent.parent)
    sys.exit(main())
