//! The query workers: at most so many jobs run at once, each in a worker
//! process ([`crate::worker`]) that is kept for the next job. A request
//! waits a moment for a free worker and is otherwise turned away (503); a
//! job that outlives its time limit, or whose client went away, has its
//! worker killed, which stops the query whatever it was doing.

use std::ffi::OsString;
use std::io;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::{Semaphore, mpsc};
use tokio::time::{Instant, timeout, timeout_at};

use crate::protocol::{Failure, HEADER_LEN, Head, Job, TIMED_OUT, Tag, parse_header};
use crate::served::Checkpoint;

/// How a worker process is started: the program and the arguments that
/// come before the checkpoint's folder.
#[derive(Debug, Clone)]
pub struct WorkerCommand {
    /// The program (the `actorgraph` binary).
    pub program: PathBuf,
    /// Its arguments, before the checkpoint folder.
    pub args: Vec<OsString>,
}

/// A running worker process and the checkpoint it has open.
struct Worker {
    // Killed when dropped.
    _child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    checkpoint: Arc<Checkpoint>,
}

/// What became of a job.
pub(crate) enum Outcome {
    /// The answer begins, with what its head says: its bytes come through
    /// the receiver, and an error there means it was cut off.
    Answer(Head, mpsc::Receiver<Result<Bytes, io::Error>>),
    /// The job failed before any answer was sent.
    Failed(Failure),
}

/// Why a job could not be run.
#[derive(Debug)]
pub(crate) enum PoolError {
    /// Every worker stayed busy while the request waited.
    Busy,
    /// A worker could not be started or broke down.
    Broken(String),
}

/// The workers of one server.
pub(crate) struct Pool {
    command: WorkerCommand,
    permits: Arc<Semaphore>,
    idle: Mutex<Vec<Worker>>,
    current: RwLock<Arc<Checkpoint>>,
    queue_wait: Duration,
}

impl Pool {
    /// A pool running at most `workers` jobs at once on `checkpoint`; a
    /// request waits at most `queue_wait` for a free worker.
    pub(crate) fn new(
        command: WorkerCommand,
        checkpoint: Checkpoint,
        workers: usize,
        queue_wait: Duration,
    ) -> Self {
        Self {
            command,
            permits: Arc::new(Semaphore::new(workers)),
            idle: Mutex::new(Vec::new()),
            current: RwLock::new(Arc::new(checkpoint)),
            queue_wait,
        }
    }

    /// The checkpoint new jobs run on.
    pub(crate) fn checkpoint(&self) -> Arc<Checkpoint> {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Makes new jobs run on `checkpoint`; jobs running finish on theirs.
    pub(crate) fn serve(&self, checkpoint: Checkpoint) {
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(checkpoint);
        // Idle workers hold the old checkpoint: they go.
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// Runs `job`, which must be answered by `deadline`.
    pub(crate) async fn run(
        self: &Arc<Self>,
        job: &Job,
        deadline: Instant,
    ) -> Result<Outcome, PoolError> {
        let permit = timeout(self.queue_wait, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| PoolError::Busy)?
            .map_err(|_| PoolError::Busy)?;
        let mut worker = self.take_worker()?;
        let mut line = serde_json::to_vec(job).map_err(|e| PoolError::Broken(e.to_string()))?;
        line.push(b'\n');
        let sent = async {
            worker.stdin.write_all(&line).await?;
            worker.stdin.flush().await
        };
        sent.await.map_err(|e| broken("sending a job", &e))?;
        let first = match timeout_at(deadline, read_frame(&mut worker.stdout)).await {
            Err(_) => return Ok(Outcome::Failed(timed_out())),
            Ok(frame) => frame.map_err(|e| broken("reading an answer", &e))?,
        };
        match first {
            (Tag::Failed, payload) => {
                let failure: Failure = serde_json::from_slice(&payload)
                    .map_err(|e| PoolError::Broken(format!("a worker's failure: {e}")))?;
                // A query stopped at its time limit may still be computing in
                // the worker (Oxigraph stops it only when it next reads the
                // store): the worker goes, and its process with it.
                if failure.kind != TIMED_OUT {
                    self.give_back(worker);
                }
                Ok(Outcome::Failed(failure))
            }
            (Tag::Head, payload) => {
                let head = serde_json::from_slice(&payload)
                    .map_err(|e| PoolError::Broken(format!("a worker's head: {e}")))?;
                let (sender, receiver) = mpsc::channel(4);
                let pool = Arc::clone(self);
                tokio::spawn(async move {
                    let _permit = permit;
                    match timeout_at(deadline, stream(&mut worker.stdout, &sender)).await {
                        Ok(Ok(())) => pool.give_back(worker),
                        // The worker is dropped, and so killed.
                        Ok(Err(message)) => {
                            let _ = sender.send(Err(io::Error::other(message))).await;
                        }
                        Err(_) => {
                            let message = timed_out().detail;
                            let _ = sender.send(Err(io::Error::other(message))).await;
                        }
                    }
                });
                Ok(Outcome::Answer(head, receiver))
            }
            (tag, _) => Err(PoolError::Broken(format!(
                "a worker began its answer with {tag:?}"
            ))),
        }
    }

    /// An idle worker on the current checkpoint, or a new one.
    fn take_worker(&self) -> Result<Worker, PoolError> {
        let checkpoint = self.checkpoint();
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        while let Some(worker) = idle.pop() {
            if Arc::ptr_eq(&worker.checkpoint, &checkpoint) {
                return Ok(worker);
            }
        }
        drop(idle);
        let mut child = Command::new(&self.command.program)
            .args(&self.command.args)
            .arg(checkpoint.dir())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| broken("starting a query worker", &e))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(PoolError::Broken("a worker without pipes".into()));
        };
        Ok(Worker {
            _child: child,
            stdin,
            stdout: BufReader::new(stdout),
            checkpoint,
        })
    }

    /// Keeps a worker that finished its job cleanly for the next one.
    fn give_back(&self, worker: Worker) {
        if Arc::ptr_eq(&worker.checkpoint, &self.checkpoint()) {
            self.idle
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(worker);
        }
    }
}

/// Passes an answer's pieces on until its end.
async fn stream(
    stdout: &mut BufReader<ChildStdout>,
    sender: &mpsc::Sender<Result<Bytes, io::Error>>,
) -> Result<(), String> {
    loop {
        let (tag, payload) = read_frame(stdout)
            .await
            .map_err(|e| format!("the query worker broke down: {e}"))?;
        match tag {
            Tag::Data => sender
                .send(Ok(Bytes::from(payload)))
                .await
                .map_err(|_| "the client went away".to_owned())?,
            Tag::End => return Ok(()),
            Tag::Broken => return Err(String::from_utf8_lossy(&payload).into_owned()),
            Tag::Head | Tag::Failed => return Err(format!("a worker sent {tag:?} mid-answer")),
        }
    }
}

async fn read_frame(input: &mut BufReader<ChildStdout>) -> io::Result<(Tag, Vec<u8>)> {
    let mut header = [0; HEADER_LEN];
    input.read_exact(&mut header).await?;
    let (tag, length) = parse_header(header)?;
    let mut payload = vec![0; length];
    input.read_exact(&mut payload).await?;
    Ok((tag, payload))
}

fn broken(what: &str, error: &io::Error) -> PoolError {
    PoolError::Broken(format!("{what}: {error}"))
}

/// The failure of a job its worker did not finish in time.
pub(crate) fn timed_out() -> Failure {
    Failure {
        status: 503,
        kind: TIMED_OUT.into(),
        detail: "the query was stopped at its time limit; narrow it (a LIMIT, a more specific pattern), or ask the server's operator for a longer --timeout".into(),
    }
}
