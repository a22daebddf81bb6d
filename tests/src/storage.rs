//! redb storage backends for crash tests, in redb's own manner: a data
//! file kept in memory whose *synced* image is kept apart from the writes
//! not yet synced. [`LossyBackend::synced_image`] is what a power cut (or
//! a kernel crash: a SIGKILL keeps the page cache) would leave at that
//! instant. A switch makes every later write and sync fail, as a full or
//! failing disk would.

use std::io;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct Image {
    /// The file as the process sees it (synced and unsynced writes).
    current: Vec<u8>,
    /// The file as it is on the disk: what was there at the last sync.
    synced: Vec<u8>,
    /// Byte ranges of `current` written since the last sync.
    dirty: Vec<(usize, usize)>,
}

/// The shared half of a [`LossyBackend`]: the test keeps it to read the
/// synced image and to make the disk fail.
#[derive(Default)]
pub struct Disk {
    image: Mutex<Image>,
    failing: AtomicBool,
    syncs: AtomicU64,
    /// While true, a sync waits (the committer stands in the middle of a
    /// commit, as on a slow disk).
    held: Mutex<bool>,
    released: std::sync::Condvar,
    /// Syncs waiting at the gate now.
    waiting: AtomicU64,
}

impl Disk {
    /// What survives a crash now: the bytes of the last sync.
    pub fn synced_image(&self) -> Vec<u8> {
        lock(&self.image).synced.clone()
    }

    /// Completed syncs so far.
    pub fn syncs(&self) -> u64 {
        self.syncs.load(Ordering::Acquire)
    }

    /// From now on every write, resize and sync fails (`true`), or works
    /// again (`false`).
    pub fn set_failing(&self, failing: bool) {
        self.failing.store(failing, Ordering::Release);
    }

    /// From now on every sync waits until [`Disk::release_syncs`].
    pub fn hold_syncs(&self) {
        *self.held.lock().unwrap_or_else(|p| p.into_inner()) = true;
    }

    /// Lets the waiting syncs (and later ones) go.
    pub fn release_syncs(&self) {
        *self.held.lock().unwrap_or_else(|p| p.into_inner()) = false;
        self.released.notify_all();
    }

    /// How many syncs wait at the gate now.
    pub fn syncs_waiting(&self) -> u64 {
        self.waiting.load(Ordering::Acquire)
    }

    fn gate(&self) {
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        if *held {
            self.waiting.fetch_add(1, Ordering::AcqRel);
            while *held {
                held = self.released.wait(held).unwrap_or_else(|p| p.into_inner());
            }
            self.waiting.fetch_sub(1, Ordering::AcqRel);
        }
    }

    fn check(&self) -> io::Result<()> {
        if self.failing.load(Ordering::Acquire) {
            Err(io::Error::other("the test's disk fails on purpose"))
        } else {
            Ok(())
        }
    }
}

fn lock(m: &Mutex<Image>) -> std::sync::MutexGuard<'_, Image> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A redb backend over a [`Disk`]: reads see every write; only synced
/// bytes survive ([`Disk::synced_image`]).
#[derive(Clone)]
pub struct LossyBackend {
    disk: Arc<Disk>,
}

impl std::fmt::Debug for LossyBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LossyBackend")
            .field("len", &lock(&self.disk.image).current.len())
            .finish()
    }
}

impl LossyBackend {
    /// An empty file; the returned [`Disk`] watches it.
    pub fn new() -> (LossyBackend, Arc<Disk>) {
        Self::from_image(Vec::new())
    }

    /// A file holding `bytes`, all synced (a file reopened after a crash).
    pub fn from_image(bytes: Vec<u8>) -> (LossyBackend, Arc<Disk>) {
        let disk = Arc::new(Disk::default());
        {
            let mut image = lock(&disk.image);
            image.synced = bytes.clone();
            image.current = bytes;
        }
        (LossyBackend { disk: disk.clone() }, disk)
    }
}

fn range(offset: u64, len: usize, file_len: usize) -> io::Result<(usize, usize)> {
    let start = usize::try_from(offset).map_err(io::Error::other)?;
    let end = start
        .checked_add(len)
        .filter(|&e| e <= file_len)
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{start}+{len} is past the end of the file ({file_len})"),
            )
        })?;
    Ok((start, end))
}

impl redb::StorageBackend for LossyBackend {
    fn len(&self) -> io::Result<u64> {
        Ok(lock(&self.disk.image).current.len() as u64)
    }

    fn read(&self, offset: u64, out: &mut [u8]) -> io::Result<()> {
        let image = lock(&self.disk.image);
        let (start, end) = range(offset, out.len(), image.current.len())?;
        out.copy_from_slice(&image.current[start..end]);
        Ok(())
    }

    fn set_len(&self, len: u64) -> io::Result<()> {
        self.disk.check()?;
        let len = usize::try_from(len).map_err(io::Error::other)?;
        let mut image = lock(&self.disk.image);
        let old = image.current.len();
        image.current.resize(len, 0);
        if len > old {
            image.dirty.push((old, len));
        }
        Ok(())
    }

    fn sync_data(&self) -> io::Result<()> {
        self.disk.gate();
        self.disk.check()?;
        let mut image = lock(&self.disk.image);
        let Image {
            current,
            synced,
            dirty,
        } = &mut *image;
        synced.resize(current.len(), 0);
        for (start, end) in dirty.drain(..) {
            let end = end.min(current.len());
            if start < end {
                synced[start..end].copy_from_slice(&current[start..end]);
            }
        }
        self.disk.syncs.fetch_add(1, Ordering::AcqRel);
        Ok(())
    }

    fn write(&self, offset: u64, data: &[u8]) -> io::Result<()> {
        self.disk.check()?;
        let mut image = lock(&self.disk.image);
        let (start, end) = range(offset, data.len(), image.current.len())?;
        image.current[start..end].copy_from_slice(data);
        image.dirty.push((start, end));
        Ok(())
    }
}
