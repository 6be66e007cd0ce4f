//! Third-party RDF engines on this machine, for the end-to-end tests of
//! `actorgraph push` (SPARQL 1.1 Graph Store Protocol) and `actorgraph query
//! --endpoint`: each started on 127.0.0.1, on free ports, in a temporary
//! folder of its own, within bounded time, and stopped (SIGTERM, then SIGKILL)
//! and its folder removed when dropped.
//!
//! What the engines do, found by running them (Virtuoso 07.20.3229 of Debian
//! bookworm, Oxigraph 0.5.13 from PyPI), is written above the code that
//! relies on it: `Virtuoso` for Virtuoso, `OxigraphServer` for Oxigraph,
//! `tdb2_load` for Jena TDB2.

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use crate::util::{repo, venv_python};

/// A free TCP port on the loopback interface: bound, then released.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// An HTTP client for the engines on this machine: it returns 4xx and 5xx
/// answers, goes to them straight whatever proxy the environment names, and
/// gives up on a request after `timeout`.
fn local_http(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(timeout))
        .build()
        .into()
}

/// A password made fresh for each engine, of letters and digits only (so
/// that it is also a Virtuoso SQL identifier).
fn fresh_password() -> String {
    use std::hash::BuildHasher;
    let random = std::collections::hash_map::RandomState::new();
    format!("Ag{:016x}", random.hash_one(std::process::id()))
}

/// The number in the first binding of `query`'s answer (`SELECT (COUNT(*) AS
/// ?n) …`), asked by GET on `endpoint`.
pub fn select_count(endpoint: &str, query: &str) -> u64 {
    let mut response = local_http(Duration::from_secs(120))
        .get(endpoint)
        .query("query", query)
        .header("Accept", "application/sparql-results+json")
        .call()
        .unwrap();
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap();
    assert_eq!(status, 200, "{query}\non {endpoint}:\n{body}");
    let json: serde_json::Value = serde_json::from_str(&body)
        .unwrap_or_else(|e| panic!("not JSON ({e}) from {endpoint}:\n{body}"));
    json["results"]["bindings"][0]["n"]["value"]
        .as_str()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in the answer of {endpoint}:\n{body}"))
}

/// The triples in the named graph `graph`, by SPARQL on `endpoint`.
fn count_graph(endpoint: &str, graph: &str) -> u64 {
    select_count(
        endpoint,
        &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"),
    )
}

/// A server process, its standard output and error written to a file; it is
/// stopped when dropped: SIGTERM, then SIGKILL if it still runs 10 s later.
struct Process {
    child: Child,
    name: &'static str,
    log: PathBuf,
}

impl Process {
    fn spawn(name: &'static str, mut command: Command, log: PathBuf) -> Self {
        let file = std::fs::File::create(&log).unwrap();
        let child = command
            .stdin(Stdio::null())
            .stdout(file.try_clone().unwrap())
            .stderr(file)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        Self { child, name, log }
    }

    /// What the process has written so far.
    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Polls `ready` until it holds; panics, with the log, when the process
    /// ends or `limit` passes first.
    fn wait_until(&mut self, limit: Duration, mut ready: impl FnMut() -> bool) {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!(
                    "{} ended ({status}) before it was ready:\n{}",
                    self.name,
                    self.log()
                );
            }
            if ready() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{} was not ready within {limit:?}:\n{}",
                self.name,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(self.child.id().to_string())
                .status();
            let deadline = Instant::now() + Duration::from_secs(10);
            while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Runs `command` to its end and returns what it wrote; it is killed, and
/// this panics (naming the program only), when it takes longer than `limit`.
fn run_within(command: &mut Command, limit: Duration) -> Output {
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    let read_all = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = read_all(Box::new(child.stdout.take().unwrap()));
    let stderr = read_all(Box::new(child.stderr.take().unwrap()));
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{program} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

const VIRTUOSO: &str = "/usr/bin/virtuoso-t";
const ISQL: &str = "/usr/bin/isql-vt";

/// Virtuoso's configuration (`tests/virtuoso.ini`, which the push benchmark
/// reads too): its database files in `{dir}`, SQL (isql) on
/// 127.0.0.1:{sql_port}, HTTP on 127.0.0.1:{http_port}, 10000 buffers (80 MB),
/// `{dir}` allowed to the bulk loader. No `VADInstallDir`, so that a new
/// database does not install the Conductor (which takes 6 s more): the
/// server is up in about 3 s. /sparql and /sparql-graph-crud-auth are built
/// in, with no VAD package.
const VIRTUOSO_INI: &str = include_str!("virtuoso.ini");

/// Debian's Virtuoso Open Source (package virtuoso-opensource: /usr/bin/
/// virtuoso-t, /usr/bin/isql-vt), run as it is installed, with its own
/// virtuoso.ini in a temporary folder. Debian's package may also run a
/// system instance (1111, 8890): this one is separate from it.
///
/// Found by running it:
///
/// - Users. A new database has `dba` with the password `dba`: `start`
///   changes it with `SET PASSWORD dba <new>` (the new one an identifier;
///   `DB.DBA.USER_SET_PASSWORD` does not exist in 7.2) followed by
///   `checkpoint` (without it, a restart after a kill brings `dba` back).
///   Writes by the Graph Store Protocol need a user with the role
///   SPARQL_UPDATE, and nothing else: `DB.DBA.USER_CREATE('actorgraph',
///   '<password>'); GRANT SPARQL_UPDATE TO "actorgraph";`. `dba` can write
///   too; a user without the role gets 403 ("SR186: SECURITY …").
/// - /sparql-graph-crud-auth, the Graph Store Protocol with HTTP Digest
///   authentication. Every request without credentials (even a GET) gets 401
///   with `Connection: close`, an empty body and `WWW-Authenticate: Digest
///   realm="SPARQL", domain="/sparql-graph-crud-auth", nonce="<32 hex>",
///   opaque="<32 hex>", stale="false", qop="auth", algorithm="MD5"`, the
///   opaque the same for every challenge. Basic authentication is not
///   accepted (401). The answer to a challenge is RFC 2617's: HA1 =
///   MD5(user:realm:password), HA2 = MD5(method:uri) with uri the request
///   target as sent (path and query), response = MD5(HA1:nonce:nc:cnonce:
///   auth:HA2), sent as `Authorization: Digest username="…", realm="SPARQL",
///   nonce="…", uri="…", qop=auth, nc=00000001, cnonce="…", response="…",
///   opaque="…", algorithm=MD5`. A nonce can be used again for later
///   requests (with any nc); a wrong password gets 401 with a new challenge.
/// - The graph is named by `?graph-uri=` or by the standard `?graph=`.
///   PUT answers 201 Created for a new graph, 200 OK when it replaces one;
///   POST adds to a graph (200); DELETE answers 200, and 404 for a graph
///   that has no triples; GET answers 404 for such a graph. GET serves
///   text/turtle (also for */*), application/n-triples,
///   application/rdf+xml, application/ld+json, text/plain; HEAD gets 501.
/// - Request bodies: the data is sniffed whatever its Content-Type:
///   text/turtle and application/n-triples are read, an unknown type with
///   N-Triples in it too (201); data that does not parse gets 500 with an
///   HTML page ("… the submitted resource is of unsupported type
///   text/plain"), the graph unchanged; application/n-quads gets 500.
///   A chunked body (`Transfer-Encoding: chunked`) is silently dropped:
///   201 Created and no triple stored. Send a Content-Length.
/// - /sparql (anonymous, read only: an update there gets 500 "SR186:
///   SECURITY: No permission to execute procedure
///   DB.DBA.SPARQL_INSERT_DICT_CONTENT"). The default graph is the union of
///   all graphs, Virtuoso's own included (about 2650 triples in a new
///   database: virtrdf#, owl, ldp#, http://localuriqaserver/sparql).
///   `default-graph-uri` and `named-graph-uri` are honoured as GET
///   parameters and as POST form fields (application/x-www-form-urlencoded);
///   several `default-graph-uri` make their merge; `default-graph-uri` is
///   added to a FROM of the query rather than replacing it (FROM g1 with
///   default-graph-uri=d1 counts g1 and d1). POST with the query as body
///   (`Content-Type: application/sparql-query`) hangs with no answer
///   (openlink/virtuoso-opensource#842): use GET or a form. SELECT answers
///   application/sparql-results+json, …+xml (for */* and no Accept),
///   text/csv, text/tab-separated-values; CONSTRUCT answers
///   application/n-triples, text/turtle (for */*), application/rdf+xml,
///   and text/html for application/n-quads. A syntax error gets 400,
///   text/plain "Virtuoso 37000 Error SP030: SPARQL compiler …".
/// - Time limits. `[SPARQL] MaxQueryExecutionTime` (s) ends a query with 500
///   "SPARQL Request Failed", text/plain "Virtuoso S1T00 Error SR171:
///   Transaction timed out". A `timeout=<ms>` parameter instead makes an
///   "anytime" query: 200 with what was found so far (maybe nothing) and
///   the headers `X-SQL-State: S1TAT` and `X-SQL-Message: RC...: Returning
///   incomplete results, query interrupted by result timeout.`
/// - isql-vt: `isql-vt 127.0.0.1:PORT USER PASSWORD VERBOSE=OFF BANNER=OFF
///   PROMPT=OFF ECHO=OFF exec="SQL; SQL;"` prints the result rows only; it
///   exits 0 after a failed statement (and goes on with the next), writing
///   `*** Error …` and the statement to standard error; a bad login exits 3.
pub struct Virtuoso {
    /// `http://127.0.0.1:PORT/sparql`: SPARQL queries, anonymous.
    pub sparql: String,
    /// `http://127.0.0.1:PORT/sparql-graph-crud-auth`: the Graph Store
    /// Protocol, with HTTP Digest authentication as `user`.
    pub graph_store: String,
    /// A user with the role SPARQL_UPDATE.
    pub user: String,
    pub password: String,
    isql_port: u16,
    dba_password: String,
    loads: AtomicU32,
    // Dropped in this order: the server stops before its folder goes.
    process: Process,
    dir: tempfile::TempDir,
}

impl Virtuoso {
    /// Starts Virtuoso on free loopback ports in a temporary folder, ready
    /// for the Graph Store Protocol as `user`. `None`, after a notice on
    /// standard error, only when Virtuoso is not installed; panics, with
    /// Virtuoso's log, when it is installed but does not start within 60 s.
    #[allow(clippy::print_stderr)] // The notice that a test skips its checks.
    pub fn start() -> Option<Self> {
        if !Path::new(VIRTUOSO).exists() || !Path::new(ISQL).exists() {
            eprintln!(
                "SKIPPED: Virtuoso is not installed ({VIRTUOSO}, {ISQL}), \
                 install with apt-get install virtuoso-opensource"
            );
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().to_str().unwrap();
        assert!(!folder.contains([',', ' ', '\'']), "{folder}");
        let isql_port = free_port();
        let http_port = std::iter::repeat_with(free_port)
            .find(|port| *port != isql_port)
            .unwrap();
        let ini = dir.path().join("virtuoso.ini");
        std::fs::write(
            &ini,
            VIRTUOSO_INI
                .replace("{dir}", folder)
                .replace("{sql_port}", &isql_port.to_string())
                .replace("{http_port}", &http_port.to_string()),
        )
        .unwrap();
        let mut command = Command::new(VIRTUOSO);
        command
            .arg("+foreground")
            .arg("+configfile")
            .arg(&ini)
            .current_dir(dir.path());
        let mut process = Process::spawn("Virtuoso", command, dir.path().join("console.log"));
        let sparql = format!("http://127.0.0.1:{http_port}/sparql");
        let probe = local_http(Duration::from_secs(2));
        process.wait_until(Duration::from_secs(60), || {
            TcpStream::connect(("127.0.0.1", isql_port)).is_ok()
                && probe
                    .get(&sparql)
                    .query("query", "ASK {}")
                    .call()
                    .is_ok_and(|response| response.status() == 200)
        });
        let virtuoso = Self {
            graph_store: format!("http://127.0.0.1:{http_port}/sparql-graph-crud-auth"),
            sparql,
            user: "actorgraph".to_owned(),
            password: fresh_password(),
            isql_port,
            dba_password: fresh_password(),
            loads: AtomicU32::new(0),
            process,
            dir,
        };
        // A new database's `dba` has the password `dba`.
        virtuoso.isql_as(
            "dba",
            &format!(
                "DB.DBA.USER_CREATE('{user}', '{password}'); \
                 GRANT SPARQL_UPDATE TO \"{user}\"; \
                 SET PASSWORD dba {dba_password}; \
                 checkpoint;",
                user = virtuoso.user,
                password = virtuoso.password,
                dba_password = virtuoso.dba_password,
            ),
            Duration::from_secs(60),
        );
        Some(virtuoso)
    }

    /// Runs `sql` (statements each ended by `;`) as `dba` through isql on
    /// this instance and returns what it printed: the result rows. Panics
    /// when a statement fails.
    pub fn isql(&self, sql: &str) -> String {
        self.isql_as(&self.dba_password, sql, Duration::from_secs(600))
    }

    /// Loads an N-Quads file (`.nq`, `.nq.gz`: Virtuoso goes by the name)
    /// with Virtuoso's bulk loader (`ld_dir`, `rdf_loader_run`, `checkpoint`)
    /// and returns how long that took. Its triples without a graph go to
    /// `urn:actorgraph:bulk-load`. The file is linked (or copied) into this
    /// instance's folder first, the only one the loader may read, outside
    /// the time measured. Panics when the loader reports an error.
    pub fn bulk_load(&self, nquads: &Path) -> Duration {
        let folder = self.dir.path().join(format!(
            "load{}",
            self.loads.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir(&folder).unwrap();
        let name = nquads.file_name().unwrap().to_str().unwrap();
        assert!(!name.contains('\''), "{name}");
        let copy = folder.join(name);
        if std::fs::hard_link(nquads, &copy).is_err() {
            std::fs::copy(nquads, &copy).unwrap();
        }
        let started = Instant::now();
        self.isql_as(
            &self.dba_password,
            &format!(
                "ld_dir('{}', '{name}', 'urn:actorgraph:bulk-load'); \
                 rdf_loader_run(); \
                 checkpoint;",
                folder.display()
            ),
            Duration::from_secs(3600),
        );
        let took = started.elapsed();
        let errors = self.isql(
            "SELECT ll_file || ': ' || ll_error FROM DB.DBA.LOAD_LIST \
             WHERE ll_error IS NOT NULL;",
        );
        assert!(
            errors.trim().is_empty(),
            "Virtuoso's bulk loader failed:\n{errors}"
        );
        took
    }

    /// The triples in the named graph `graph`, by SPARQL on `sparql` (so
    /// none of Virtuoso's own graphs unless asked for).
    pub fn count(&self, graph: &str) -> u64 {
        count_graph(&self.sparql, graph)
    }

    /// Runs `sql` through isql as `dba` logged in with `password`, killed
    /// after `limit`. Its errors show no password.
    fn isql_as(&self, password: &str, sql: &str, limit: Duration) -> String {
        let output = run_within(
            Command::new(ISQL)
                .arg(format!("127.0.0.1:{}", self.isql_port))
                .arg("dba")
                .arg(password)
                .args(["VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", "ECHO=OFF"])
                .arg(format!("exec={sql}")),
            limit,
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() || stderr.contains("*** Error") {
            let redact = |text: &str| {
                text.replace(&self.password, "<password>")
                    .replace(&self.dba_password, "<password>")
            };
            panic!(
                "isql failed ({}) on {}:\n{}{}\nVirtuoso's log:\n{}",
                output.status,
                redact(sql),
                redact(&stdout),
                redact(&stderr),
                self.process.log()
            );
        }
        stdout.into_owned()
    }
}

/// Oxigraph's server, the `oxigraph` binary of the PyPI package `oxigraph`
/// (pinned in tests/requirements.txt; the wheel installs it as a native
/// executable, .venv/bin/oxigraph, which `tests/setup` makes), run as
/// `oxigraph serve --location DIR --bind 127.0.0.1:PORT
/// [--union-default-graph]`. It also has `--timeout-s N` (for queries) and
/// `--cors`.
///
/// Found by running it:
///
/// - No authentication at all: an `Authorization` header is ignored.
/// - /store, the Graph Store Protocol: the graph is named by `?graph=IRI`
///   (or `?default` for the default graph). An unknown parameter such as
///   Virtuoso's `?graph-uri=` is ignored, which makes the request one on
///   the whole dataset: a PUT to /store with no `graph` nor `default`
///   replaces every graph. PUT answers 201 for a new graph, 204 when it
///   replaces one; POST adds (204); DELETE answers 204, and 404 (text/plain
///   "The graph <…> does not exists") for a graph that does not exist, as
///   does GET; HEAD answers 200. GET serves text/turtle,
///   application/n-triples, application/rdf+xml, application/n-quads,
///   application/ld+json, and N-Quads for */* or no Accept. A body needs a
///   Content-Type: none gets 400, an unknown one 415; a chunked body is
///   read; data that does not parse gets 400 with the parser's message.
/// - /query: `default-graph-uri` and `named-graph-uri` are honoured as GET
///   parameters, as POST form fields, and in the URL of a POST with
///   `Content-Type: application/sparql-query`; `default-graph-uri`
///   replaces a FROM of the query. `union-default-graph` as a parameter
///   asks for the union for one query. SELECT answers
///   application/sparql-results+json (also for */*), …+xml, text/csv,
///   text/tab-separated-values; CONSTRUCT answers N-Quads for */*. A
///   syntax error gets 400, text/plain.
/// - Default graph: without `--union-default-graph`, the default graph
///   only; with it, all graphs, the default graph and every named one,
///   without removing the duplicates (a triple in two graphs counts twice
///   in `SELECT (COUNT(*) AS ?n) { ?s ?p ?o }`).
/// - /update: `update=` as a form field, or the body with `Content-Type:
///   application/sparql-update`; 204.
/// - `--timeout-s`: the answer has started (200, chunked) when the time is
///   up, and it ends with the text "The SPARQL operation has been
///   cancelled" in place of the rest: the body is not valid JSON.
pub struct OxigraphServer {
    /// `http://127.0.0.1:PORT/query`
    pub query: String,
    /// `http://127.0.0.1:PORT/update`
    pub update: String,
    /// `http://127.0.0.1:PORT/store`
    pub graph_store: String,
    // Kept for their Drop, in this order: the server stops before its
    // folder goes.
    _process: Process,
    _dir: tempfile::TempDir,
}

impl OxigraphServer {
    /// Starts `oxigraph serve` on a free loopback port with a store in a
    /// temporary folder, with `--union-default-graph` if asked; panics, with
    /// its log, when it does not answer within 30 s.
    pub fn start(union_default_graph: bool) -> Self {
        let binary = repo().join(".venv/bin/oxigraph");
        assert!(
            binary.exists(),
            "{} is missing: run tests/setup, which installs Oxigraph's server \
             (the PyPI package oxigraph, in tests/requirements.txt)",
            binary.display()
        );
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let mut command = Command::new(binary);
        command
            .arg("serve")
            .arg("--location")
            .arg(dir.path().join("store"))
            .arg("--bind")
            .arg(format!("127.0.0.1:{port}"));
        if union_default_graph {
            command.arg("--union-default-graph");
        }
        let mut process = Process::spawn("Oxigraph", command, dir.path().join("console.log"));
        let base = format!("http://127.0.0.1:{port}");
        let probe = local_http(Duration::from_secs(2));
        process.wait_until(Duration::from_secs(30), || {
            probe
                .get(format!("{base}/query"))
                .query("query", "ASK {}")
                .call()
                .is_ok_and(|response| response.status() == 200)
        });
        Self {
            query: format!("{base}/query"),
            update: format!("{base}/update"),
            graph_store: format!("{base}/store"),
            _process: process,
            _dir: dir,
        }
    }

    /// The triples in the named graph `graph`, by SPARQL on `query`.
    pub fn count(&self, graph: &str) -> u64 {
        count_graph(&self.query, graph)
    }
}

/// The jars, in /usr/share/java, that Apache Jena's `tdb2.tdbloader` and
/// `tdb2.tdbquery` need: Debian's libapache-jena-java 4.5.0 (which has TDB2,
/// jena-tdb2.jar, and its commands, jena-cmds.jar, but no scripts) and what
/// it depends on. Found by leaving each out in turn; the JSON-LD and logging
/// ones are there so that Jena neither warns nor hides its parse errors.
const JENA_JARS: [&str; 28] = [
    "jena-base",
    "jena-iri",
    "jena-core",
    "jena-arq",
    "jena-dboe-base",
    "jena-dboe-index",
    "jena-dboe-storage",
    "jena-dboe-trans-data",
    "jena-dboe-transaction",
    "jena-tdb2",
    "jena-cmds",
    "commons-lang3",
    "commons-io",
    "commons-codec",
    "commons-csv",
    "commons-compress",
    "dexx.collection",
    "guava",
    "thrift",
    "jsonld-java",
    "jackson-core",
    "jackson-annotations",
    "jackson-databind",
    "httpclient",
    "httpcore",
    "slf4j-api",
    "slf4j-simple",
    "commons-logging",
];

/// Extracts Xerces' message files from Debian's jena-core.jar to where its
/// Xerces classes look for them, under `folder`. Debian's jena-core.jar
/// moved the Xerces classes Jena bundles to `xerces.*` but left their
/// resource files under `org/apache/jena/ext/xerces/`: without the copy,
/// every Jena command fails at start with "ExceptionInInitializerError …
/// RuntimeException: internal error at
/// xerces.impl.dv.xs.XSSimpleTypeDecl.applyFacets1".
fn xerces_resources(jena_core: &Path, folder: &Path) {
    const SCRIPT: &str = "\
import os, sys, zipfile
jar, out = sys.argv[1], sys.argv[2]
prefix = 'org/apache/jena/ext/xerces/'
with zipfile.ZipFile(jar) as z:
    for name in z.namelist():
        if name.startswith(prefix) and name.endswith('.properties'):
            target = os.path.join(out, 'xerces', name[len(prefix):])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, 'wb') as f:
                f.write(z.read(name))
";
    let output = run_within(
        venv_python()
            .arg("-c")
            .arg(SCRIPT)
            .arg(jena_core)
            .arg(folder),
        Duration::from_secs(60),
    );
    assert!(
        output.status.success(),
        "cannot extract Xerces' resources from {}:\n{}",
        jena_core.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Loads `dataset` (any RDF file Jena reads: N-Quads, TriG, …) with Apache
/// Jena TDB2's bulk loader, `java -cp … tdb2.tdbloader --loc DIR/tdb2
/// FILE`, in a new TDB2 database in `dir`, and returns how many quads it
/// then holds (default graph and named graphs), counted with
/// `tdb2.tdbquery`. `None`, after a notice on standard error, when Java or
/// Debian's Jena jars are not installed. (`tdb2.tdbstats` is of no use for
/// counting: it reports 0 for quads in named graphs.)
#[allow(clippy::print_stderr)] // The notice that a test skips its checks.
pub fn tdb2_load(dataset: &Path, dir: &Path) -> Option<u64> {
    let jars: Vec<PathBuf> = JENA_JARS
        .iter()
        .map(|jar| Path::new("/usr/share/java").join(format!("{jar}.jar")))
        .collect();
    let missing: Vec<&PathBuf> = jars.iter().filter(|jar| !jar.exists()).collect();
    let java = Command::new("java").arg("-version").output().is_ok();
    if !missing.is_empty() || !java {
        eprintln!(
            "SKIPPED: Apache Jena TDB2 is not installed (java: {java}, jars missing: \
             {missing:?}), install with apt-get install libapache-jena-java default-jre-headless"
        );
        return None;
    }
    let resources = dir.join("jena-resources");
    xerces_resources(&jars[2], &resources);
    let classpath = std::env::join_paths(std::iter::once(resources).chain(jars)).unwrap();
    let location = dir.join("tdb2");
    let jena = |class: &str| {
        let mut command = Command::new("java");
        command
            .arg("-cp")
            .arg(&classpath)
            .arg(class)
            .arg("--loc")
            .arg(&location);
        command
    };
    let load = run_within(
        jena("tdb2.tdbloader").arg(dataset),
        Duration::from_secs(3600),
    );
    assert!(
        load.status.success(),
        "tdb2.tdbloader failed ({}) on {}:\n{}",
        load.status,
        dataset.display(),
        String::from_utf8_lossy(&load.stderr)
    );
    let count = run_within(
        jena("tdb2.tdbquery")
            .arg("--results=tsv")
            .arg("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"),
        Duration::from_secs(600),
    );
    let stdout = String::from_utf8_lossy(&count.stdout);
    assert!(
        count.status.success(),
        "tdb2.tdbquery failed ({}):\n{stdout}{}",
        count.status,
        String::from_utf8_lossy(&count.stderr)
    );
    // `?n` and then the number.
    Some(
        stdout
            .lines()
            .nth(1)
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no count from tdb2.tdbquery:\n{stdout}")),
    )
}

/// MD5 (RFC 1321) in hexadecimal, for the HTTP Digest authentication of the
/// test below: the tests have no MD5 crate.
fn md5_hex(data: &[u8]) -> String {
    const SHIFTS: [u32; 16] = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
    let constants: Vec<u32> = (1..=64)
        .map(|i| (f64::from(i).sin().abs() * 4_294_967_296.0) as u32)
        .collect();
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&(data.len() as u64).wrapping_mul(8).to_le_bytes());
    let mut state: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
    for block in message.chunks(64) {
        let words: Vec<u32> = block
            .chunks(4)
            .map(|word| u32::from_le_bytes(word.try_into().unwrap()))
            .collect();
        let [mut a, mut b, mut c, mut d] = state;
        for i in 0..64 {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let sum = a
                .wrapping_add(f)
                .wrapping_add(constants[i])
                .wrapping_add(words[g])
                .rotate_left(SHIFTS[i / 16 * 4 + i % 4]);
            (a, d, c) = (d, c, b);
            b = b.wrapping_add(sum);
        }
        for (word, add) in state.iter_mut().zip([a, b, c, d]) {
            *word = word.wrapping_add(add);
        }
    }
    state
        .iter()
        .flat_map(|word| word.to_le_bytes())
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The `Authorization` header that answers the Digest challenge `challenge`
/// (a `WWW-Authenticate` value) for `method` on `url`, with `qop=auth`.
fn digest_authorization(
    challenge: &str,
    method: &str,
    url: &str,
    user: &str,
    password: &str,
) -> String {
    let field = |name: &str| {
        let start = challenge
            .find(&format!("{name}=\""))
            .unwrap_or_else(|| panic!("no {name} in {challenge}"))
            + name.len()
            + 2;
        let end = start + challenge[start..].find('"').unwrap();
        challenge[start..end].to_owned()
    };
    let (realm, nonce, opaque) = (field("realm"), field("nonce"), field("opaque"));
    // The request target: the URL from its path on.
    let after_scheme = url.find("://").unwrap() + 3;
    let uri = &url[after_scheme + url[after_scheme..].find('/').unwrap()..];
    let (nc, cnonce) = ("00000001", "0a4f113b");
    let ha1 = md5_hex(format!("{user}:{realm}:{password}").as_bytes());
    let ha2 = md5_hex(format!("{method}:{uri}").as_bytes());
    let response = md5_hex(format!("{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}").as_bytes());
    format!(
        "Digest username=\"{user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", \
         qop=auth, nc={nc}, cnonce=\"{cnonce}\", response=\"{response}\", \
         opaque=\"{opaque}\", algorithm=MD5"
    )
}

/// Two triples, in N-Triples.
const TWO_TRIPLES: &str = "<https://example.org/s> <https://example.org/p> \"1\" .\n\
                           <https://example.org/s> <https://example.org/p> \"2\" .\n";

/// `graph_store?parameter=graph`: the parameter is `graph` in the standard,
/// `graph-uri` in Virtuoso (which takes `graph` too).
fn graph_url(graph_store: &str, parameter: &str, graph: &str) -> String {
    let graph: String = form_urlencoded::byte_serialize(graph.as_bytes()).collect();
    format!("{graph_store}?{parameter}={graph}")
}

#[test]
fn virtuoso_takes_graphs_by_digest_authenticated_graph_store_protocol_and_bulk_load() {
    assert_eq!(md5_hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
    assert_eq!(
        md5_hex(b"The quick brown fox jumps over the lazy dog"),
        "9e107d9d372bb6826bd81d3542a419d6"
    );
    let Some(virtuoso) = Virtuoso::start() else {
        return;
    };
    let http = local_http(Duration::from_secs(120));
    let graph = "https://example.org/graph/1";
    let url = graph_url(&virtuoso.graph_store, "graph-uri", graph);

    // Without credentials: a Digest challenge.
    let put = || {
        http.put(&url)
            .header("Content-Type", "application/n-triples")
    };
    let response = put().send(TWO_TRIPLES).unwrap();
    assert_eq!(response.status(), 401);
    let challenge = response.headers()["www-authenticate"].to_str().unwrap();
    assert!(
        challenge.starts_with("Digest realm=\"SPARQL\"")
            && challenge.contains("qop=\"auth\"")
            && challenge.contains("algorithm=\"MD5\""),
        "{challenge}"
    );
    let authorization =
        digest_authorization(challenge, "PUT", &url, &virtuoso.user, &virtuoso.password);
    let response = put()
        .header("Authorization", &authorization)
        .send(TWO_TRIPLES)
        .unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(virtuoso.count(graph), 2);

    let response = http.delete(&url).call().unwrap();
    assert_eq!(response.status(), 401);
    let challenge = response.headers()["www-authenticate"].to_str().unwrap();
    let authorization = digest_authorization(
        challenge,
        "DELETE",
        &url,
        &virtuoso.user,
        &virtuoso.password,
    );
    let response = http
        .delete(&url)
        .header("Authorization", &authorization)
        .call()
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(virtuoso.count(graph), 0);

    let dir = tempfile::tempdir().unwrap();
    let quads = dir.path().join("three.nq");
    std::fs::write(
        &quads,
        "<https://example.org/s> <https://example.org/p> \"1\" <https://example.org/graph/a> .\n\
         <https://example.org/s> <https://example.org/p> \"2\" <https://example.org/graph/a> .\n\
         <https://example.org/s> <https://example.org/p> \"3\" <https://example.org/graph/b> .\n",
    )
    .unwrap();
    virtuoso.bulk_load(&quads);
    assert_eq!(virtuoso.count("https://example.org/graph/a"), 2);
    assert_eq!(virtuoso.count("https://example.org/graph/b"), 1);
    assert_eq!(
        virtuoso
            .isql("SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_state = 2;")
            .trim(),
        "1"
    );
}

#[test]
fn oxigraph_server_takes_graphs_by_graph_store_protocol() {
    for union_default_graph in [false, true] {
        let server = OxigraphServer::start(union_default_graph);
        let http = local_http(Duration::from_secs(120));
        let graph = "https://example.org/graph/1";
        let url = graph_url(&server.graph_store, "graph", graph);
        let response = http
            .put(&url)
            .header("Content-Type", "application/n-triples")
            .send(TWO_TRIPLES)
            .unwrap();
        assert_eq!(response.status(), 201);
        assert_eq!(server.count(graph), 2);

        let response = http
            .post(&server.update)
            .header("Content-Type", "application/sparql-update")
            .send("INSERT DATA { <https://example.org/s> <https://example.org/p> \"0\" }")
            .unwrap();
        assert_eq!(response.status(), 204);
        // The default graph: the union of all graphs, or its own triple only.
        assert_eq!(
            select_count(&server.query, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
            if union_default_graph { 3 } else { 1 }
        );

        let response = http.delete(&url).call().unwrap();
        assert_eq!(response.status(), 204);
        assert_eq!(server.count(graph), 0);
    }
}

#[test]
fn jena_tdb2_bulk_loads_and_counts_quads() {
    let dir = tempfile::tempdir().unwrap();
    let quads = dir.path().join("three.nq");
    std::fs::write(
        &quads,
        "<https://example.org/s> <https://example.org/p> \"1\" <https://example.org/graph/a> .\n\
         <https://example.org/s> <https://example.org/p> \"2\" <https://example.org/graph/a> .\n\
         <https://example.org/s> <https://example.org/p> \"3\" .\n",
    )
    .unwrap();
    if let Some(quads) = tdb2_load(&quads, dir.path()) {
        assert_eq!(quads, 3);
    }
}
