//! Session export: a session's participants, the state of every scope, its
//! log rows and its whole live message log, as CSV or JSON.
//!
//! Each part is read in one read transaction, a snapshot of the data file
//! as the export began (redb keeps the snapshot's pages while it is read;
//! commits go on meanwhile), entry by entry, and handed on in chunks of
//! about 64 KiB: a session with millions of messages exports in bounded
//! memory, and an export of a running session holds exactly what was
//! committed when it began.
//!
//! The columns of every part are listed in [`Part::columns`] and in README
//! ("Exporting a session's data"). CSV has a header line; JSON is an array
//! of objects, one per line, whose JSON-valued fields (`value`, `fields`,
//! `data`, `replies`) are JSON rather than text.
//!
//! A CSV cell that a spreadsheet would run as a formula (text starting
//! with `=`, `+`, `-`, `@`, a tab or a carriage return, other than a
//! number) is written with a leading `'`, which spreadsheets show as text:
//! a participant's chat line or form answer cannot run on the researcher's
//! machine when the file is opened ([`spreadsheet_text`]).

use std::str::FromStr;

use crate::experiment::ExperimentInfo;
use crate::store::{
    MessageRecord, ParticipantRecord, Scope, SessionRecord, Store, StoreError, StoredRow,
};

/// Participants read per page.
const PAGE: u32 = 1000;

/// Bytes gathered before a chunk is handed on.
const CHUNK: usize = 64 * 1024;

/// One part of a session's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Participants,
    State,
    Rows,
    Messages,
}

impl Part {
    pub const ALL: [Part; 4] = [Part::Participants, Part::State, Part::Rows, Part::Messages];

    pub fn name(self) -> &'static str {
        match self {
            Part::Participants => "participants",
            Part::State => "state",
            Part::Rows => "rows",
            Part::Messages => "messages",
        }
    }

    /// The part's columns, in order (CSV header, JSON keys).
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Part::Participants => &[
                "session",
                "participant_id",
                "code",
                "group_id",
                "id_in_group",
                "round",
                "page",
                "page_index",
                "finished",
            ],
            Part::State => &[
                "session",
                "scope",
                "group_id",
                "participant_id",
                "round",
                "key",
                "value",
            ],
            Part::Rows => &[
                "session",
                "row_id",
                "table",
                "group_id",
                "participant_id",
                "id_in_group",
                "round",
                "time_ms",
                "fields",
            ],
            Part::Messages => &[
                "session",
                "seq",
                "time_ms",
                "kind",
                "participant_id",
                "group_id",
                "round",
                "page",
                "segment",
                "data",
                "replies",
                "error",
                "run_us",
                "seed",
            ],
        }
    }
}

impl FromStr for Part {
    type Err = ExportError;

    fn from_str(s: &str) -> Result<Part, ExportError> {
        Part::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| ExportError::UnknownPart(s.to_string()))
    }
}

/// CSV or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Json => "application/json",
        }
    }
}

impl FromStr for Format {
    type Err = ExportError;

    fn from_str(s: &str) -> Result<Format, ExportError> {
        match s {
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            other => Err(ExportError::UnknownFormat(other.to_string())),
        }
    }
}

/// Why an export failed or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("there is no export part {0:?}: the parts are participants, state, rows and messages")]
    UnknownPart(String),
    #[error("there is no export format {0:?}: use csv or json")]
    UnknownFormat(String),
    #[error("there is no session {0:?}: `livehost session list` lists the sessions")]
    UnknownSession(String),
    #[error("reading the data file: {0}")]
    Store(#[from] StoreError),
    #[error("writing CSV: {0}")]
    Csv(String),
    /// Whoever took the chunks stopped taking them (a closed download).
    #[error("the export was abandoned")]
    Abandoned,
}

/// One field of an exported record.
enum Cell<'a> {
    Int(u64),
    Bool(bool),
    Text(&'a str),
    /// Stored JSON text: as is in CSV, as JSON in JSON.
    Json(&'a str),
    Empty,
}

/// Writes records of one part in one format into a buffer, handing on
/// full chunks.
struct Writer<'f> {
    format: Format,
    columns: &'static [&'static str],
    csv: csv::Writer<Vec<u8>>,
    json: Vec<u8>,
    first: bool,
    sink: &'f mut dyn FnMut(Vec<u8>) -> Result<(), ExportError>,
}

impl<'f> Writer<'f> {
    fn new(
        part: Part,
        format: Format,
        sink: &'f mut dyn FnMut(Vec<u8>) -> Result<(), ExportError>,
    ) -> Result<Writer<'f>, ExportError> {
        let mut w = Writer {
            format,
            columns: part.columns(),
            csv: csv::Writer::from_writer(Vec::with_capacity(CHUNK)),
            json: Vec::with_capacity(CHUNK),
            first: true,
            sink,
        };
        match format {
            Format::Csv => w
                .csv
                .write_record(w.columns)
                .map_err(|e| ExportError::Csv(e.to_string()))?,
            Format::Json => w.json.extend_from_slice(b"["),
        }
        Ok(w)
    }

    fn record(&mut self, cells: &[Cell]) -> Result<(), ExportError> {
        match self.format {
            Format::Csv => {
                let texts: Vec<std::borrow::Cow<str>> = cells
                    .iter()
                    .map(|c| match c {
                        Cell::Int(n) => n.to_string().into(),
                        Cell::Bool(b) => b.to_string().into(),
                        Cell::Text(t) | Cell::Json(t) => spreadsheet_text(t),
                        Cell::Empty => "".into(),
                    })
                    .collect();
                self.csv
                    .write_record(texts.iter().map(|t| t.as_bytes()))
                    .map_err(|e| ExportError::Csv(e.to_string()))?;
            }
            Format::Json => {
                let out = &mut self.json;
                out.extend_from_slice(if self.first { b"\n{" } else { b",\n{" });
                self.first = false;
                for (i, (column, cell)) in self.columns.iter().zip(cells).enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    push_json_string(out, column);
                    out.push(b':');
                    match cell {
                        Cell::Int(n) => out.extend_from_slice(n.to_string().as_bytes()),
                        Cell::Bool(b) => out.extend_from_slice(b.to_string().as_bytes()),
                        Cell::Text(t) => push_json_string(out, t),
                        // Stored JSON was checked when it was written; a
                        // value that does not parse is exported as text.
                        Cell::Json(t)
                            if serde_json::from_str::<serde::de::IgnoredAny>(t).is_ok() =>
                        {
                            out.extend_from_slice(t.as_bytes())
                        }
                        Cell::Json(t) => push_json_string(out, t),
                        Cell::Empty => out.extend_from_slice(b"null"),
                    }
                }
                out.push(b'}');
            }
        }
        if self.buffered() >= CHUNK {
            self.hand_on()?;
        }
        Ok(())
    }

    fn buffered(&mut self) -> usize {
        match self.format {
            Format::Csv => self.csv.get_ref().len(),
            Format::Json => self.json.len(),
        }
    }

    fn hand_on(&mut self) -> Result<(), ExportError> {
        let chunk = match self.format {
            Format::Csv => {
                let fresh = csv::Writer::from_writer(Vec::with_capacity(CHUNK));
                std::mem::replace(&mut self.csv, fresh)
                    .into_inner()
                    .map_err(|e| ExportError::Csv(e.to_string()))?
            }
            Format::Json => std::mem::take(&mut self.json),
        };
        if chunk.is_empty() {
            return Ok(());
        }
        (self.sink)(chunk)
    }

    fn finish(mut self) -> Result<(), ExportError> {
        if self.format == Format::Json {
            self.json.extend_from_slice(b"\n]\n");
        }
        self.hand_on()
    }
}

/// `cell` as a CSV cell that a spreadsheet shows as text: with a `'` in
/// front if it starts with a character that makes a spreadsheet read it as
/// a formula (`=`, `+`, `-`, `@`, tab, carriage return) and is not a
/// number (`-5` stays a number).
pub(crate) fn spreadsheet_text(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = cell.parse::<f64>().is_ok()
        && cell
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
    if formula && !number {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn push_json_string(out: &mut Vec<u8>, s: &str) {
    // Serialising a &str cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

/// Writes one part of a session in `format`, handing each chunk to
/// `sink` (which returns [`ExportError::Abandoned`] to stop). Blocking:
/// run it off the async workers.
pub fn export(
    store: &Store,
    session: &str,
    part: Part,
    format: Format,
    sink: &mut dyn FnMut(Vec<u8>) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let record = store
        .session(session)?
        .ok_or_else(|| ExportError::UnknownSession(session.to_string()))?;
    let mut w = Writer::new(part, format, sink)?;
    match part {
        Part::Participants => participants(store, &record, &mut w)?,
        Part::State => state(store, session, &mut w)?,
        Part::Rows => rows(store, session, &mut w)?,
        Part::Messages => messages(store, session, &mut w)?,
    }
    w.finish()
}

/// Checks that a session exists, before a download starts.
pub fn check_session(store: &Store, session: &str) -> Result<(), ExportError> {
    match store.session(session)? {
        Some(_) => Ok(()),
        None => Err(ExportError::UnknownSession(session.to_string())),
    }
}

fn participants(store: &Store, session: &SessionRecord, w: &mut Writer) -> Result<(), ExportError> {
    let info: Option<ExperimentInfo> = store.experiment(&session.experiment)?.map(|e| e.info);
    let mut first = 1u32;
    loop {
        let last = first.saturating_add(PAGE - 1);
        let page = store.participant_range(&session.code, first, last)?;
        for p in &page {
            participant(w, info.as_ref(), p)?;
        }
        if last >= session.participants || page.is_empty() {
            return Ok(());
        }
        first = last + 1;
    }
}

fn participant(
    w: &mut Writer,
    info: Option<&ExperimentInfo>,
    p: &ParticipantRecord,
) -> Result<(), ExportError> {
    let page = match (p.finished, info.and_then(|i| i.page(p.page_index))) {
        (false, Some(page)) => Cell::Text(&page.name),
        _ => Cell::Empty,
    };
    w.record(&[
        Cell::Text(&p.session),
        Cell::Int(p.participant_id.into()),
        Cell::Text(&p.code),
        Cell::Int(p.group_id.into()),
        Cell::Int(p.id_in_group.into()),
        Cell::Int(p.round.into()),
        page,
        Cell::Int(p.page_index.into()),
        Cell::Bool(p.finished),
    ])
}

fn state(store: &Store, session: &str, w: &mut Writer) -> Result<(), ExportError> {
    store.each_state(session, |scope, key, value| {
        let (group, participant, round) = match scope {
            Scope::Session => (None, None, None),
            Scope::Group { group_id, round } => (Some(group_id), None, Some(round)),
            Scope::Player {
                participant_id,
                round,
            } => (None, Some(participant_id), Some(round)),
            Scope::Participant { participant_id } => (None, Some(participant_id), None),
        };
        let id = |n: Option<u32>| n.map_or(Cell::Empty, |n| Cell::Int(n.into()));
        w.record(&[
            Cell::Text(session),
            Cell::Text(scope.name()),
            id(group),
            id(participant),
            id(round),
            Cell::Text(key),
            Cell::Json(value),
        ])
    })
}

fn rows(store: &Store, session: &str, w: &mut Writer) -> Result<(), ExportError> {
    store.each_row(
        session,
        |id,
         StoredRow {
             table,
             group_id,
             row,
         }| {
            w.record(&[
                Cell::Text(session),
                Cell::Int(id),
                Cell::Text(&table),
                Cell::Int(group_id.into()),
                Cell::Int(row.participant_id.into()),
                Cell::Int(row.id_in_group.into()),
                Cell::Int(row.round.into()),
                Cell::Int(row.time_ms),
                Cell::Json(&row.fields),
            ])
        },
    )
}

fn messages(store: &Store, session: &str, w: &mut Writer) -> Result<(), ExportError> {
    store.each_message(session, |seq, m| message(w, session, seq, &m))
}

fn message(w: &mut Writer, session: &str, seq: u64, m: &MessageRecord) -> Result<(), ExportError> {
    let replies = replies_json(m);
    w.record(&[
        Cell::Text(session),
        Cell::Int(seq),
        Cell::Int(m.time_ms),
        Cell::Text(m.kind.name()),
        Cell::Int(m.participant_id.into()),
        Cell::Int(m.group_id.into()),
        Cell::Int(m.round.into()),
        Cell::Text(&m.page),
        Cell::Int(m.segment.into()),
        Cell::Json(&m.data),
        Cell::Json(&replies),
        m.error.as_deref().map_or(Cell::Empty, Cell::Text),
        Cell::Int(m.run_us),
        m.seed.map_or(Cell::Empty, Cell::Int),
    ])
}

/// A message's replies as JSON, each payload as the JSON it is (it is
/// stored as text): `[{"to": [1, 2], "payload": {...}}, ...]`.
pub(crate) fn replies_json(m: &MessageRecord) -> String {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        to: &'a [u32],
        payload: &'a serde_json::value::RawValue,
    }
    let mut out = Vec::with_capacity(m.replies.len());
    for r in &m.replies {
        match serde_json::from_str::<&serde_json::value::RawValue>(&r.payload) {
            Ok(payload) => out.push(Out { to: &r.to, payload }),
            // Stored payloads were checked as JSON when they were written:
            // one that no longer parses leaves the stored form as it is.
            Err(_) => return serde_json::to_string(&m.replies).unwrap_or_else(|_| "[]".into()),
        }
    }
    serde_json::to_string(&out).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_text;

    #[test]
    fn cells_a_spreadsheet_would_run_are_written_as_text() {
        for formula in [
            "=1+2",
            "+1+2",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "=HYPERLINK(\"http://example.com\")",
            "-",
            "-inf",
        ] {
            assert_eq!(spreadsheet_text(formula), format!("'{formula}"));
        }
        for kept in [
            "-5", "+3", "-1.5e3", "12", "", "a=b", "x", "'quoted", "[1, 2]",
        ] {
            assert_eq!(spreadsheet_text(kept), kept);
        }
    }
}
