"""The benchmark driver (run it through bench/run, which builds and installs
what it needs). For each size it generates a synthetic actor/event graph,
then times, on that same file and in the same run:

- the raw parse rate of rio_turtle alone (no store): the loader's ceiling;
- `actorgraph load` into a fresh store, and `oxigraph load` (Oxigraph's own
  command line) into another, with their peak memory;
- at the largest size, every saved query (median of repeated runs) beside
  the same query, bound the same way, through `oxigraph query`;
- at the largest size, `actorgraph export` (N-Quads), `actorgraph snapshot`
  (canonical) and `oxigraph dump`;
- at the smallest size, `actorgraph validate`, when the binary has it;
- at the smallest size, the same graph loaded as 1,000 files (one source
  each), its load and every saved query beside the store of the one file:
  the cost of many sources;
- at the smallest size and on the real-world data of tests/realdata, the
  cost of the alignments and owl:sameAs: load time, peak memory and store
  size with inference on (the default) beside `--inference off`, and
  `links suggest` on the same stores;
- with `--only serve`, at the largest size: `actorgraph serve`'s search
  (its text index) beside the saved query `find` through the CLI on the
  same store and words, the time the index takes to build, and the
  server's memory;
- with `--only push`, at the smallest size: `actorgraph push` into a fresh
  Virtuoso over the Graph Store Protocol beside Virtuoso's own bulk loader
  on the same data (`actorgraph snapshot`'s N-Quads) into another, each
  load counted back by SPARQL, and push's memory.

Every figure is reported with its ratio to the reference beside it: the
machine is shared and noisy, ratios from one run are what compare.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASE = ROOT / "target" / "release"
ACTORGRAPH = RELEASE / "actorgraph"
GENERATE = RELEASE / "examples" / "generate"
PARSE_ONLY = RELEASE / "examples" / "parse_only"
SEED = "42"
SLOW_QUERY_SECONDS = 5
FAST_QUERY_SECONDS = 0.1
QUERY_TIMEOUT_SECONDS = 60

# Parameters that select something in the generated data (the saved
# queries' own @example values name the press release's entities).
QUERIES = {
    "co-participants": ["with=actor:person-7"],
    "events-about-topic": ["topic=concept:topic-3"],
    "events-at-place": ["place=place:country-3"],
    "events-by-organization": ["org=actor:org-1", "since=2010-01-01"],
    "find": ["text=søndergaard 12"],
    "follow-up-chain": ["event=event:event-2741"],
    "headcounts": ["event=event:event-114"],
    "organization-units": ["org=actor:org-0"],
    "participants-of-event": ["event=event:event-100"],
    "projects": ["project=actor:project-3"],
    "quotations-at-event": ["event=event:event-100"],
    "roles-on-date": ["date=1991-06-01"],
    "series": ["series=event:series-0"],
    "sources-of": ["entity=event:event-5"],
    "timeline": ["since=2015-01-01", "until=2015-01-31"],
    "topics": [],
}


def measure(command, timeout=None, env=None):
    """Runs a command; returns (seconds, peak RSS in MiB, stdout), or None
    for the RSS and output when it ran longer than `timeout` seconds."""
    return measure_all(command, timeout, env)[:3]


def measure_all(command, timeout=None, env=None):
    """`measure`, with the command's standard error last."""
    with tempfile.NamedTemporaryFile("r") as report:
        start = time.perf_counter()
        # Its own process group, so that a timeout stops the measured
        # command too, not only GNU time.
        child = subprocess.Popen(
            ["/usr/bin/time", "-f", "%M", "-o", report.name, *map(str, command)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            env=env,
        )
        try:
            stdout, stderr = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            return timeout, None, None, None
        seconds = time.perf_counter() - start
        if child.returncode != 0:
            sys.exit(f"failed: {' '.join(map(str, command))}\n{stderr}")
        peak_kb = int(report.read().strip().splitlines()[-1])
    return seconds, peak_kb / 1024, stdout, stderr


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    return path


def rate(triples, seconds):
    return f"{triples / seconds / 1e6:.2f} M/s"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def load_section(work, size, oxigraph):
    data = work / f"events-{size}.ttl"
    if not data.exists():
        subprocess.run([GENERATE, "--triples", str(size), "--seed", SEED, "-o", data], check=True)
    parse_s, parse_mb, out = measure([PARSE_ONLY, data])
    triples = int(out.strip())
    ours_store = fresh(work / f"actorgraph-{size}")
    ours_s, ours_mb, _ = measure([ACTORGRAPH, "load", "--store", ours_store, data])
    ref_store = fresh(work / f"oxigraph-{size}")
    ref_s, ref_mb, _ = measure([oxigraph, "load", "--location", ref_store, "--file", data])
    # actorgraph's load ends with a compaction; Oxigraph's does not, and
    # its `optimize` does the same. Run on a copy: the queries below use
    # the store as `oxigraph load` leaves it.
    compacted = fresh(work / f"oxigraph-{size}-optimized")
    shutil.copytree(ref_store, compacted)
    optimize_s, optimize_mb, _ = measure([oxigraph, "optimize", "--location", compacted])
    shutil.rmtree(compacted)
    both_s = ref_s + optimize_s
    rows = [
        ["rio_turtle parse only (ceiling)", f"{parse_s:.1f} s", rate(triples, parse_s), f"{parse_mb:.0f} MiB", "1.00"],
        ["`actorgraph load`", f"{ours_s:.1f} s", rate(triples, ours_s), f"{ours_mb:.0f} MiB", f"{parse_s / ours_s:.2f}"],
        ["`oxigraph load`", f"{ref_s:.1f} s", rate(triples, ref_s), f"{ref_mb:.0f} MiB", f"{parse_s / ref_s:.2f}"],
        ["`oxigraph load`, then `oxigraph optimize`", f"{both_s:.1f} s", rate(triples, both_s), f"{max(ref_mb, optimize_mb):.0f} MiB", f"{parse_s / both_s:.2f}"],
    ]
    text = (
        f"### Load, {triples:,} triples ({data.stat().st_size / 2**20:.0f} MiB of Turtle)\n\n"
        + table(["", "time", "triples/s", "peak RSS", "share of parse rate"], rows)
        + f"\n\nactorgraph / oxigraph load throughput: **{ref_s / ours_s:.2f}×**; "
        + f"against `oxigraph load` then `optimize`: **{both_s / ours_s:.2f}×**; "
        + f"actorgraph / rio_turtle parse rate: **{parse_s / ours_s:.2f}×**; "
        + f"actorgraph peak memory: **{ours_mb:.0f} MiB**.\n"
    )
    return text, triples, ours_store, ref_store


def query_section(triples, ours_store, ref_store, oxigraph, runs, work):
    rows = []
    for name, params in QUERIES.items():
        args = [a for p in params for a in ("--param", p)]
        bound = subprocess.run(
            [ACTORGRAPH, "query", name, *args, "--show-query"],
            check=True, stdout=subprocess.PIPE, text=True,
        ).stdout
        query_file = work / f"{name}.rq"
        query_file.write_text(bound)
        ours, ref = [], []
        ours_rows = ref_rows = 0
        planned = runs + 1  # the first run of each warms the caches
        while len(ours) < planned:
            s, _, out = measure(
                [ACTORGRAPH, "query", name, *args, "--format", "tsv", "--store", ours_store],
                timeout=QUERY_TIMEOUT_SECONDS,
            )
            ours.append(s)
            ours_rows = "timeout" if out is None else len(out.splitlines()) - 1
            s, _, out = measure([
                oxigraph, "query", "--location", ref_store, "--query-file", query_file,
                "--results-format", "tsv", "--union-default-graph",
            ], timeout=QUERY_TIMEOUT_SECONDS)
            ref.append(s)
            ref_rows = "timeout" if out is None else len(out.splitlines()) - 1
            if len(ours) == 1 and max(ours[0], ref[0]) >= QUERY_TIMEOUT_SECONDS:
                planned = 1  # a query that timed out is not run again
            elif len(ours) == 1 and max(ours[0], ref[0]) > SLOW_QUERY_SECONDS:
                planned = 2  # a slow query is measured once after its warm-up
            elif len(ours) == 1 and max(ours[0], ref[0]) < FAST_QUERY_SECONDS:
                planned = 4 * runs + 1  # a few ms of noise matter more here
        o, r = statistics.median(ours[1:] or ours), statistics.median(ref[1:] or ref)
        rows.append([
            f"`{name}`", f"{o * 1000:.0f} ms", f"{r * 1000:.0f} ms", f"{r / o:.2f}",
            len(ours) - 1, ours_rows, ref_rows,
        ])
    return (
        f"### Saved queries on {triples:,} triples (median of {runs} runs after a warm-up; "
        f"{4 * runs} for a query under {FAST_QUERY_SECONDS * 1000:.0f} ms, 1 for one over "
        f"{SLOW_QUERY_SECONDS} s; whole process)\n\n"
        + table(["query", "actorgraph", "oxigraph query", "speed vs oxigraph", "runs", "rows", "rows (oxigraph)"], rows)
        + "\n"
    )


def export_section(triples, ours_store, ref_store, oxigraph, work):
    out = work / "export.nq"
    ours_s, ours_mb, _ = measure([ACTORGRAPH, "export", "--store", ours_store, "-o", out])
    snap_s, snap_mb, _ = measure([ACTORGRAPH, "snapshot", "--store", ours_store, fresh(work / "snapshot")])
    ref_s, ref_mb, _ = measure([oxigraph, "dump", "--location", ref_store, "--file", work / "dump.nq"])
    rows = [
        ["`oxigraph dump` (N-Quads)", f"{ref_s:.1f} s", rate(triples, ref_s), f"{ref_mb:.0f} MiB", "1.00"],
        ["`actorgraph export` (canonical N-Quads)", f"{ours_s:.1f} s", rate(triples, ours_s), f"{ours_mb:.0f} MiB", f"{ref_s / ours_s:.2f}"],
        ["`actorgraph snapshot` (+ manifest)", f"{snap_s:.1f} s", rate(triples, snap_s), f"{snap_mb:.0f} MiB", f"{ref_s / snap_s:.2f}"],
    ]
    return (
        f"### Export, {triples:,} triples\n\n"
        + table(["", "time", "triples/s", "peak RSS", "speed vs oxigraph dump"], rows)
        + "\n"
    )


SOURCES = 1000


def split(data, parts, folder):
    """Writes `data` (a generated Turtle file: its prefixes, then statements
    each ending a line with " .") as `parts` files of whole statements."""
    lines = data.read_text().splitlines()
    header = [line for line in lines if line.startswith("@prefix")]
    statements, current = [], []
    for line in lines[len(header):]:
        current.append(line)
        if line.endswith(" ."):
            statements.append("\n".join(current))
            current = []
    assert not current, "the generated file ends inside a statement"
    per = -(-len(statements) // parts)
    files = []
    for index in range(parts):
        path = folder / f"part-{index:03d}.ttl"
        path.write_text("\n".join(header + statements[index * per:(index + 1) * per]) + "\n")
        files.append(path)
    return files


def sources_section(triples, data, one_store, runs, work):
    folder = fresh(work / f"parts-{SOURCES}")
    folder.mkdir()
    files = split(data, SOURCES, folder)
    many_store = fresh(work / f"actorgraph-{SOURCES}-sources")
    load_s, load_mb, _ = measure([ACTORGRAPH, "load", "--store", many_store, *files])
    rows = []
    for name, params in QUERIES.items():
        args = [a for p in params for a in ("--param", p)]
        times, answers = {}, {}
        for store in (one_store, many_store):
            runs_of = []
            for _ in range(runs + 1):
                s, _, out = measure([ACTORGRAPH, "query", name, *args, "--format", "tsv", "--store", store])
                runs_of.append(s)
            times[store] = statistics.median(runs_of[1:])
            answers[store] = len(out.splitlines()) - 1
        one, many = times[one_store], times[many_store]
        rows.append([
            f"`{name}`", f"{one * 1000:.0f} ms", f"{many * 1000:.0f} ms", f"{one / many:.2f}",
            answers[one_store], answers[many_store],
        ])
    return (
        f"### {SOURCES} sources, {triples:,} triples\n\n"
        f"The same graph as {SOURCES} files, one source each: loaded in {load_s:.1f} s "
        f"({rate(triples, load_s)}, peak RSS {load_mb:.0f} MiB). Saved queries, median of {runs} "
        "runs after a warm-up:\n\n"
        + table(["query", "1 source", f"{SOURCES} sources", "speed vs 1 source", "rows", f"rows ({SOURCES} sources)"], rows)
        + "\n"
    )


def store_mib(path):
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def alignment_section(work, size):
    """Load time (median of three), peak memory and store size with
    inference off and on, and `links suggest`, on the generated graph (the
    model's own terms only) and on the real-world data."""
    data = work / f"events-{size}.ttl"
    inputs = [
        (f"generated, {size:,} triples (the model's terms only)", [data]),
        ("real-world data (tests/realdata: 41 files, FOAF, SWC, ELI, schema.org)", [ROOT / "tests" / "realdata"]),
    ]
    rows = []
    for name, paths in inputs:
        seen = {}
        for inference in ["off", "on"]:
            # The median of three loads, each into a fresh store.
            timings = []
            for _ in range(3):
                store = fresh(work / f"inference-{inference}")
                timings.append(measure([ACTORGRAPH, "load", "--inference", inference, "--store", store, *paths]))
            seconds = statistics.median(t[0] for t in timings)
            peak = max(t[1] for t in timings)
            stats = subprocess.run([ACTORGRAPH, "stats", "--format", "json", "--store", store], capture_output=True, text=True, check=True)
            triples = json.loads(stats.stdout)["triples"]
            suggest_s, _, _ = measure([ACTORGRAPH, "links", "suggest", "--format", "tsv", "--store", store])
            seen[inference] = (seconds, peak, store_mib(store), triples, suggest_s)
            shutil.rmtree(store)
        (off_s, off_mb, off_size, off_t, _), (on_s, on_mb, on_size, on_t, suggest_s) = seen["off"], seen["on"]
        rows.append([
            name,
            f"{off_s:.1f} s / {on_s:.1f} s",
            f"**{on_s / off_s:.2f}×**",
            f"{off_mb:.0f} / {on_mb:.0f} MiB",
            f"{off_size:.0f} / {on_size:.0f} MiB ({on_size / off_size:.2f}×)",
            f"{off_t:,} / {on_t:,} (+{on_t - off_t:,})",
            f"{suggest_s:.1f} s",
        ])
    return (
        "### Alignments and owl:sameAs: their cost\n\n"
        + table(["data", "load, off / on", "on / off", "peak RSS", "store size", "triples queries see", "`links suggest`"], rows)
        + "\n"
    )


# Words searched in the generated graph: whole names, parts of names, and
# a word of many names.
SEARCHES = ["søndergaard 12", "Sondergaard", "Zoe Muller 4711", "Organization 17", "Jiri Novak", "zzz no match"]


def serve_section(work, size, runs):
    """Search through `actorgraph serve` (its in-memory text index) beside
    `query find` (a scan of the store) on the same store and words."""
    import urllib.parse
    import urllib.request

    store = work / f"actorgraph-{size}"
    if not store.exists():
        data = work / f"events-{size}.ttl"
        if not data.exists():
            subprocess.run([GENERATE, "--triples", str(size), "--seed", SEED, "-o", data], check=True)
        subprocess.run([ACTORGRAPH, "load", "--store", store, data], check=True, capture_output=True)
    log = tempfile.TemporaryFile("w+")
    started = time.perf_counter()
    server = subprocess.Popen(
        [ACTORGRAPH, "serve", "--port", "0", "--store", store],
        stdout=subprocess.PIPE, stderr=log, text=True,
    )
    try:
        base = server.stdout.readline().split()[1].removesuffix("/sparql")
        # The index is built in the background; wait for it.
        ready = None
        while ready is None and time.perf_counter() - started < 1800:
            log.seek(0)
            ready = next((l for l in log.read().splitlines() if "search index ready" in l), None)
            time.sleep(0.2)
        build_s = time.perf_counter() - started
        rss = max(
            int(line.split()[1])
            for line in Path(f"/proc/{server.pid}/status").read_text().splitlines()
            if line.startswith("VmHWM")
        ) / 1024
        rows = []
        for words in SEARCHES:
            url = f"{base}/search?text={urllib.parse.quote(words)}"
            timings = []
            for _ in range(runs):
                start = time.perf_counter()
                page = urllib.request.urlopen(url, timeout=120).read().decode()
                timings.append(time.perf_counter() - start)
            hits = page.count("<li><a href=\"/page?iri=")
            cli = [measure([ACTORGRAPH, "query", "find", "--param", f"text={words}", "--format", "tsv", "--store", store], QUERY_TIMEOUT_SECONDS) for _ in range(runs)]
            cli_s = statistics.median(c[0] for c in cli)
            cli_rows = max(len((cli[-1][2] or "").splitlines()) - 1, 0)
            serve_s = statistics.median(timings)
            rows.append([f"`{words}`", f"{serve_s * 1000:.0f} ms", hits, f"{cli_s * 1000:.0f} ms", cli_rows, f"**{cli_s / serve_s:.0f}×**"])
    finally:
        server.terminate()
        server.wait(timeout=60)
    return (
        f"### Search, {size:,} triples\n\n"
        f"`actorgraph serve`: index ready {build_s:.0f} s after start ({ready}); server peak RSS {rss:.0f} MiB "
        "(the index and the HTTP side; queries run in worker processes).\n\n"
        + table(["words", "serve `/search` (median)", "hits (≤ 50)", "CLI `query find` (median)", "rows", "faster"], rows)
        + "\n"
    )


VIRTUOSO = Path("/usr/bin/virtuoso-t")
ISQL = Path("/usr/bin/isql-vt")
# Virtuoso answers a graph's PUT once it has stored it all, so push waits
# long for the answer; but Virtuoso 7.2 sometimes stops in lock waits on a
# large PUT ("Many lock waits" in its log) and never answers: such a run is
# stopped after PUSH_STALL_SECONDS and counted as a stall.
PUSH_TIMEOUT_SECONDS = 3600
PUSH_STALL_SECONDS = 600

# Virtuoso's configuration, the tests' own (tests/engines.rs says what was
# found by running it): {dir}, {sql_port} and {http_port} filled in.
VIRTUOSO_INI = (ROOT / "tests" / "virtuoso.ini").read_text()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def local_get(url, timeout, accept="*/*"):
    """The status and body of a GET of `url`, sent straight to it whatever
    proxy the environment names."""
    import urllib.error
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(urllib.request.Request(url, headers={"Accept": accept}), timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class Virtuoso:
    """Debian's Virtuoso Open Source, started afresh on free loopback ports
    in a folder of its own under `parent` as tests/engines.rs starts it: a
    user `actorgraph` with the role SPARQL_UPDATE for the Graph Store
    Protocol (HTTP Digest), `dba`'s password changed from `dba`. Stopped,
    and its folder removed, at the end of the `with` block."""

    def __init__(self, parent):
        self.parent = parent

    def __enter__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="virtuoso-", dir=self.parent))
        assert not any(c in str(self.dir) for c in ", '"), self.dir
        self.sql_port = free_port()
        self.http_port = next(port for port in iter(free_port, None) if port != self.sql_port)
        self.sparql = f"http://127.0.0.1:{self.http_port}/sparql"
        self.graph_store = f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"
        ini = self.dir / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(dir=self.dir, sql_port=self.sql_port, http_port=self.http_port))
        self.console = self.dir / "console.log"
        with self.console.open("w") as log:
            self.process = subprocess.Popen(
                [VIRTUOSO, "+foreground", "+configfile", ini],
                cwd=self.dir, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            )
        try:
            self.wait_until_ready(60)
            # Letters and digits: a Virtuoso SQL identifier too.
            self.user, self.password = "actorgraph", f"Ag{secrets.token_hex(8)}"
            self.dba_password = f"Ag{secrets.token_hex(8)}"
            # A new database's `dba` has the password `dba`; without the
            # checkpoint, a restart after a kill would bring it back.
            self.isql(
                f"DB.DBA.USER_CREATE('{self.user}', '{self.password}'); "
                f'GRANT SPARQL_UPDATE TO "{self.user}"; '
                f"SET PASSWORD dba {self.dba_password}; "
                "checkpoint;",
                password="dba", timeout=60,
            )
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *_):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def log(self):
        return self.console.read_text(errors="replace")

    def wait_until_ready(self, limit):
        """Until isql's port takes connections and /sparql answers."""
        deadline = time.monotonic() + limit
        while True:
            if self.process.poll() is not None:
                sys.exit(f"Virtuoso ended ({self.process.returncode}) before it was ready:\n{self.log()}")
            try:
                socket.create_connection(("127.0.0.1", self.sql_port), timeout=2).close()
                if local_get(f"{self.sparql}?query=ASK%20%7B%7D", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                sys.exit(f"Virtuoso was not ready within {limit} s:\n{self.log()}")
            time.sleep(0.2)

    def isql(self, sql, password=None, timeout=600):
        """Runs `sql` (statements each ended by `;`) as `dba` and returns the
        result rows; exits, with Virtuoso's log, when a statement fails
        (isql itself goes on and exits 0)."""
        done = subprocess.run(
            [ISQL, f"127.0.0.1:{self.sql_port}", "dba", password or self.dba_password,
             "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", "ECHO=OFF", f"exec={sql}"],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout,
        )
        if done.returncode != 0 or "*** Error" in done.stderr:
            secrets_shown = [self.password, self.dba_password] if hasattr(self, "dba_password") else []
            text = f"isql failed ({done.returncode}) on {sql}:\n{done.stdout}{done.stderr}"
            for secret in secrets_shown:
                text = text.replace(secret, "<password>")
            sys.exit(f"{text}\nVirtuoso's log:\n{self.log()}")
        return done.stdout

    def bulk_load(self, nquads):
        """Loads an N-Quads file with Virtuoso's bulk loader (`ld_dir`,
        `rdf_loader_run`, `checkpoint`) and returns the seconds that took.
        The file is linked into this instance's folder first, the only one
        the loader may read, outside the time measured."""
        folder = self.dir / "load"
        folder.mkdir()
        assert "'" not in nquads.name, nquads
        try:
            os.link(nquads, folder / nquads.name)
        except OSError:
            shutil.copy(nquads, folder / nquads.name)
        start = time.perf_counter()
        self.isql(
            f"ld_dir('{folder}', '{nquads.name}', 'urn:actorgraph:bulk-load'); "
            "rdf_loader_run(); "
            "checkpoint;",
            timeout=3600,
        )
        seconds = time.perf_counter() - start
        errors = self.isql("SELECT ll_file || ': ' || ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
        if errors.strip():
            sys.exit(f"Virtuoso's bulk loader failed:\n{errors}")
        return seconds

    def counts(self):
        """Triples per named graph, by SPARQL (Virtuoso's own graphs too)."""
        import urllib.parse

        query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        status, body = local_get(
            f"{self.sparql}?{urllib.parse.urlencode({'query': query})}",
            timeout=600, accept="application/sparql-results+json",
        )
        if status != 200:
            sys.exit(f"{query}\non {self.sparql}: {status}\n{body}")
        return {b["g"]["value"]: int(b["n"]["value"]) for b in json.loads(body)["results"]["bindings"]}

    def peak_mib(self):
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return next(int(l.split()[1]) for l in status.splitlines() if l.startswith("VmHWM")) / 1024


def quads_per_graph(nquads):
    """Quads per graph of a canonical N-Quads file (one quad a line, every
    one in a named graph: its IRI last)."""
    counts = {}
    with nquads.open() as lines:
        for line in lines:
            graph = line.rstrip().removesuffix(" .").rsplit(" ", 1)[-1]
            assert graph.startswith("<") and graph.endswith(">"), line
            counts[graph[1:-1]] = counts.get(graph[1:-1], 0) + 1
    return counts


def per_second(triples, seconds):
    return f"{triples / seconds:,.0f}/s"


def check_loaded(remote, expected, what):
    """Exits unless Virtuoso holds, graph by graph, the triples `what` put."""
    found = remote.counts()
    found = {graph: found.get(graph, 0) for graph in expected}
    if not sum(expected.values()) or found != expected:
        sys.exit(f"{what}: Virtuoso holds {found}, not {expected}")


def push_section(work, size, runs):
    """`actorgraph push` into a fresh Virtuoso, beside Virtuoso's bulk loader
    on the same store's snapshot into another; each load counted back."""
    if not VIRTUOSO.exists() or not ISQL.exists():
        sys.exit(f"Virtuoso is not installed ({VIRTUOSO}, {ISQL}): apt-get install virtuoso-opensource")
    data = work / f"events-{size}.ttl"
    if not data.exists():
        subprocess.run([GENERATE, "--triples", str(size), "--seed", SEED, "-o", data], check=True)
    store = fresh(work / f"push-store-{size}")
    subprocess.run([ACTORGRAPH, "load", "--store", store, data], check=True, capture_output=True)
    snapshot = fresh(work / f"push-snapshot-{size}")
    subprocess.run([ACTORGRAPH, "snapshot", "--store", store, snapshot], check=True, capture_output=True)
    nquads = snapshot / "dataset.nq"
    in_file = quads_per_graph(nquads)
    quads = sum(in_file.values())
    pushes, bulks, stalls = [], [], 0
    for _ in range(runs):
        with Virtuoso(work) as remote:
            env = {**os.environ, "ACTORGRAPH_ENDPOINT_USER": remote.user, "ACTORGRAPH_ENDPOINT_PASSWORD": remote.password}
            seconds, peak, _, stderr = measure_all(
                [ACTORGRAPH, "push", "--timeout", PUSH_TIMEOUT_SECONDS, "--store", store, remote.graph_store],
                timeout=PUSH_STALL_SECONDS, env=env,
            )
            if stderr is None:
                print(f"push stalled: no answer within {PUSH_STALL_SECONDS} s; Virtuoso's log:\n{remote.log()}", file=sys.stderr)
                stalls += 1
            else:
                # "sending G (N triples)", a line per graph (stderr is no terminal).
                sent = {
                    match[1]: int(match[2])
                    for match in map(re.compile(r"sending (\S+) \((\d+) triples\)").fullmatch, stderr.splitlines())
                    if match
                }
                start = time.perf_counter()
                remote.isql("checkpoint;")
                checkpoint_s = time.perf_counter() - start
                check_loaded(remote, sent, "actorgraph push")
                pushes.append((seconds, peak, sum(sent.values()), checkpoint_s, remote.peak_mib(), len(sent)))
        with Virtuoso(work) as remote:
            seconds = remote.bulk_load(nquads)
            check_loaded(remote, in_file, "Virtuoso's bulk loader")
            bulks.append((seconds, remote.peak_mib()))
    if not pushes:
        sys.exit(f"every push stalled: Virtuoso gave no answer within {PUSH_STALL_SECONDS} s")
    sent = pushes[0][2]
    assert all(p[2] == sent for p in pushes), pushes
    push_s = statistics.median(p[0] for p in pushes)
    push_mb = max(p[1] for p in pushes)
    both_s = statistics.median(p[0] + p[3] for p in pushes)
    bulk_s = statistics.median(b[0] for b in bulks)
    bulk_rate, push_rate = quads / bulk_s, sent / push_s
    rows = [
        ["Virtuoso's bulk loader (`ld_dir`, `rdf_loader_run`, `checkpoint`)", f"{bulk_s:.1f} s", f"{quads:,}", per_second(quads, bulk_s), "—", f"{max(b[1] for b in bulks):.0f} MiB", "1.00"],
        ["`actorgraph push` (Graph Store Protocol, Digest)", f"{push_s:.1f} s", f"{sent:,}", per_second(sent, push_s), f"{push_mb:.0f} MiB", f"{max(p[4] for p in pushes):.0f} MiB", f"{push_rate / bulk_rate:.2f}"],
        ["`actorgraph push`, then `checkpoint`", f"{both_s:.1f} s", f"{sent:,}", per_second(sent, both_s), f"{push_mb:.0f} MiB", "", f"{sent / both_s / bulk_rate:.2f}"],
    ]
    return (
        f"### Push to Virtuoso, {size:,} generated triples (median of {runs} run{'s' if runs != 1 else ''}, each into a fresh Virtuoso)\n\n"
        f"One store ({store_mib(store):.0f} MiB), its snapshot {nquads.stat().st_size / 2**20:.0f} MiB of N-Quads "
        f"({quads:,} quads in {len(in_file)} graph{'s' if len(in_file) != 1 else ''}); push sends {pushes[0][5]} graphs: "
        "the sources', the merged graph and the metadata graph. Every load counted back by SPARQL, graph by graph.\n\n"
        + table(["", "time", "triples", "triples/s", "peak RSS", "Virtuoso peak RSS", "throughput vs bulk loader"], rows)
        + f"\n\npush / bulk loader throughput: **{push_rate / bulk_rate:.2f}×**; "
        + f"time to put the store's sources on Virtuoso, push / bulk loader: **{push_s / bulk_s:.2f}×** "
        + f"(push sends {sent / quads:.2f}× the triples); push peak memory: **{push_mb:.0f} MiB**. "
        + f"Runs: push {', '.join(f'{p[0]:.1f}' for p in pushes)} s; bulk loader {', '.join(f'{b[0]:.1f}' for b in bulks)} s."
        + (f" Virtuoso stopped answering in **{stalls} of {runs}** pushes (no answer to a graph's PUT within "
           f"{PUSH_STALL_SECONDS} s, lock waits in its log); the push figures are of the others." if stalls else "")
        + "\n"
    )


def validate_section(triples, ours_store):
    has_validate = subprocess.run([ACTORGRAPH, "validate", "--help"], capture_output=True).returncode == 0
    if not has_validate:
        return "### Validation\n\nThis build has no `validate` command.\n"
    start = time.perf_counter()
    done = subprocess.run([ACTORGRAPH, "validate", "--store", ours_store], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    summary = (done.stdout.strip().splitlines() or [""])[-1]
    return (
        f"### Validation, {triples:,} triples\n\n"
        f"`actorgraph validate`: {seconds:.1f} s ({rate(triples, seconds)}), exit {done.returncode}: {summary}\n"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--sizes", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=["alignments", "serve", "push"], help="run one section only: alignments and push at the smallest size, serve at the largest")
    args = parser.parse_args()
    work = args.work.resolve()
    oxigraph = work / "tools" / "bin" / "oxigraph"
    sizes = sorted(int(s) for s in args.sizes.split())
    version = subprocess.run([oxigraph, "--version"], capture_output=True, text=True).stdout.strip()
    sections = [
        f"## Run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n\n"
        f"{os.cpu_count()} cores; reference: {version}; actorgraph release build; seed {SEED}.\n"
    ]
    if args.only == "alignments":
        data = work / f"events-{sizes[0]}.ttl"
        if not data.exists():
            subprocess.run([GENERATE, "--triples", str(sizes[0]), "--seed", SEED, "-o", data], check=True)
        sections.append(alignment_section(work, sizes[0]))
        print(sections[-1], flush=True)
        sizes = []
    if args.only == "serve":
        sections.append(serve_section(work, sizes[-1], args.runs))
        print(sections[-1], flush=True)
        sizes = []
    if args.only == "push":
        sections.append(push_section(work, sizes[0], args.runs))
        print(sections[-1], flush=True)
        sizes = []
    for size in sizes:
        text, triples, ours, ref = load_section(work, size, oxigraph)
        sections.append(text)
        print(text, flush=True)
        if size == sizes[0]:
            sections.append(validate_section(triples, ours))
            print(sections[-1], flush=True)
            sections.append(alignment_section(work, size))
            print(sections[-1], flush=True)
            data = work / f"events-{size}.ttl"
            sections.append(sources_section(triples, data, ours, args.runs, work))
            print(sections[-1], flush=True)
        if size == sizes[-1]:
            sections.append(query_section(triples, ours, ref, oxigraph, args.runs, work))
            print(sections[-1], flush=True)
        sections.append(export_section(triples, ours, ref, oxigraph, work))
        print(sections[-1], flush=True)
    (work / "results.md").write_text("\n".join(sections))
    print(f"written to {work / 'results.md'}")


if __name__ == "__main__":
    main()
