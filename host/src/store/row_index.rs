//! Which log rows belong to which table and group, per session, in memory.
//!
//! Rows are stored by (session, id) so that appends stay sequential on
//! disk; this index answers "the rows of table T of group G" without a scan.
//! A session's index is built on its first query (from the file and the
//! pending writes) and then updated by every submit, before the rows enter
//! the pending overlay, under the same lock as the building.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::{RowKey, StoreError, Write};

type SessionIndex = HashMap<(String, u32), Vec<u64>>;

#[derive(Default)]
pub(super) struct RowIndex {
    sessions: Mutex<HashMap<Arc<str>, SessionIndex>>,
}

fn insert(index: &mut SessionIndex, key: &RowKey) {
    let ids = index.entry((key.table.clone(), key.group_id)).or_default();
    // A group appends its rows in id order, so this is nearly always a push.
    match ids.binary_search(&key.id) {
        Ok(_) => {}
        Err(at) => ids.insert(at, key.id),
    }
}

impl RowIndex {
    /// Records the rows of a submitted batch (and forgets those it
    /// removes), in sessions already indexed.
    pub(super) fn add(&self, writes: &[Write]) {
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        for w in writes {
            match w {
                Write::Row(key, _) => {
                    if let Some(index) = sessions.get_mut(&key.session) {
                        insert(index, key);
                    }
                }
                Write::RowDeleted(key) => {
                    if let Some(ids) = sessions
                        .get_mut(&key.session)
                        .and_then(|index| index.get_mut(&(key.table.clone(), key.group_id)))
                        && let Ok(at) = ids.binary_search(&key.id)
                    {
                        ids.remove(at);
                    }
                }
                _ => {}
            }
        }
    }

    /// The groups and ids of the rows of `table` from `group_id` (every
    /// group's, for `None`), in id order; `all_rows` lists every row of the
    /// session if the index must be built.
    pub(super) fn ids(
        &self,
        session: &Arc<str>,
        table: &str,
        group_id: Option<u32>,
        all_rows: impl FnOnce() -> Result<Vec<RowKey>, StoreError>,
    ) -> Result<Vec<(u32, u64)>, StoreError> {
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        if !sessions.contains_key(session) {
            let mut index = SessionIndex::new();
            for key in all_rows()? {
                insert(&mut index, &key);
            }
            sessions.insert(session.clone(), index);
        }
        let Some(index) = sessions.get(session) else {
            return Ok(Vec::new());
        };
        Ok(match group_id {
            Some(g) => index
                .get(&(table.to_string(), g))
                .map(|ids| ids.iter().map(|&id| (g, id)).collect())
                .unwrap_or_default(),
            None => {
                let mut all: Vec<(u32, u64)> = index
                    .iter()
                    .filter(|((t, _), _)| t == table)
                    .flat_map(|((_, g), ids)| ids.iter().map(move |&id| (*g, id)))
                    .collect();
                all.sort_unstable_by_key(|&(_, id)| id);
                all
            }
        })
    }
}
