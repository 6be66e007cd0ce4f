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
  server's memory.

Every figure is reported with its ratio to the reference beside it: the
machine is shared and noisy, ratios from one run are what compare.
"""

import argparse
import json
import os
import shutil
import signal
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


def measure(command, timeout=None):
    """Runs a command; returns (seconds, peak RSS in MiB, stdout), or None
    for the RSS and output when it ran longer than `timeout` seconds."""
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
        )
        try:
            stdout, stderr = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            return timeout, None, None
        seconds = time.perf_counter() - start
        if child.returncode != 0:
            sys.exit(f"failed: {' '.join(map(str, command))}\n{stderr}")
        peak_kb = int(report.read().strip().splitlines()[-1])
    return seconds, peak_kb / 1024, stdout


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
    parser.add_argument("--only", choices=["alignments", "serve"], help="run one section only: alignments at the smallest size, serve at the largest")
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
