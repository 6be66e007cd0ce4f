//! `actorgraph serve` under a bounded load from a real load generator,
//! `hey` (Debian's package `hey`): a saved query through the API and an
//! entity page each answer only 200 or 503, with no connection errors, and
//! `/healthz` answers 200 while a runaway query holds a worker. The p99
//! latency and the peak memory of the server and its workers are reported
//! (stdout and `target/serve-load-report.txt`), not asserted.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use crate::util::{Env, Server, http, repo};

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
    /// Responses by status code.
    statuses: BTreeMap<u16, u64>,
    /// Requests that got no response, by `hey`'s description.
    errors: Vec<String>,
    /// Latency percentiles of the responses, in seconds, by percent.
    percentiles: BTreeMap<u32, f64>,
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
            "{}\n  GET {}\n  responses: {} ({}), errors: {}\n  latency p50 {}, p90 {}, p99 {}\n",
            self.what,
            self.url,
            self.responses(),
            statuses.join(", "),
            self.errors.len(),
            self.p(50),
            self.p(90),
            self.p(99),
        )
    }

    /// Asserts that every request got a response, 200 or 503.
    #[track_caller]
    fn assert_200_or_503(&self, requests: u32) {
        assert!(
            self.errors.is_empty(),
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
            u64::from(requests),
            "{}: not every request was answered\n{}",
            self.url,
            self.output
        );
    }
}

/// Runs `hey` for `requests` GETs of `url`, `concurrency` at a time, and
/// reads its summary.
fn hey(what: &str, url: &str, requests: u32, concurrency: u32, env: &Env) -> Load {
    let out = env.path(&format!("hey-{}.txt", rand_suffix()));
    let mut child = Command::new("hey")
        .args(["-n", &requests.to_string(), "-c", &concurrency.to_string()])
        .args(["-t", REQUEST_TIMEOUT, "-disable-compression", url])
        .stdin(Stdio::null())
        .stdout(File::create(&out).unwrap())
        .stderr(Stdio::piped())
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
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`hey` against {url} ran over {RUN_LIMIT:?}: the server hangs?\n{}",
                std::fs::read_to_string(&out).unwrap_or_default()
            );
        }
        thread::sleep(Duration::from_millis(50));
    };
    let output = std::fs::read_to_string(&out).unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(
        status.success(),
        "`hey` failed: {status}\n{stderr}\n{output}"
    );
    let mut load = parse_hey(&output);
    load.what = what.to_owned();
    load.url = url.to_owned();
    load
}

/// A name no other run in this process takes.
fn rand_suffix() -> u64 {
    use std::sync::atomic::AtomicU64;
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
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
            "Error distribution:" => load.errors.push(line.to_owned()),
            _ => {}
        }
    }
    load
}

/// The peak memory of a server and its descendants (its workers), in kB,
/// as sampled from `/proc/PID/status`.
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
    samples: u64,
}

impl Memory {
    fn summary(&self) -> String {
        let mib = |kb: u64| format!("{:.1} MiB", kb as f64 / 1024.0);
        format!(
            "  peak memory: server VmHWM {}, largest worker VmHWM {}, \
             server + workers VmRSS at once {}, sum of all VmHWM {} \
             ({} worker processes seen, {} samples)\n",
            mib(self.server_hwm),
            mib(self.worker_hwm),
            mib(self.total_rss),
            mib(self.total_hwm),
            self.workers.len(),
            self.samples,
        )
    }
}

/// A `/proc/PID/status` field in kB.
fn status_kb(status: &str, field: &str) -> u64 {
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The processes whose parent, or an ancestor, is `pid`.
fn descendants(pid: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(process) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{process}/stat")) else {
            continue;
        };
        // Fields after the command's closing parenthesis: state, ppid, …
        let Some((_, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        if let Some(ppid) = rest.split_whitespace().nth(1).and_then(|p| p.parse().ok()) {
            parents.push((process, ppid));
        }
    }
    let mut found = vec![pid];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(parents.iter().filter(|(_, p)| *p == parent).map(|(c, _)| c));
        i += 1;
    }
    found.remove(0);
    found
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
            let mut memory = Memory::default();
            let mut worker_peaks = BTreeMap::new();
            loop {
                let last = stopped.load(Ordering::Relaxed);
                let Ok(server) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
                    break;
                };
                memory.server_hwm = memory.server_hwm.max(status_kb(&server, "VmHWM:"));
                let mut rss = status_kb(&server, "VmRSS:");
                for worker in descendants(pid) {
                    let Ok(status) = std::fs::read_to_string(format!("/proc/{worker}/status"))
                    else {
                        continue;
                    };
                    let hwm = status_kb(&status, "VmHWM:");
                    memory.worker_hwm = memory.worker_hwm.max(hwm);
                    let peak = worker_peaks.entry(worker).or_insert(0);
                    *peak = hwm.max(*peak);
                    rss += status_kb(&status, "VmRSS:");
                    memory.workers.insert(worker);
                }
                memory.total_rss = memory.total_rss.max(rss);
                memory.samples += 1;
                if last {
                    break;
                }
                thread::sleep(Duration::from_millis(20));
            }
            memory.total_hwm = memory.server_hwm + worker_peaks.values().sum::<u64>();
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
        "actorgraph serve under load (hey -n {REQUESTS} -c {CONCURRENCY} -t {REQUEST_TIMEOUT}), \
         written by tests/serve_load.rs; debug build, other tests may run at the same time\n\n"
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
        let load = hey(what, &server.url(path), REQUESTS, CONCURRENCY, &env);
        let memory = sampler.finish();
        section.push_str(&load.summary());
        section.push_str(&memory.summary());
        loads.push(load);
    }
    report("serve --workers 2", &section);

    for load in &loads {
        load.assert_200_or_503(REQUESTS);
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
    thread::sleep(Duration::from_millis(300));

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
            &api_env,
        )
    });
    let health = hey(
        "/healthz while the runaway query runs",
        &server.url("/healthz"),
        REQUESTS * 5,
        CONCURRENCY,
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
        health.errors.is_empty() && health.statuses.keys().eq([&200]),
        "/healthz did not always answer 200 while a runaway query ran\n{}",
        health.output
    );
    assert_eq!(health.responses(), u64::from(REQUESTS * 5));
    api.assert_200_or_503(REQUESTS);
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
