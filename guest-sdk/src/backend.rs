//! The seam between experiment code and where state lives: the WIT imports
//! inside a component, an in-memory transaction in the native harness. The
//! same experiment code runs on both.

use crate::log::Filter;
use crate::player::PlayerInfo;
use crate::state::Owner;

/// A log row as the backend returns it, fields still JSON text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawRow {
    pub id: u64,
    pub id_in_group: u32,
    pub round: u32,
    pub time_ms: u64,
    pub fields: String,
}

/// The imports of the WIT world, as seen from one call. Every method has the
/// WIT's meaning; errors are the host's texts.
pub(crate) trait Backend {
    /// `state.get`
    fn get(&self, owner: Owner, key: &str) -> Result<Option<String>, String>;
    /// `state.set`
    fn set(&self, owner: Owner, key: &str, value: &str) -> Result<(), String>;
    /// `state.delete`
    fn delete(&self, owner: Owner, key: &str) -> Result<(), String>;
    /// `log.append`
    fn append(&self, table: &str, fields: &str) -> Result<u64, String>;
    /// `log.query`
    fn query(&self, table: &str, filter: Filter) -> Result<Vec<RawRow>, String>;
    /// `group.players`
    fn players(&self) -> Vec<PlayerInfo>;
}
