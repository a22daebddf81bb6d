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
    /// Records the rows of a submitted batch, in sessions already indexed.
    pub(super) fn add(&self, writes: &[Write]) {
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        for w in writes {
            if let Write::Row(key, _) = w
                && let Some(index) = sessions.get_mut(&key.session)
            {
                insert(index, key);
            }
        }
    }

    /// The ids of the rows of `table` from `group_id`, in order; `all_rows`
    /// lists every row of the session if the index must be built.
    pub(super) fn ids(
        &self,
        session: &Arc<str>,
        table: &str,
        group_id: u32,
        all_rows: impl FnOnce() -> Result<Vec<RowKey>, StoreError>,
    ) -> Result<Vec<u64>, StoreError> {
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        if !sessions.contains_key(session) {
            let mut index = SessionIndex::new();
            for key in all_rows()? {
                insert(&mut index, &key);
            }
            sessions.insert(session.clone(), index);
        }
        Ok(sessions
            .get(session)
            .and_then(|index| index.get(&(table.to_string(), group_id)))
            .cloned()
            .unwrap_or_default())
    }
}
