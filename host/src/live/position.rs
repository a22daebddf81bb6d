//! Where a participant is in the page sequence, as pages and the API show
//! it (how they move: `app_sequence`).

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
    /// Which app of the session's sequence they are in (0-based).
    pub app: u32,
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
            app: p.app,
        }
    }
}
