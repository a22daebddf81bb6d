//! Writes that have been submitted to the committer but are not yet durable.
//!
//! A group's next call runs while the previous call's commit is in flight,
//! so reads must see submitted writes. Each submitted batch gets a ticket;
//! its entries stay here until the committer reports that batch done, and
//! an entry is removed only if no later batch has overwritten it.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use super::{KeyMap, RowKey, RowRecord, StateKey, Write};

#[derive(Default)]
pub(super) struct Pending {
    next_ticket: AtomicU64,
    /// Batches added and not yet released.
    in_flight: AtomicU64,
    inner: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    /// Newest pending value of each state key, with the ticket that wrote it.
    state: KeyMap<StateKey, (u64, Option<String>)>,
    /// Newest pending version of each log row (`None`: removed), with the
    /// ticket that wrote it.
    rows: BTreeMap<RowKey, (u64, Option<RowRecord>)>,
}

impl Pending {
    fn lock(&self) -> MutexGuard<'_, Entries> {
        // A panic while holding this lock cannot leave it half-updated (every
        // update is a single insert or remove), so a poisoned lock is usable.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether every batch added has been released: nothing read now can
    /// come from a write that is not yet durable.
    pub(super) fn settled(&self) -> bool {
        self.in_flight.load(Ordering::Acquire) == 0
    }

    /// Records a batch's writes; returns its ticket.
    pub(super) fn add(&self, writes: &[Write]) -> u64 {
        let ticket = self.next_ticket.fetch_add(1, Ordering::Relaxed);
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        let mut e = self.lock();
        for w in writes {
            match w {
                Write::State(k, v) => {
                    e.state.insert(k.clone(), (ticket, v.clone()));
                }
                Write::Row(k, r) => {
                    e.rows.insert(k.clone(), (ticket, Some(r.clone())));
                }
                Write::RowDeleted(k) => {
                    e.rows.insert(k.clone(), (ticket, None));
                }
                Write::Participant(_)
                | Write::Session(_)
                | Write::ClientAcks { .. }
                | Write::GroupMatrix { .. }
                | Write::Message { .. } => {}
            }
        }
        ticket
    }

    /// Forgets a batch once the file has it (or it failed for good).
    pub(super) fn release(&self, ticket: u64, writes: &[Write]) {
        self.in_flight.fetch_sub(1, Ordering::AcqRel);
        let mut e = self.lock();
        for w in writes {
            match w {
                Write::State(k, _) => {
                    if e.state.get(k).is_some_and(|(t, _)| *t == ticket) {
                        e.state.remove(k);
                    }
                }
                Write::Row(k, _) | Write::RowDeleted(k) => {
                    if e.rows.get(k).is_some_and(|(t, _)| *t == ticket) {
                        e.rows.remove(k);
                    }
                }
                Write::Participant(_)
                | Write::Session(_)
                | Write::ClientAcks { .. }
                | Write::GroupMatrix { .. }
                | Write::Message { .. } => {}
            }
        }
    }

    /// The pending value of a key: `Some(None)` is a pending delete.
    pub(super) fn state(&self, key: &StateKey) -> Option<Option<String>> {
        self.lock().state.get(key).map(|(_, v)| v.clone())
    }

    /// A pending row: `Some(None)` is a pending removal.
    pub(super) fn row(&self, key: &RowKey) -> Option<Option<RowRecord>> {
        self.lock().rows.get(key).map(|(_, r)| r.clone())
    }

    /// The pending version of row `id` of `session`, whatever its table
    /// and group, with its key: `(key, None)` is a pending removal.
    pub(super) fn row_by_id(
        &self,
        session: &Arc<str>,
        id: u64,
    ) -> Option<(RowKey, Option<RowRecord>)> {
        self.lock()
            .rows
            .iter()
            .find(|(k, _)| k.id == id && k.session == *session)
            .map(|(k, (_, r))| (k.clone(), r.clone()))
    }

    /// The keys of a session's pending rows (not those being removed).
    pub(super) fn session_row_keys(&self, session: &Arc<str>) -> Vec<RowKey> {
        self.lock()
            .rows
            .iter()
            .filter(|(k, (_, r))| k.session == *session && r.is_some())
            .map(|(k, _)| k.clone())
            .collect()
    }
}
