//! What an experiment declares about itself: its name, group size, rounds
//! and page sequence (the WIT `experiment-info`).

/// How a page behaves (the WIT `page-kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// An ordinary page: the participant reads it and presses next.
    Normal,
    /// A live page: its JavaScript may call `liveSend(data)`, which becomes a
    /// [`Experiment::live_method`](crate::Experiment::live_method) call.
    Live,
    /// A wait page: the players of a group stay on it until all of them have
    /// arrived, then move on together.
    Wait,
}

/// One page of the page sequence, shown once per round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// The page's name, unique within the experiment.
    pub name: String,
    /// The page's HTML body, placed inside the host's page shell (which
    /// provides `liveSend`, `liveRecv`, `form#form` and `form#liveform`).
    pub body: String,
    /// Normal, live or wait.
    pub kind: PageKind,
    /// Whether the shell shows a next button.
    pub next_button: bool,
}

impl Page {
    /// A normal page with a next button.
    pub fn normal(name: impl Into<String>, body: impl Into<String>) -> Self {
        Page {
            name: name.into(),
            body: body.into(),
            kind: PageKind::Normal,
            next_button: true,
        }
    }

    /// A live page with a next button (see [`Page::without_next_button`]).
    pub fn live(name: impl Into<String>, body: impl Into<String>) -> Self {
        Page {
            kind: PageKind::Live,
            ..Page::normal(name, body)
        }
    }

    /// A wait page with an empty body and no next button.
    pub fn wait(name: impl Into<String>) -> Self {
        Page {
            name: name.into(),
            body: String::new(),
            kind: PageKind::Wait,
            next_button: false,
        }
    }

    /// The same page without a next button: oTree's "keeping users on the
    /// page". Its JavaScript can still submit `form#form`, and
    /// [`Experiment::before_next`](crate::Experiment::before_next) has the
    /// last word.
    pub fn without_next_button(self) -> Self {
        self.next_button(false)
    }

    /// The same page, with or without a next button.
    pub fn next_button(mut self, shown: bool) -> Self {
        self.next_button = shown;
        self
    }

    /// The same page with this HTML body.
    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = body.into();
        self
    }
}

/// What the experiment is (the WIT `experiment-info`), returned by
/// [`Experiment::info`](crate::Experiment::info).
///
/// ```
/// use livehost_guest::{Info, Page};
/// let info = Info::new("auction", 2)
///     .page(Page::live("Auction", "<p>bid</p>"))
///     .page(Page::normal("Results", "<p>done</p>"));
/// assert_eq!(info.rounds, 1);
/// assert!(info.validate().is_ok());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Info {
    /// A short human-readable name, e.g. "auction".
    pub name: String,
    /// How many participants form one group; 0 is oTree's
    /// `PLAYERS_PER_GROUP = None`, one group of the whole session (the host
    /// takes 0 only from an experiment with oTree pages, `export_app!`).
    pub players_per_group: u32,
    /// How many rounds the page sequence is played (at least 1).
    pub rounds: u32,
    /// The pages, in the order participants see them within a round.
    pub pages: Vec<Page>,
}

impl Info {
    /// An experiment of one round and no pages yet.
    pub fn new(name: impl Into<String>, players_per_group: u32) -> Self {
        Info {
            name: name.into(),
            players_per_group,
            rounds: 1,
            pages: Vec::new(),
        }
    }

    /// The same experiment played for `rounds` rounds.
    pub fn rounds(mut self, rounds: u32) -> Self {
        self.rounds = rounds;
        self
    }

    /// The same experiment with `page` appended to the page sequence.
    pub fn page(mut self, page: Page) -> Self {
        self.pages.push(page);
        self
    }

    /// The page called `name`, if there is one.
    pub fn find_page(&self, name: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.name == name)
    }

    /// Check what the host checks on upload: a name, one round and one page,
    /// and unique, non-empty page names.
    pub fn validate(&self) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("the experiment has no name".into());
        }
        if self.rounds == 0 {
            return Err("rounds must be at least 1".into());
        }
        if self.pages.is_empty() {
            return Err("the experiment has no pages".into());
        }
        for (i, page) in self.pages.iter().enumerate() {
            if page.name.is_empty() {
                return Err(format!("page {} has no name", i + 1));
            }
            if self.pages[..i].iter().any(|p| p.name == page.name) {
                return Err(format!("two pages are called {:?}", page.name));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_set_kinds_and_buttons() {
        assert!(Page::normal("a", "").next_button);
        let live = Page::live("b", "x").without_next_button();
        assert_eq!((live.kind, live.next_button), (PageKind::Live, false));
        let wait = Page::wait("c");
        assert_eq!((wait.kind, wait.next_button), (PageKind::Wait, false));
    }

    #[test]
    fn validate_catches_bad_infos() {
        let ok = Info::new("x", 2).page(Page::normal("A", ""));
        assert!(ok.validate().is_ok());
        assert!(Info::new("x", 2).validate().is_err());
        assert!(ok.clone().rounds(0).validate().is_err());
        let dup = ok.clone().page(Page::live("A", ""));
        assert!(dup.validate().unwrap_err().contains("\"A\""));
        // oTree's PLAYERS_PER_GROUP = None.
        let mut everyone = ok;
        everyone.players_per_group = 0;
        assert!(everyone.validate().is_ok());
    }
}
