//! Where a participant is in the page sequence, and how pressing next moves
//! them: page by page, round by round, then finished.

use serde::Serialize;

use crate::experiment::ExperimentInfo;
use crate::store::ParticipantRecord;

/// A participant's place, as pages and the API show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Position {
    pub participant_id: u32,
    pub group_id: u32,
    pub id_in_group: u32,
    pub round: u32,
    pub page_index: u32,
    /// The current page's name; `None` once finished.
    pub page: Option<String>,
    pub finished: bool,
}

impl Position {
    pub fn of(p: &ParticipantRecord, info: &ExperimentInfo) -> Position {
        Position {
            participant_id: p.participant_id,
            group_id: p.group_id,
            id_in_group: p.id_in_group,
            round: p.round,
            page_index: p.page_index,
            page: if p.finished {
                None
            } else {
                info.page(p.page_index).map(|page| page.name.clone())
            },
            finished: p.finished,
        }
    }
}

/// Moves a participant one page on: the next page of the round, else the
/// first page of the next round, else finished.
pub(crate) fn step(p: &mut ParticipantRecord, info: &ExperimentInfo) {
    if p.finished {
        return;
    }
    // A page's deadline is that page's alone.
    p.deadline_ms = None;
    if (p.page_index as usize) + 1 < info.pages.len() {
        p.page_index += 1;
    } else if p.round < info.rounds {
        p.round += 1;
        p.page_index = 0;
    } else {
        p.finished = true;
    }
}
