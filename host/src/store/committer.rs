//! The group committer: one thread that owns every write transaction of
//! live calls.
//!
//! Calls hand it their writes ([`Job`]). It takes every job that is ready,
//! writes them all in one transaction committed with
//! `Durability::Immediate` (one fsync for many calls), then reports to each
//! job. While one commit is on disk, new jobs queue up and form the next
//! batch, so batches grow with load by themselves.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use redb::Database;

use super::batch::apply;
use super::message_feed::MessageFeed;
use super::pending::Pending;
use super::{Completion, StoreError, Write};

/// How many jobs at most go into one transaction.
const MAX_JOBS_PER_COMMIT: usize = 4096;

pub(super) struct Job {
    pub ticket: u64,
    pub writes: Vec<Write>,
    /// Each write's record, serialised by the submitter.
    pub encoded: Vec<Option<String>>,
    pub done: Completion,
}

/// What the committer has done since the store was opened.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CommitStats {
    /// Write transactions committed.
    pub commits: u64,
    /// Jobs (calls) they carried.
    pub jobs: u64,
    /// Time spent writing and syncing, in microseconds.
    pub busy_us: u64,
}

/// The committer's figures now ([`super::Store::commit_figures`]).
pub struct CommitFigures {
    pub queued: u64,
    pub seconds: Histogram,
    pub batch: Histogram,
}

pub(super) struct Counters {
    commits: AtomicU64,
    jobs: AtomicU64,
    busy_us: AtomicU64,
    /// Jobs handed to the committer and not yet taken into a commit.
    pub(super) queued: AtomicU64,
    /// Each commit's time, writing and syncing (seconds).
    pub(super) seconds: Histogram,
    /// Each commit's jobs.
    pub(super) batch: Histogram,
}

impl Default for Counters {
    fn default() -> Counters {
        Counters {
            commits: AtomicU64::default(),
            jobs: AtomicU64::default(),
            busy_us: AtomicU64::default(),
            queued: AtomicU64::default(),
            // 50 us to about 1.6 s: an fsync on a fast disk to a stalled one.
            seconds: Histogram::new(exponential_buckets(0.000_05, 2.0, 16)),
            // 1 to 4096 jobs: MAX_JOBS_PER_COMMIT.
            batch: Histogram::new(exponential_buckets(1.0, 2.0, 13)),
        }
    }
}

impl Counters {
    pub(super) fn get(&self) -> CommitStats {
        CommitStats {
            commits: self.commits.load(Ordering::Relaxed),
            jobs: self.jobs.load(Ordering::Relaxed),
            busy_us: self.busy_us.load(Ordering::Relaxed),
        }
    }
}

pub(super) struct Committer {
    pub(super) counters: Arc<Counters>,
    tx: Mutex<Option<mpsc::Sender<Job>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Committer {
    pub(super) fn start(
        db: Arc<Database>,
        pending: Arc<Pending>,
        poisoned: Arc<AtomicBool>,
        feed: Arc<MessageFeed>,
    ) -> Result<Committer, StoreError> {
        let (tx, rx) = mpsc::channel::<Job>();
        let counters = Arc::new(Counters::default());
        let c = counters.clone();
        let thread = std::thread::Builder::new()
            .name("livehost-committer".into())
            .spawn(move || run(&db, &pending, &poisoned, &c, &feed, rx))
            .map_err(|e| StoreError::Io(format!("cannot start the committer thread: {e}")))?;
        Ok(Committer {
            counters,
            tx: Mutex::new(Some(tx)),
            thread: Mutex::new(Some(thread)),
        })
    }

    pub(super) fn send(&self, job: Job) {
        let tx = self.tx.lock().unwrap_or_else(|p| p.into_inner()).clone();
        match tx {
            Some(tx) => {
                self.counters.queued.fetch_add(1, Ordering::Relaxed);
                if let Err(mpsc::SendError(job)) = tx.send(job) {
                    self.counters.queued.fetch_sub(1, Ordering::Relaxed);
                    (job.done)(Err(StoreError::Closed));
                }
            }
            None => (job.done)(Err(StoreError::Closed)),
        }
    }

    /// Lets the thread commit what it has, then joins it. Called on the
    /// thread itself (a completion held the last handle of the store), it
    /// only lets go: the thread ends once its queue is empty, and joining
    /// itself would panic.
    pub(super) fn close(&self) {
        self.tx.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(t) = self.thread.lock().unwrap_or_else(|p| p.into_inner()).take()
            && t.thread().id() != std::thread::current().id()
        {
            let _ = t.join();
        }
    }
}

impl Drop for Committer {
    fn drop(&mut self) {
        self.close();
    }
}

fn run(
    db: &Database,
    pending: &Pending,
    poisoned: &AtomicBool,
    counters: &Counters,
    feed: &MessageFeed,
    rx: mpsc::Receiver<Job>,
) {
    while let Ok(first) = rx.recv() {
        let mut jobs = vec![first];
        while jobs.len() < MAX_JOBS_PER_COMMIT {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        counters
            .queued
            .fetch_sub(jobs.len() as u64, Ordering::Relaxed);
        let started = std::time::Instant::now();
        let result = if poisoned.load(Ordering::Acquire) {
            Err(StoreError::Poisoned)
        } else {
            commit(db, &jobs)
        };
        counters.commits.fetch_add(1, Ordering::Relaxed);
        counters
            .jobs
            .fetch_add(jobs.len() as u64, Ordering::Relaxed);
        let took = started.elapsed();
        counters
            .busy_us
            .fetch_add(took.as_micros() as u64, Ordering::Relaxed);
        counters.seconds.observe(took.as_secs_f64());
        counters.batch.observe(jobs.len() as f64);
        if let Err(e) = &result {
            if !matches!(e, StoreError::Poisoned) {
                tracing::error!(error = %e, jobs = jobs.len(), "a commit failed; refusing all further changes until restart");
            }
            poisoned.store(true, Ordering::Release);
        }
        // Asked once per commit: is anybody watching the message log?
        let publish = result.is_ok() && feed.watched();
        for job in jobs {
            pending.release(job.ticket, &job.writes);
            (job.done)(result.clone());
            if publish {
                feed.publish(job.writes);
            }
        }
    }
}

fn commit(db: &Database, jobs: &[Job]) -> Result<(), StoreError> {
    let mut txn = db.begin_write()?;
    txn.set_durability(redb::Durability::Immediate)?;
    let writes: Vec<(&Write, &Option<String>)> = jobs
        .iter()
        .flat_map(|j| j.writes.iter().zip(&j.encoded))
        .collect();
    apply(&txn, &writes)?;
    txn.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use crate::store::Store;

    #[test]
    fn the_last_handle_dropped_by_a_completion_ends_the_committer_quietly() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("data.redb")).unwrap();
        let last = store.clone();
        let (go, wait) = mpsc::channel::<()>();
        let (done, finished) = mpsc::channel::<()>();
        store.submit(
            Vec::new(),
            Box::new(move |r| {
                r.unwrap();
                // Runs on the committer thread: wait until the test has let
                // go of its handle, so that this one is the last.
                wait.recv().unwrap();
                drop(last);
                done.send(()).unwrap();
            }),
        );
        drop(store);
        go.send(()).unwrap();
        finished
            .recv()
            .expect("the completion went on after dropping the store (no panic joining itself)");
    }
}
