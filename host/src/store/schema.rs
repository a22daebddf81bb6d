//! The data file's tables and its format number: what [`super`]'s format
//! doc describes, declared once, and the check (and in-place upgrade) of
//! the format when a file is opened.

use redb::{Database, ReadableTable, TableDefinition};

use super::StoreError;

pub(super) const META: TableDefinition<&str, &str> = TableDefinition::new("meta");
pub(super) const EXPERIMENTS: TableDefinition<&str, &str> = TableDefinition::new("experiments");
pub(super) const EXPERIMENT_BYTES: TableDefinition<&str, &[u8]> =
    TableDefinition::new("experiment_bytes");
pub(super) const SESSIONS: TableDefinition<&str, &str> = TableDefinition::new("sessions");
pub(super) const PARTICIPANTS: TableDefinition<&str, &str> = TableDefinition::new("participants");
pub(super) const SESSION_PARTICIPANTS: TableDefinition<(&str, u32), &str> =
    TableDefinition::new("session_participants");
pub(super) const STATE: TableDefinition<(&str, u8, u64, &str), &str> =
    TableDefinition::new("state");
pub(super) const LOG_ROWS: TableDefinition<(&str, u64), &str> = TableDefinition::new("log_rows");
pub(super) const MESSAGES: TableDefinition<(&str, u64), &str> = TableDefinition::new("messages");
pub(super) const COUNTERS: TableDefinition<(&str, &str), u64> = TableDefinition::new("counters");
pub(super) const CLIENT_ACKS: TableDefinition<&str, &str> = TableDefinition::new("client_acks");
pub(super) const ROOM_SEATS: TableDefinition<(&str, u32), u64> = TableDefinition::new("room_seats");
pub(super) const GROUP_MATRICES: TableDefinition<(&str, u32, u32), &str> =
    TableDefinition::new("group_matrices");

pub(super) const FORMAT_VERSION: &str = "6";

/// Older formats this version opens, upgrading them in place (the changes
/// since were additive: nothing stored in them needs rewriting).
pub(super) const UPGRADES_FROM: &[&str] = &["2", "3", "4", "5"];
pub(super) const ROWS_COUNTER: &str = "rows";
pub(super) const MESSAGES_COUNTER: &str = "messages";

/// Checks the file's format (upgrading an older one this version knows)
/// and creates every table, so that readers never meet a missing one.
pub(super) fn open(db: &Database) -> Result<(), StoreError> {
    let mut txn = db.begin_write()?;
    txn.set_durability(redb::Durability::Immediate)?;
    {
        let mut meta = txn.open_table(META)?;
        let found = meta.get("format")?.map(|v| v.value().to_string());
        match found {
            None => {
                meta.insert("format", FORMAT_VERSION)?;
            }
            Some(v) if v == FORMAT_VERSION => {}
            Some(v) if UPGRADES_FROM.contains(&v.as_str()) => {
                meta.insert("format", FORMAT_VERSION)?;
            }
            Some(v) => return Err(StoreError::Format { found: v }),
        }
        // Create every table so that readers never meet a missing one.
        txn.open_table(EXPERIMENTS)?;
        txn.open_table(EXPERIMENT_BYTES)?;
        txn.open_table(SESSIONS)?;
        txn.open_table(PARTICIPANTS)?;
        txn.open_table(SESSION_PARTICIPANTS)?;
        txn.open_table(STATE)?;
        txn.open_table(LOG_ROWS)?;
        txn.open_table(MESSAGES)?;
        txn.open_table(COUNTERS)?;
        txn.open_table(CLIENT_ACKS)?;
        txn.open_table(ROOM_SEATS)?;
        txn.open_table(GROUP_MATRICES)?;
    }
    txn.commit()?;
    Ok(())
}
