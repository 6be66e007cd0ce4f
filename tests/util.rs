//! Helpers shared by the end-to-end tests: a temporary store per test, the
//! binary run with it, and paths into the repository.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository's root folder.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The test data kept in the repository: the W3C suites in `w3c/` and the
/// real-world data in `realdata/` (gzipped, loaded as it is).
pub fn test_data() -> PathBuf {
    repo().join("tests")
}

/// The binary, with no store chosen by the environment.
pub fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_actorgraph"));
    command.env_remove("ACTORGRAPH_STORE");
    command
}

/// A temporary folder with a store in it.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// The store folder (created by the first command that opens it).
    pub fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    /// A file in the temporary folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file in the temporary folder and returns its path.
    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, content).unwrap();
        path
    }

    /// The binary with `--store` set to this store.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut command = bin();
        command
            .args(args)
            .arg("--store")
            .arg(self.store())
            .current_dir(self.dir.path());
        command
    }

    /// Runs the binary in the temporary folder, for a command that opens
    /// no store.
    pub fn run_storeless(&self, args: &[&str]) -> Run {
        Run::from(
            bin()
                .args(args)
                .current_dir(self.dir.path())
                .output()
                .unwrap(),
        )
    }

    /// Runs the binary on this store.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.cmd(args).stdin(Stdio::null()).output().unwrap())
    }

    /// Runs the binary on this store with `input` on standard input.
    pub fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        run_with_stdin(self.cmd(args), input)
    }

    /// `stats --format json` and `sources --format json`, minus load times:
    /// everything a user can see of the store's content.
    pub fn snapshot(&self) -> (serde_json::Value, serde_json::Value) {
        let stats = self.run(&["stats", "--format", "json"]).success().json();
        let sources = self.run(&["sources", "--format", "json"]).success().json();
        (stats, sources)
    }
}

/// Runs `command` with `input` on its standard input.
pub fn run_with_stdin(mut command: Command, input: &[u8]) -> Run {
    use std::io::Write;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    Run::from(child.wait_with_output().unwrap())
}

/// The outcome of one run of the binary.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Self {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Asserts exit code 0.
    #[track_caller]
    pub fn success(self) -> Self {
        assert_eq!(
            self.code,
            Some(0),
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts exit code 1 (a failure, not a crash or a usage error).
    #[track_caller]
    pub fn failure(self) -> Self {
        assert_eq!(
            self.code,
            Some(1),
            "expected exit 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts exit code 2: an error, from a command whose exit code 1 is
    /// an answer (`validate`: does not conform; `diff`: different).
    #[track_caller]
    pub fn error(self) -> Self {
        assert_eq!(
            self.code,
            Some(2),
            "expected exit 2\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts standard error contains `text`.
    #[track_caller]
    pub fn stderr_has(self, text: &str) -> Self {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts standard output contains `text`.
    #[track_caller]
    pub fn stdout_has(self, text: &str) -> Self {
        assert!(
            self.stdout.contains(text),
            "stdout lacks {text:?}:\n{}",
            self.stdout
        );
        self
    }

    /// Standard output parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

/// A TSV answer (as `query --format tsv` prints it): its column names,
/// without `?`, and its rows of cells as written.
pub fn tsv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = text.lines();
    let columns = lines
        .next()
        .unwrap_or_default()
        .split('\t')
        .map(|c| c.trim_start_matches('?').to_owned())
        .collect();
    let rows = lines
        .map(|line| line.split('\t').map(str::to_owned).collect())
        .collect();
    (columns, rows)
}

/// Writes `n` triples about events in our vocabulary: a big, valid input.
pub fn big_turtle(path: &Path, events: usize) {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(
        out,
        "@prefix schema: <http://schema.org/> .\n@prefix ex: <https://example.org/> ."
    )
    .unwrap();
    for i in 0..events {
        writeln!(
            out,
            "ex:event{i} a schema:Event ; schema:name \"Event number {i}\"@en ; schema:startDate \"2015-10-{:02}\" ; schema:location ex:place{} ; schema:organizer [ a schema:Person ; schema:name \"Organizer {i}\" ] .",
            i % 28 + 1,
            i % 100
        )
        .unwrap();
    }
}

/// An `actorgraph serve` on this machine, on a free port, stopped (SIGTERM)
/// when dropped.
pub struct Server {
    child: std::process::Child,
    /// `http://127.0.0.1:PORT`, without a slash at the end.
    pub base: String,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    /// Starts `actorgraph serve --port 0` on `env`'s store with `args`,
    /// and waits until it listens.
    pub fn start(env: &Env, args: &[&str]) -> Self {
        use std::io::{BufRead, BufReader, Read};
        let mut child = env
            .cmd(&["serve", "--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let mut pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buffer = [0; 4096];
            while let Ok(n @ 1..) = pipe.read(&mut buffer) {
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let Some(url) = line.split_whitespace().nth(1) else {
            let _ = child.wait();
            panic!("serve did not start: {line:?}\n{}", stderr.lock().unwrap());
        };
        Self {
            base: url.trim_end_matches("/sparql").to_owned(),
            child,
            stderr,
        }
    }

    /// A URL on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What the server has logged so far.
    pub fn log(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Sends a signal (`-TERM`, `-HUP`…) to the server.
    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .arg(signal)
            .arg(self.child.id().to_string())
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Stops the server with SIGTERM and returns its exit status and log.
    pub fn stop(mut self) -> (std::process::ExitStatus, String) {
        self.signal("-TERM");
        let status = self.child.wait().unwrap();
        (status, self.log())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(self.child.id().to_string())
                .status();
            let _ = self.child.wait();
        }
    }
}

/// An HTTP client that returns 4xx and 5xx answers instead of failing.
pub fn http() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(120)))
        .build()
        .into()
}

/// A GET on the server with an `Accept` header: status, content type, body.
pub fn get(server: &Server, path: &str, accept: &str) -> (u16, String, String) {
    let mut response = http()
        .get(server.url(path))
        .header("Accept", accept)
        .call()
        .unwrap();
    answer(&mut response)
}

/// A response's status, content type and body.
pub fn answer(response: &mut ureq::http::Response<ureq::Body>) -> (u16, String, String) {
    let status = response.status().as_u16();
    let media = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.body_mut().read_to_string().unwrap();
    (status, media, body)
}

/// The processes whose parent, or an ancestor, is `pid`, with the CPU
/// time each has used so far (user and system, in clock ticks).
pub fn descendants(pid: u32) -> Vec<(u32, u64)> {
    let mut processes: Vec<(u32, u32, u64)> = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(process) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{process}/stat")) else {
            continue;
        };
        // Fields after the command's closing parenthesis: state, ppid, …,
        // utime (the 12th), stime.
        let Some((_, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let number = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok());
        if let (Some(ppid), Some(utime), Some(stime)) = (number(1), number(11), number(12)) {
            processes.push((process, u32::try_from(ppid).unwrap(), utime + stime));
        }
    }
    let mut found = vec![(pid, 0)];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i].0;
        found.extend(
            processes
                .iter()
                .filter(|(_, p, _)| *p == parent)
                .map(|&(c, _, ticks)| (c, ticks)),
        );
        i += 1;
    }
    found.remove(0);
    found
}

/// Whether a process below `pid` (a query worker) used more than
/// `min_ticks` clock ticks of CPU during `window`: an idle one uses none.
pub fn a_worker_is_busy(pid: u32, window: std::time::Duration, min_ticks: u64) -> bool {
    let before = descendants(pid);
    std::thread::sleep(window);
    descendants(pid).iter().any(|(worker, ticks)| {
        before
            .iter()
            .find(|(w, _)| w == worker)
            .is_some_and(|(_, earlier)| ticks - earlier > min_ticks)
    })
}

/// The Python of the virtual environment `tests/setup` makes (with the
/// test tools of `tests/requirements.txt`), talking straight to local
/// servers whatever proxy the environment names.
pub fn venv_python() -> Command {
    let mut command = Command::new(repo().join(".venv/bin/python"));
    for proxy in ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"] {
        command.env_remove(proxy);
    }
    command
}
