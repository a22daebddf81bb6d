//! What an experiment is, as the host keeps it: the description a component
//! gives through its `info` export, checked once at upload and stored next to
//! the component's bytes.
//!
//! These are the host's own serde types, mirroring the WIT records of
//! `livehost:experiment/types`, so that the store, the admin API and the
//! scenario runner never depend on generated bindings.

use serde::{Deserialize, Serialize};

/// How a page behaves (WIT `page-kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// Read, then press next.
    Normal,
    /// Its JavaScript may `liveSend`, which calls the live method.
    Live,
    /// Held until the whole group has arrived.
    Wait,
}

/// One page of the page sequence (WIT `page`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub name: String,
    pub body: String,
    pub kind: PageKind,
    pub next_button: bool,
}

/// The experiment's description (WIT `experiment-info`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExperimentInfo {
    pub name: String,
    pub players_per_group: u32,
    pub rounds: u32,
    pub pages: Vec<Page>,
    /// The oTree templates and settings of an experiment that exports
    /// `pages` (WIT `pages.files`); none for one that does not, whose page
    /// bodies are the host's own template dialect. Stored with the info;
    /// absent in records written before 0.1.2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_files: Option<PageFiles>,
}

/// What an experiment with oTree pages gives the host to render them (WIT
/// `page-files`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageFiles {
    /// (page name, its template's name).
    pub page_templates: Vec<(String, String)>,
    /// The other templates the pages include or extend.
    pub templates: Vec<TemplateFile>,
    /// oTree's display settings, a JSON object (USE_POINTS, ...).
    pub settings: String,
}

/// How a form field takes its value and how it is shown (WIT
/// `field-kind`, `widget`): the kinds and widgets the page templates draw.
pub use crate::page_template::{FieldKind, Widget};

/// A field of a page's form as the experiment describes it when the page
/// is shown (WIT `form-field`); values are JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    pub name: String,
    pub kind: FieldKind,
    pub label: String,
    pub widget: Widget,
    /// (value, label), both JSON.
    pub choices: Option<Vec<(String, String)>>,
    pub min: Option<String>,
    pub max: Option<String>,
    pub blank: bool,
    /// The stored or initial value, JSON.
    pub value: Option<String>,
    pub help_text: Option<String>,
}

pub use crate::page_template::TemplateFile;

/// Why an experiment's description is refused at upload.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InfoError {
    #[error("the experiment's name is empty: give it a short name in info()")]
    EmptyName,
    #[error("players-per-group is 0: a group needs at least one player")]
    NoPlayers,
    #[error("rounds is 0: an experiment is played for at least one round")]
    NoRounds,
    #[error("the experiment declares no pages: info() must list at least one page")]
    NoPages,
    #[error("page {0} has an empty name: every page needs a unique name")]
    EmptyPageName(usize),
    #[error("two pages are named {0:?}: page names must be unique")]
    DuplicatePage(String),
}

impl ExperimentInfo {
    /// How many participants of a session of `participants` form a group:
    /// `players_per_group`, or all of them when it is 0 (oTree's
    /// `PLAYERS_PER_GROUP = None`).
    pub fn group_size(&self, participants: u32) -> u32 {
        if self.players_per_group == 0 {
            participants.max(1)
        } else {
            self.players_per_group
        }
    }

    /// Checks what the host relies on: a name, at least one player, round
    /// and page, and unique non-empty page names.
    pub fn validate(&self) -> Result<(), InfoError> {
        if self.name.trim().is_empty() {
            return Err(InfoError::EmptyName);
        }
        // 0 is oTree's PLAYERS_PER_GROUP = None, which the 0.1.2 contract
        // (an experiment with oTree pages) brings.
        if self.players_per_group == 0 && self.page_files.is_none() {
            return Err(InfoError::NoPlayers);
        }
        if self.rounds == 0 {
            return Err(InfoError::NoRounds);
        }
        if self.pages.is_empty() {
            return Err(InfoError::NoPages);
        }
        let mut seen = std::collections::HashSet::new();
        for (i, page) in self.pages.iter().enumerate() {
            if page.name.is_empty() {
                return Err(InfoError::EmptyPageName(i));
            }
            if !seen.insert(page.name.as_str()) {
                return Err(InfoError::DuplicatePage(page.name.clone()));
            }
        }
        Ok(())
    }

    /// The page at `index`, if the sequence has one there.
    pub fn page(&self, index: u32) -> Option<&Page> {
        self.pages.get(index as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(pages: &[&str]) -> ExperimentInfo {
        ExperimentInfo {
            name: "x".into(),
            players_per_group: 2,
            rounds: 1,
            pages: pages
                .iter()
                .map(|n| Page {
                    name: n.to_string(),
                    body: String::new(),
                    kind: PageKind::Live,
                    next_button: true,
                })
                .collect(),
            page_files: None,
        }
    }

    #[test]
    fn validation_names_the_problem() {
        assert_eq!(info(&["a", "b"]).validate(), Ok(()));
        assert_eq!(
            info(&["a", "a"]).validate(),
            Err(InfoError::DuplicatePage("a".into()))
        );
        assert_eq!(info(&[]).validate(), Err(InfoError::NoPages));
        let mut i = info(&["a"]);
        i.players_per_group = 0;
        assert_eq!(i.validate(), Err(InfoError::NoPlayers));
    }
}
