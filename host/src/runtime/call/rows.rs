//! A call's log rows (oTree's ExtraModel): appended for the caller's group
//! or another of its app, queried by group or across the session, changed
//! and removed, in the call's transaction. Reads see the call's own
//! writes: a row appended, changed or removed earlier in the call is so in
//! every later query.
//!
//! A row belongs to the group it was appended for; as with state, a call
//! for a participant's page or live message changes its own group's rows
//! only, and creating_session any.

use super::{Call, CallError, check_table, json_kind};
use crate::runtime::bindings::{Row, RowFilter};
use crate::store::{RowKey, RowRecord, Write};

impl Call {
    /// `log.append`: a row of the caller's group.
    pub fn append(&mut self, table: String, fields: String) -> Result<u64, CallError> {
        let group_id = self.group_id;
        self.append_tagged(table, group_id, fields)
    }

    /// `log.append-for-group`: a row of group (number, round) of the
    /// caller's app.
    pub fn append_for_group(
        &mut self,
        table: String,
        (number, round): (u32, u32),
        fields: String,
    ) -> Result<u64, CallError> {
        let group_id = self.group_id_of(number, round)?;
        self.append_tagged(table, group_id, fields)
    }

    fn append_tagged(
        &mut self,
        table: String,
        group_id: u32,
        fields: String,
    ) -> Result<u64, CallError> {
        self.may_write()?;
        check_table(&table)?;
        self.check_fields(&table, &fields)?;
        let caller = self.caller.clone();
        let r = self.store.next_row_id(&self.session);
        let id = self.note_store(r)?;
        self.writes.push(Write::Row(
            RowKey {
                session: self.session.clone(),
                table,
                group_id,
                id,
            },
            RowRecord {
                participant_id: caller.participant_id,
                id_in_group: caller.id_in_group,
                round: self.round,
                time_ms: self.time_ms,
                fields,
            },
        ));
        Ok(id)
    }

    /// `fields` is a JSON object within the call's limits.
    fn check_fields(&mut self, table: &str, fields: &str) -> Result<(), CallError> {
        let value: serde_json::Value =
            serde_json::from_str(fields).map_err(|e| CallError::InvalidJson {
                what: format!("the fields of a row for table {table:?}"),
                error: e.to_string(),
            })?;
        if !value.is_object() {
            return Err(CallError::FieldsNotObject(json_kind(&value).to_string()));
        }
        self.budget(|| format!("a row for table {table:?}"), fields.len())
    }

    /// The data file's id of group (number, round) of the caller's app.
    fn group_id_of(&self, number: u32, round: u32) -> Result<u32, CallError> {
        let Some(app) = self.app.as_deref() else {
            return Err(CallError::NoGroup);
        };
        if !app.has_round(round) {
            return Err(CallError::UnknownRound(round));
        }
        app.group_id(number, round)
            .ok_or(CallError::UnknownGroup(number, round))
    }

    /// `log.query`: rows of the caller's group, this call's included. With
    /// groups of their own in each round, "the caller's group" in another
    /// round is the group with its number there (the same players, unless
    /// creating_session regrouped them), as contract 0.1.3's guests expect.
    pub fn query(&mut self, table: &str, filter: RowFilter) -> Result<Vec<Row>, CallError> {
        check_table(table)?;
        let mut groups = vec![self.group_id];
        if let Some(app) = self.app.as_deref() {
            let rounds = match filter.round {
                Some(r) => r..=r,
                None => 1..=app.rounds,
            };
            groups = rounds
                .filter_map(|r| app.group_id(self.group_number, r))
                .collect();
            groups.dedup();
        }
        let mut rows = Vec::new();
        for g in groups {
            rows.extend(self.rows_of(table, Some(g))?);
        }
        rows.sort_by_key(|r| r.id);
        Ok(rows
            .into_iter()
            .filter(|r| filter.id_in_group.is_none_or(|id| r.id_in_group == id))
            .filter(|r| filter.round.is_none_or(|round| r.round == round))
            .collect())
    }

    /// `log.query-group`: rows of group (number, round) of the app.
    pub fn query_group(&mut self, table: &str, group: (u32, u32)) -> Result<Vec<Row>, CallError> {
        let group_id = self.group_id_of(group.0, group.1)?;
        self.rows_of(table, Some(group_id))
    }

    /// `log.query-all`: every row of the table in the session.
    pub fn query_all(&mut self, table: &str) -> Result<Vec<Row>, CallError> {
        self.rows_of(table, None)
    }

    /// The rows of `table` of group `group_id` (every group's: `None`) as
    /// this call sees them: stored, then its own writes applied in order.
    fn rows_of(&mut self, table: &str, group_id: Option<u32>) -> Result<Vec<Row>, CallError> {
        check_table(table)?;
        let r = self.store.rows(&self.session, table, group_id);
        let mut rows: Vec<(u64, RowRecord)> = self
            .note_store(r)?
            .into_iter()
            .map(|(_, id, row)| (id, row))
            .collect();
        let ours = |k: &RowKey| k.table == table && group_id.is_none_or(|g| k.group_id == g);
        for w in &self.writes {
            match w {
                Write::Row(k, r) if ours(k) => match rows.iter_mut().find(|(id, _)| *id == k.id) {
                    Some(row) => row.1 = r.clone(),
                    None => rows.push((k.id, r.clone())),
                },
                Write::RowDeleted(k) if ours(k) => rows.retain(|(id, _)| *id != k.id),
                _ => {}
            }
        }
        Ok(rows
            .into_iter()
            .map(|(id, r)| Row {
                id,
                id_in_group: r.id_in_group,
                round: r.round,
                time_ms: r.time_ms,
                fields: r.fields,
            })
            .collect())
    }

    /// Row `id` of `table` as this call sees it, with its key, if the call
    /// may change it.
    fn own_row(&mut self, table: &str, id: u64) -> Result<(RowKey, RowRecord), CallError> {
        check_table(table)?;
        let unknown = || CallError::UnknownRow {
            table: table.to_string(),
            id,
        };
        let mut found = None;
        for w in &self.writes {
            match w {
                Write::Row(k, r) if k.id == id => found = Some(Some((k.clone(), r.clone()))),
                Write::RowDeleted(k) if k.id == id => found = Some(None),
                _ => {}
            }
        }
        let (key, row) = match found {
            Some(row) => row.ok_or_else(unknown)?,
            None => {
                let r = self.store.row(&self.session, id);
                self.note_store(r)?.ok_or_else(unknown)?
            }
        };
        if key.table != table {
            return Err(unknown());
        }
        if !self.whole_app && key.group_id != self.group_id {
            return Err(CallError::NotTheCallersRow {
                table: table.to_string(),
                id,
            });
        }
        Ok((key, row))
    }

    /// `log.update`: row `id`'s new fields.
    pub fn update(&mut self, table: &str, id: u64, fields: String) -> Result<(), CallError> {
        self.may_write()?;
        let (key, row) = self.own_row(table, id)?;
        self.check_fields(table, &fields)?;
        self.writes
            .push(Write::Row(key, RowRecord { fields, ..row }));
        Ok(())
    }

    /// `log.remove`: row `id` is gone.
    pub fn remove(&mut self, table: &str, id: u64) -> Result<(), CallError> {
        self.may_write()?;
        let (key, _) = self.own_row(table, id)?;
        self.writes.push(Write::RowDeleted(key));
        Ok(())
    }
}
