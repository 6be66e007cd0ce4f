//! `actorgraph serve` under a bounded load from a real load generator,
//! `hey` (Debian's package `hey`): a saved query through the API and an
//! entity page each answer only 200 or 503, with no connection errors, and
//! `/healthz` answers 200 while a runaway query holds a worker. The p99
//! latency and the peak memory of the server and its workers are reported
//! (stdout and `target/serve-load-report.txt`), not asserted.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use crate::util::{Env, Server, a_worker_is_busy, descendants, http, repo};

const OSCE: &str = "https://w3id.org/actorgraph/id/actor/osce";
const TIMELINE: &str = "/api/queries/timeline?since=2015-10-01&until=2015-10-31";
/// A cross product no store read ends: it runs in memory until stopped.
const RUNAWAY: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

/// Each load's size: requests in all, and how many at once.
const REQUESTS: u32 = 400;
const CONCURRENCY: u32 = 16;
/// `hey`'s time limit for one request, in seconds.
const REQUEST_TIMEOUT: &str = "30";
/// How long one run of `hey` may take before it is killed.
const RUN_LIMIT: Duration = Duration::from_secs(300);

/// One load test at a time, so that they do not load each other, and one
/// writer of the report.
static LOAD: Mutex<()> = Mutex::new(());

fn example() -> Env {
    let env = Env::new();
    env.run(&["load", repo().join("data").to_str().unwrap()])
        .success();
    env
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// What `hey` saw of one load.
#[derive(Debug, Default)]
struct Load {
    /// What was loaded, for the report.
    what: String,
    url: String,
    /// `hey`'s `-n` and `-c`.
    requests: u32,
    concurrency: u32,
    /// Responses by status code.
    statuses: BTreeMap<u16, u64>,
    /// Requests that got no response: how many, and `hey`'s lines about
    /// them ("[3]\tGet \"…\": …").
    errors: u64,
    error_lines: Vec<String>,
    /// Latency percentiles of the responses, in seconds, by percent.
    percentiles: BTreeMap<u32, f64>,
    /// How long the whole load took, as `hey` says ("Total:").
    total: String,
    /// `hey`'s whole summary.
    output: String,
}

impl Load {
    fn responses(&self) -> u64 {
        self.statuses.values().sum()
    }

    fn p(&self, percent: u32) -> String {
        self.percentiles
            .get(&percent)
            .map_or_else(|| "n/a".to_owned(), |s| format!("{:.1} ms", s * 1000.0))
    }

    fn summary(&self) -> String {
        let statuses: Vec<String> = self
            .statuses
            .iter()
            .map(|(status, n)| format!("{status}: {n}"))
            .collect();
        format!(
            "{}\n  hey -n {} -c {}: GET {}\n  responses: {} ({}), errors: {}, in {}\n  \
             latency p50 {}, p90 {}, p99 {}\n",
            self.what,
            self.requests,
            self.concurrency,
            self.url,
            self.responses(),
            statuses.join(", "),
            self.errors,
            self.total,
            self.p(50),
            self.p(90),
            self.p(99),
        )
    }

    /// Asserts that every request got a response, 200 or 503.
    #[track_caller]
    fn assert_200_or_503(&self) {
        assert!(
            self.errors == 0 && self.error_lines.is_empty(),
            "{}: requests got no response:\n{}",
            self.url,
            self.output
        );
        let others: Vec<_> = self
            .statuses
            .keys()
            .filter(|s| !matches!(s, 200 | 503))
            .collect();
        assert!(
            others.is_empty(),
            "{}: statuses other than 200 and 503: {others:?}\n{}",
            self.url,
            self.output
        );
        assert_eq!(
            self.responses(),
            u64::from(self.requests),
            "{}: not every request was answered\n{}",
            self.url,
            self.output
        );
    }
}

/// Runs `hey` for `requests` GETs of `url`, `concurrency` at a time (and
/// its `extra` arguments), and reads its summary.
fn hey(what: &str, url: &str, requests: u32, concurrency: u32, extra: &[&str], env: &Env) -> Load {
    let mut command = Command::new("hey");
    command
        .args(["-n", &requests.to_string(), "-c", &concurrency.to_string()])
        .args(extra)
        .args(["-t", REQUEST_TIMEOUT, "-disable-compression", url]);
    let (status, output, stderr) = run_hey(command, env, RUN_LIMIT)
        .unwrap_or_else(|| panic!("`hey` against {url} ran over {RUN_LIMIT:?}: the server hangs?"));
    assert!(
        status.success(),
        "`hey` failed: {status}\n{stderr}\n{output}"
    );
    let mut load = parse_hey(&output);
    load.what = what.to_owned();
    load.url = url.to_owned();
    load.requests = requests;
    load.concurrency = concurrency;
    load
}

/// Panics, naming the package, unless `hey` can be run.
fn require_hey(env: &Env) {
    let mut command = Command::new("hey");
    command.arg("-h");
    run_hey(command, env, Duration::from_secs(30)).expect("`hey -h` hangs");
}

/// Runs `command` (`hey`), killing it after `limit`: its exit status, its
/// standard output and error, or `None` when it ran over.
fn run_hey(
    mut command: Command,
    env: &Env,
    limit: Duration,
) -> Option<(std::process::ExitStatus, String, String)> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let (out, err) = (
        env.path(&format!("hey-{n}.out")),
        env.path(&format!("hey-{n}.err")),
    );
    let mut child = command
        .stdin(Stdio::null())
        .stdout(File::create(&out).unwrap())
        .stderr(File::create(&err).unwrap())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run the load generator `hey` ({e}): install Debian's package \
                 `hey` (apt-get install hey)"
            )
        });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        thread::sleep(Duration::from_millis(50));
    };
    let read = |path| std::fs::read_to_string(path).unwrap_or_default();
    Some((status, read(&out), read(&err)))
}

/// Reads `hey`'s summary: its latency distribution ("  99% in 0.0123
/// secs"), status code distribution ("  [200]\t400 responses") and error
/// distribution ("  [3]\tGet \"…\": …").
fn parse_hey(output: &str) -> Load {
    let mut load = Load {
        output: output.to_owned(),
        ..Load::default()
    };
    let mut section = "";
    for line in output.lines() {
        if !line.starts_with(' ') && line.trim_end().ends_with(':') {
            section = line.trim_end();
            continue;
        }
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match section {
            "Summary:" => {
                if let Some(total) = line.strip_prefix("Total:") {
                    total.trim().clone_into(&mut load.total);
                }
            }
            "Latency distribution:" => {
                let (percent, rest) = line.split_once("% in ").unwrap_or_else(|| {
                    panic!("hey's latency line {line:?} is not understood\n{output}")
                });
                let seconds = rest.trim_end_matches(" secs").trim();
                load.percentiles
                    .insert(percent.parse().unwrap(), seconds.parse().unwrap());
            }
            "Status code distribution:" => {
                let (status, count) = line
                    .strip_prefix('[')
                    .and_then(|l| l.split_once(']'))
                    .unwrap_or_else(|| panic!("hey's status line {line:?}\n{output}"));
                let count = count.trim().trim_end_matches(" responses");
                load.statuses
                    .insert(status.parse().unwrap(), count.parse().unwrap());
            }
            "Error distribution:" => {
                let count = line
                    .strip_prefix('[')
                    .and_then(|l| l.split_once(']'))
                    .and_then(|(n, _)| n.parse::<u64>().ok())
                    .unwrap_or_else(|| panic!("hey's error line {line:?}\n{output}"));
                load.errors += count;
                load.error_lines.push(line.to_owned());
            }
            _ => {}
        }
    }
    load
}

/// The peak memory of a server and its descendants (its workers), in kB,
/// as sampled from `/proc/PID/status`, and the CPU its busiest worker used
/// meanwhile.
#[derive(Debug, Default, Clone)]
struct Memory {
    /// The server's own peak resident set (VmHWM).
    server_hwm: u64,
    /// The largest peak resident set (VmHWM) of any one worker.
    worker_hwm: u64,
    /// The largest sum of the resident sets (VmRSS) of the server and its
    /// workers at one sample.
    total_rss: u64,
    /// The server's VmHWM plus each worker's, as if all peaked at once.
    total_hwm: u64,
    /// The workers seen (a killed worker is replaced by a new one).
    workers: BTreeSet<u32>,
    /// The most CPU time one worker used while sampled, in clock ticks.
    busiest_worker_ticks: u64,
    /// How long the sampling went on.
    sampled_for: Duration,
    samples: u64,
}

impl Memory {
    fn summary(&self) -> String {
        let mib = |kb: u64| format!("{:.1} MiB", kb as f64 / 1024.0);
        format!(
            "  peak memory: server VmHWM {}, largest worker VmHWM {}, \
             server + workers VmRSS at once {}, sum of all VmHWM {} \
             ({} worker processes seen, {} samples in {:.1} s; \
             the busiest worker used {:.1} s of CPU meanwhile)\n",
            mib(self.server_hwm),
            mib(self.worker_hwm),
            mib(self.total_rss),
            mib(self.total_hwm),
            self.workers.len(),
            self.samples,
            self.sampled_for.as_secs_f64(),
            self.busiest_worker_ticks as f64 / CLOCK_TICKS,
        )
    }
}

/// Clock ticks in a second, as `/proc/PID/stat` counts CPU time (`getconf
/// CLK_TCK`, 100 on Linux).
const CLOCK_TICKS: f64 = 100.0;

/// A `/proc/PID/status` field in kB.
fn status_kb(status: &str, field: &str) -> u64 {
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Samples the memory of `pid` and its descendants every 20 ms until
/// stopped.
struct Sampler {
    stop: Arc<AtomicBool>,
    thread: thread::JoinHandle<Memory>,
}

impl Sampler {
    fn start(pid: u32) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = thread::spawn(move || {
            let started = Instant::now();
            let mut memory = Memory::default();
            // Each worker's peak VmHWM, and its CPU ticks when first and
            // last seen.
            let mut workers: BTreeMap<u32, (u64, u64, u64)> = BTreeMap::new();
            loop {
                let last = stopped.load(Ordering::Relaxed);
                let Ok(server) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
                    break;
                };
                memory.server_hwm = memory.server_hwm.max(status_kb(&server, "VmHWM:"));
                let mut rss = status_kb(&server, "VmRSS:");
                for (worker, ticks) in descendants(pid) {
                    let Ok(status) = std::fs::read_to_string(format!("/proc/{worker}/status"))
                    else {
                        continue;
                    };
                    let hwm = status_kb(&status, "VmHWM:");
                    memory.worker_hwm = memory.worker_hwm.max(hwm);
                    let seen = workers.entry(worker).or_insert((0, ticks, ticks));
                    seen.0 = seen.0.max(hwm);
                    seen.2 = ticks;
                    rss += status_kb(&status, "VmRSS:");
                }
                memory.total_rss = memory.total_rss.max(rss);
                memory.samples += 1;
                if last {
                    break;
                }
                thread::sleep(Duration::from_millis(20));
            }
            memory.sampled_for = started.elapsed();
            memory.total_hwm = memory.server_hwm + workers.values().map(|w| w.0).sum::<u64>();
            memory.busiest_worker_ticks = workers.values().map(|w| w.2 - w.1).max().unwrap_or(0);
            memory.workers = workers.into_keys().collect();
            memory
        });
        Self { stop, thread }
    }

    fn finish(self) -> Memory {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap()
    }
}

/// Writes `section` into `target/serve-load-report.txt` under `title`,
/// keeping the other tests' sections, and prints it.
#[allow(clippy::print_stdout)] // The figures are this test's report.
fn report(title: &str, section: &str) {
    let text = format!("== {title}\n{section}");
    println!("{text}");
    let dir = repo().join("target");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("serve-load-report.txt");
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let mut sections: Vec<String> = old
        .split("\n== ")
        .map(|s| s.trim_start_matches("== ").trim_end().to_owned())
        .filter(|s| s.starts_with("serve ") && !s.starts_with(title))
        .map(|s| format!("== {s}\n"))
        .collect();
    sections.push(text);
    sections.sort();
    let header = format!(
        "actorgraph serve under load from hey (each request's time limit {REQUEST_TIMEOUT} s), \
         written by tests/serve_load.rs: a debug build, other tests may run at the same time; \
         the latency percentiles are of the responses\n\n"
    );
    std::fs::write(&path, header + &sections.join("\n")).unwrap();
}

/// Asserts a GET of `path` answers 200 before the load, so that a load of
/// 503s or 404s cannot pass for a working server.
#[track_caller]
fn answers_200(server: &Server, path: &str) {
    let mut response = http().get(server.url(path)).call().unwrap();
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap();
    assert_eq!(status, 200, "GET {path}: {body}");
}

#[test]
fn the_api_and_an_entity_page_under_load_answer_only_200_or_503() {
    let _one_at_a_time = LOAD.lock().unwrap_or_else(PoisonError::into_inner);
    let env = example();
    require_hey(&env);
    let server = Server::start(&env, &["--workers", "2"]);
    let page = format!("/page?iri={}", encode(OSCE));
    answers_200(&server, TIMELINE);
    answers_200(&server, &page);

    let mut section =
        "serve --workers 2: GETs of a saved query through the API, then of an entity page\n"
            .to_owned();
    let mut loads = Vec::new();
    for (what, path) in [
        ("(a) the saved query `timeline` through the API", TIMELINE),
        ("(b) an entity page", page.as_str()),
    ] {
        let sampler = Sampler::start(server.pid());
        let load = hey(what, &server.url(path), REQUESTS, CONCURRENCY, &[], &env);
        let memory = sampler.finish();
        section.push_str(&load.summary());
        section.push_str(&memory.summary());
        loads.push(load);
    }
    report("serve --workers 2", &section);

    for load in &loads {
        load.assert_200_or_503();
        assert!(
            load.statuses.get(&200).is_some_and(|&n| n > 0),
            "{}: no request got 200\n{}",
            load.url,
            load.output
        );
    }
    // The server is still well, and its log shows no worker broke down.
    answers_200(&server, "/healthz");
    answers_200(&server, TIMELINE);
    let (status, log) = server.stop();
    assert!(status.success(), "{status}\n{log}");
}

#[test]
fn healthz_answers_200_under_load_while_a_runaway_query_runs() {
    let _one_at_a_time = LOAD.lock().unwrap_or_else(PoisonError::into_inner);
    let env = example();
    require_hey(&env);
    let server = Server::start(&env, &["--workers", "2", "--timeout", "2"]);
    answers_200(&server, TIMELINE);

    // The runaway query, asked again each time it is stopped, until the
    // loads are over: one worker is always busy with it.
    let stop = Arc::new(AtomicBool::new(false));
    let runaway_url = server.url(&format!("/sparql?query={}", encode(RUNAWAY)));
    let stopped = stop.clone();
    let runaway = thread::spawn(move || {
        let mut answers = Vec::new();
        while !stopped.load(Ordering::Relaxed) {
            let start = Instant::now();
            let mut response = http().get(&runaway_url).call().unwrap();
            let status = response.status().as_u16();
            let body = response.body_mut().read_to_string().unwrap();
            answers.push((start, Instant::now(), status, body));
        }
        answers
    });
    // The loads start once it runs in a worker.
    let mut running = false;
    for _ in 0..20 {
        if a_worker_is_busy(server.pid(), Duration::from_millis(500), 15) {
            running = true;
            break;
        }
    }
    assert!(running, "the runaway query never ran in a worker");

    let sampler = Sampler::start(server.pid());
    let started = Instant::now();
    let api_url = server.url(TIMELINE);
    let api_env = Env::new();
    let api = thread::spawn(move || {
        hey(
            "the saved query `timeline` through the API, at the same time",
            &api_url,
            REQUESTS,
            CONCURRENCY / 2,
            &[],
            &api_env,
        )
    });
    let health = hey(
        "/healthz while the runaway query runs",
        &server.url("/healthz"),
        REQUESTS * 5,
        CONCURRENCY,
        // 50 a second from each of the 16: some 2.5 s of load, past the
        // time limit of the runaway query running when it begins.
        &["-q", "50"],
        &env,
    );
    let api = api.join().unwrap();
    let ended = Instant::now();
    let memory = sampler.finish();
    stop.store(true, Ordering::Relaxed);
    let answers = runaway.join().unwrap();

    let mut section = format!(
        "serve --workers 2 --timeout 2: /healthz ({} requests) and the API under load \
         while `{RUNAWAY}` runs again and again ({} runs, each stopped by the time limit)\n",
        REQUESTS * 5,
        answers.len()
    );
    section.push_str(&health.summary());
    section.push_str(&api.summary());
    section.push_str(&memory.summary());
    report("serve --timeout 2, a runaway query", &section);

    assert!(
        health.errors == 0 && health.statuses.keys().eq([&200]),
        "/healthz did not always answer 200 while a runaway query ran\n{}",
        health.output
    );
    assert_eq!(health.responses(), u64::from(REQUESTS * 5));
    api.assert_200_or_503();
    for (_, _, status, body) in &answers {
        assert_eq!(*status, 503, "the runaway query: {body}");
        assert!(body.contains("query-timeout"), "the runaway query: {body}");
    }
    // The runaway query was running while the loads ran.
    assert!(
        answers
            .iter()
            .any(|(start, end, ..)| *start < ended && *end > started),
        "no runaway query overlapped the loads"
    );
    answers_200(&server, TIMELINE);
}
