//! Log tables (oTree's ExtraModel): rows appended during the experiment,
//! each tagged with a group (the caller's, or one named), the caller's
//! id-in-group and round, queried back into typed values (the caller's
//! group, a named group, the whole session), updated and removed.

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::backend::Backend;
use crate::backend::RawRow;
use crate::error::{Error, Result};
use crate::player::Group;

/// Which rows of a table to return: always the caller's group, narrowed to
/// one player and/or one round (the WIT `row-filter`). The default is every
/// row of the group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only rows appended by this id-in-group.
    pub id_in_group: Option<u32>,
    /// Only rows of this round.
    pub round: Option<u32>,
}

impl Filter {
    /// Every row of the caller's group.
    pub fn new() -> Self {
        Filter::default()
    }

    /// Only rows appended by `id_in_group`.
    pub fn player(mut self, id_in_group: u32) -> Self {
        self.id_in_group = Some(id_in_group);
        self
    }

    /// Only rows appended in `round`.
    pub fn round(mut self, round: u32) -> Self {
        self.round = Some(round);
        self
    }
}

/// A row of a log table with its fields deserialized into `T`.
#[derive(Clone, Debug, PartialEq)]
pub struct Row<T> {
    /// The row's number: unique in the session, growing in the order rows
    /// were appended.
    pub id: u64,
    /// The id-in-group of the player that appended it.
    pub id_in_group: u32,
    /// The round in which it was appended.
    pub round: u32,
    /// Milliseconds since the Unix epoch when the appending call started.
    pub time_ms: u64,
    /// The row's fields.
    pub fields: T,
}

/// One log table, seen from the calling player: appends are tagged with
/// the caller, queries return rows of the caller's group.
#[derive(Clone)]
pub struct Table<'a> {
    backend: &'a dyn Backend,
    name: String,
}

impl fmt::Debug for Table<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Table").field("name", &self.name).finish()
    }
}

impl<'a> Table<'a> {
    pub(crate) fn new(backend: &'a dyn Backend, name: &str) -> Self {
        Table {
            backend,
            name: name.to_owned(),
        }
    }

    /// The table's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Append a row; `fields` must serialize to a JSON object (a struct or
    /// a map). Returns the row's id.
    pub fn append<T: Serialize + ?Sized>(&self, fields: &T) -> Result<u64> {
        let fields = self.object(fields)?;
        self.backend
            .append(&self.name, &fields)
            .map_err(|e| self.error(e))
    }

    /// Append a row for `group` (any group of the app, in its round) rather
    /// than the caller's: [`group_rows`](Table::group_rows) finds it there.
    /// Returns the row's id.
    pub fn append_for_group<T: Serialize + ?Sized>(
        &self,
        group: &Group<'_>,
        fields: &T,
    ) -> Result<u64> {
        let fields = self.object(fields)?;
        self.backend
            .append_for_group(&self.name, (group.id(), group.round()), &fields)
            .map_err(|e| self.error(e))
    }

    /// The rows appended for `group` (in its round), oldest first.
    pub fn group_rows<T: DeserializeOwned>(&self, group: &Group<'_>) -> Result<Vec<Row<T>>> {
        let raw = self
            .backend
            .query_group(&self.name, (group.id(), group.round()))
            .map_err(|e| self.error(e))?;
        self.typed(raw)
    }

    /// Every row of the table in the session, all groups and rounds,
    /// oldest first.
    pub fn all_rows<T: DeserializeOwned>(&self) -> Result<Vec<Row<T>>> {
        let raw = self
            .backend
            .query_all(&self.name)
            .map_err(|e| self.error(e))?;
        self.typed(raw)
    }

    /// Replaces the fields of row `id` (a live method or page may change
    /// its own group's rows only; creating_session and a hook for all
    /// groups any row).
    pub fn update<T: Serialize + ?Sized>(&self, id: u64, fields: &T) -> Result<()> {
        let fields = self.object(fields)?;
        self.backend
            .update_row(&self.name, id, &fields)
            .map_err(|e| self.error(e))
    }

    /// Removes row `id` (oTree's `delete()`), with
    /// [`update`](Table::update)'s rule on whose rows a call may remove.
    pub fn remove(&self, id: u64) -> Result<()> {
        self.backend
            .remove_row(&self.name, id)
            .map_err(|e| self.error(e))
    }

    /// `fields` as the JSON object text a row holds.
    fn object<T: Serialize + ?Sized>(&self, fields: &T) -> Result<String> {
        let value = serde_json::to_value(fields)
            .map_err(|e| self.error(format!("cannot store the row: {e}")))?;
        if !value.is_object() {
            return Err(self.error(format!(
                "a row must be a JSON object (a struct or map), not {value}"
            )));
        }
        Ok(value.to_string())
    }

    /// Every row of the caller's group, all rounds, oldest first.
    pub fn rows<T: DeserializeOwned>(&self) -> Result<Vec<Row<T>>> {
        self.query(Filter::new())
    }

    /// The rows of the caller's group that match `filter`, oldest first,
    /// including rows appended earlier in this call.
    pub fn query<T: DeserializeOwned>(&self, filter: Filter) -> Result<Vec<Row<T>>> {
        let raw = self
            .backend
            .query(&self.name, filter)
            .map_err(|e| self.error(e))?;
        self.typed(raw)
    }

    /// The host's rows with their fields deserialized.
    fn typed<T: DeserializeOwned>(&self, raw: Vec<RawRow>) -> Result<Vec<Row<T>>> {
        raw.into_iter()
            .map(|row| {
                let fields = serde_json::from_str(&row.fields).map_err(|e| {
                    self.error(format!(
                        "row {} holds {}, which is not a {}: {e}",
                        row.id,
                        row.fields,
                        std::any::type_name::<T>()
                    ))
                })?;
                Ok(Row {
                    id: row.id,
                    id_in_group: row.id_in_group,
                    round: row.round,
                    time_ms: row.time_ms,
                    fields,
                })
            })
            .collect()
    }

    fn error(&self, message: impl fmt::Display) -> Error {
        Error::new(format!("log table {}: {message}", self.name))
    }
}
