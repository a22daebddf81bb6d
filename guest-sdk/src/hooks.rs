//! oTree's session hooks (the WIT `session-hooks` and `arrival-grouping`
//! exports): which hooks an app has ([`SessionHooks`], [`WaitPage`], what
//! `describe` reports), and the one place where the host's hook calls
//! (`creating-session`, `after-all-players-arrive`,
//! `group-by-arrival-time`) become calls of
//! [`OtreePages`](crate::OtreePages)'s methods, on top of a [`Backend`];
//! the component and the harness both use them.

use crate::backend::Backend;
use crate::error::{Error, Result};
use crate::experiment::AsyncExperiment;
use crate::info::PageKind;
use crate::pages::OtreePages;
use crate::player::{Group, Player};
use crate::subsession::Subsession;

/// The session hooks an app defines (oTree's `creating_session` and its
/// wait pages' settings), as
/// [`OtreePages::session_hooks`](crate::OtreePages::session_hooks)
/// declares them: the host calls only the hooks declared here.
///
/// ```
/// use livehost_guest::{SessionHooks, WaitPage};
/// let hooks = SessionHooks::new()
///     .creating_session()
///     .wait_page(WaitPage::new("Arrive").after_all_players_arrive())
///     .wait_page(WaitPage::new("Ranking").wait_for_all_groups().after_all_players_arrive());
/// assert!(hooks.has_creating_session());
/// assert_eq!(hooks.wait_pages().len(), 2);
///
/// // oTree's group_by_arrival_time_method: the app forms its own groups.
/// let hooks = SessionHooks::new()
///     .wait_page(WaitPage::new("Matching").group_by_arrival_time())
///     .group_by_arrival_time_method();
/// assert!(hooks.has_group_by_arrival_time_method());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SessionHooks {
    creating_session: bool,
    group_by_arrival_time_method: bool,
    wait_pages: Vec<WaitPage>,
}

impl SessionHooks {
    /// No hooks.
    pub fn new() -> Self {
        SessionHooks::default()
    }

    /// The app defines [`OtreePages::creating_session`](crate::OtreePages::creating_session).
    pub fn creating_session(mut self) -> Self {
        self.creating_session = true;
        self
    }

    /// The app defines
    /// [`OtreePages::group_by_arrival_time_method`](crate::OtreePages::group_by_arrival_time_method)
    /// (oTree's `group_by_arrival_time_method`): the groups its
    /// [`WaitPage::group_by_arrival_time`] page forms are the ones the
    /// method picks among the players waiting there, not groups of the
    /// app's players per group (which may then be 0).
    pub fn group_by_arrival_time_method(mut self) -> Self {
        self.group_by_arrival_time_method = true;
        self
    }

    /// A wait page's settings.
    pub fn wait_page(mut self, page: WaitPage) -> Self {
        self.wait_pages.push(page);
        self
    }

    /// Whether creating_session is declared.
    pub fn has_creating_session(&self) -> bool {
        self.creating_session
    }

    /// Whether group_by_arrival_time_method is declared.
    pub fn has_group_by_arrival_time_method(&self) -> bool {
        self.group_by_arrival_time_method
    }

    /// The wait pages declared.
    pub fn wait_pages(&self) -> &[WaitPage] {
        &self.wait_pages
    }

    /// The settings of wait page `page`, if declared.
    pub fn wait_page_named(&self, page: &str) -> Option<&WaitPage> {
        self.wait_pages.iter().find(|w| w.name == page)
    }
}

/// A wait page's settings (the WIT `session-hooks.wait-page`); a wait page
/// not declared waits for its group and has no hook.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WaitPage {
    /// The page's name, a [`Page::wait`](crate::Page::wait) of the app.
    pub name: String,
    /// It has `after_all_players_arrive`
    /// ([`OtreePages::after_all_players_arrive`](crate::OtreePages::after_all_players_arrive),
    /// or with `wait_for_all_groups`
    /// [`OtreePages::after_all_groups_arrive`](crate::OtreePages::after_all_groups_arrive)).
    pub after_all_players_arrive: bool,
    /// [`OtreePages::is_displayed`](crate::OtreePages::is_displayed) decides
    /// whether a player sees it; one who does not moves on at once.
    pub is_displayed: bool,
    /// oTree's `wait_for_all_groups`: it waits for every player of the
    /// round, and its hook is the subsession's.
    pub wait_for_all_groups: bool,
    /// oTree's `group_by_arrival_time`: the app's first page, where groups
    /// of the app's players per group form in the order their players
    /// arrive, or those the app's
    /// [`group_by_arrival_time_method`](crate::OtreePages::group_by_arrival_time_method)
    /// picks (every round starts as one group of everyone; a group formed
    /// takes the number after the app's highest).
    pub group_by_arrival_time: bool,
}

impl WaitPage {
    /// The wait page `name`, with no settings yet.
    pub fn new(name: impl Into<String>) -> Self {
        WaitPage {
            name: name.into(),
            ..WaitPage::default()
        }
    }

    /// It has after_all_players_arrive.
    pub fn after_all_players_arrive(mut self) -> Self {
        self.after_all_players_arrive = true;
        self
    }

    /// It has is_displayed.
    pub fn is_displayed(mut self) -> Self {
        self.is_displayed = true;
        self
    }

    /// It waits for all groups (oTree's `wait_for_all_groups = True`).
    pub fn wait_for_all_groups(mut self) -> Self {
        self.wait_for_all_groups = true;
        self
    }

    /// It groups players by arrival time (oTree's `group_by_arrival_time =
    /// True`): it must be the app's first page, and the app's players per
    /// group a number (not 0) unless the app has its own rule
    /// ([`SessionHooks::group_by_arrival_time_method`]).
    pub fn group_by_arrival_time(mut self) -> Self {
        self.group_by_arrival_time = true;
        self
    }

    /// Whether it has any setting (a wait page without any waits for its
    /// group and has no hook: `describe` leaves it out).
    fn has_settings(&self) -> bool {
        self.after_all_players_arrive
            || self.is_displayed
            || self.wait_for_all_groups
            || self.group_by_arrival_time
    }
}

/// What `session-hooks.describe` reports.
#[doc(hidden)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub struct Described {
    pub creating_session: Vec<String>,
    pub wait_pages: Vec<WaitPage>,
}

/// Checks the declared hooks against the app's pages: each wait page named
/// is one of its wait pages, once.
pub(crate) fn check<E: AsyncExperiment + OtreePages>() -> Result<SessionHooks, String> {
    let hooks = E::session_hooks();
    let info = E::info();
    for (i, w) in hooks.wait_pages.iter().enumerate() {
        match info.find_page(&w.name) {
            Some(p) if p.kind == PageKind::Wait => {}
            Some(_) => {
                return Err(format!(
                    "session_hooks declares WaitPage::new({:?}), but {} is not a wait page: declare it with Page::wait",
                    w.name, w.name
                ));
            }
            None => {
                return Err(format!(
                    "session_hooks declares WaitPage::new({:?}), but {} has no page {:?}: name one of its Page::wait pages",
                    w.name, info.name, w.name
                ));
            }
        }
        if w.group_by_arrival_time {
            check_by_arrival(&info, w, hooks.group_by_arrival_time_method)?;
        }
        if hooks.wait_pages[..i].iter().any(|o| o.name == w.name) {
            return Err(format!(
                "session_hooks declares the wait page {:?} twice: declare each once, with all its settings",
                w.name
            ));
        }
    }
    if hooks.group_by_arrival_time_method
        && !hooks.wait_pages.iter().any(|w| w.group_by_arrival_time)
    {
        return Err(
            "session_hooks declares group_by_arrival_time_method, but no wait page groups by arrival time: declare its page with WaitPage::new(page).group_by_arrival_time()"
                .to_owned(),
        );
    }
    Ok(hooks)
}

/// Where oTree refuses group_by_arrival_time, the SDK names it before the
/// host does: not the first page, one group of everyone without the app's
/// own rule (`method`), or with wait_for_all_groups.
fn check_by_arrival(info: &crate::info::Info, w: &WaitPage, method: bool) -> Result<(), String> {
    let why = if info.pages.first().map(|p| p.name.as_str()) != Some(w.name.as_str()) {
        "it must be the app's first page (as on oTree): put it first in Info's pages"
    } else if info.players_per_group == 0 && !method {
        "the app's players per group must be a number, the size of the groups it forms, not 0 (or the app forms its own: declare SessionHooks::group_by_arrival_time_method)"
    } else if w.wait_for_all_groups {
        "it cannot also wait for all groups (as on oTree): leave out wait_for_all_groups"
    } else {
        return Ok(());
    };
    Err(format!(
        "session_hooks declares WaitPage::new({:?}).group_by_arrival_time(), but {why}",
        w.name
    ))
}

/// The `session-hooks.describe` export. Declarations that do not match
/// the app's pages are left out (the harness refuses them, naming them).
#[doc(hidden)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub fn describe<E: AsyncExperiment + OtreePages>() -> Described {
    let hooks = match check::<E>() {
        Ok(hooks) => hooks,
        Err(_) => SessionHooks {
            creating_session: E::session_hooks().creating_session,
            group_by_arrival_time_method: false,
            wait_pages: Vec::new(),
        },
    };
    Described {
        creating_session: if hooks.creating_session {
            vec![E::info().name]
        } else {
            Vec::new()
        },
        wait_pages: hooks
            .wait_pages
            .into_iter()
            .filter(WaitPage::has_settings)
            .collect(),
    }
}

/// The `session-hooks.creating-session` export: `E::creating_session` for
/// `round` (the app is the experiment itself, whatever its name).
#[doc(hidden)]
pub fn creating_session<E: AsyncExperiment + OtreePages>(
    backend: &dyn Backend,
    round: u32,
) -> Result<(), String> {
    let subsession = Subsession::new(round, backend);
    E::creating_session(&subsession)
        .map_err(|e| e.context(format!("creating_session of round {round}")))?;
    Ok(())
}

/// The `session-hooks.after-all-players-arrive` export: the group's hook
/// (`group`: its number) or, with none, the subsession's.
#[doc(hidden)]
pub fn after_all_players_arrive<E: AsyncExperiment + OtreePages>(
    backend: &dyn Backend,
    page: &str,
    round: u32,
    group: Option<u32>,
) -> Result<(), String> {
    let result = match group {
        Some(number) => {
            E::after_all_players_arrive(&Group::of_subsession(number, round, backend), page)
        }
        None => E::after_all_groups_arrive(&Subsession::new(round, backend), page),
    };
    result.map_err(|e| {
        e.context(format!(
            "after_all_players_arrive of wait page {page} (round {round})"
        ))
    })?;
    Ok(())
}

/// The `arrival-grouping.describe` export: the app, if it declares
/// group_by_arrival_time_method and its declarations pass [`check`].
#[doc(hidden)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub fn arrival_apps<E: AsyncExperiment + OtreePages>() -> Vec<String> {
    match check::<E>() {
        Ok(hooks) if hooks.group_by_arrival_time_method => vec![E::info().name],
        _ => Vec::new(),
    }
}

/// The `arrival-grouping.group-by-arrival-time` export:
/// `E::group_by_arrival_time_method` for `round`, with the players of the
/// participants `waiting` (in that order); the group it picks as
/// participant ids, in id-in-group order, or none to wait for more. The
/// host checks the group (each one of `waiting`, once).
#[doc(hidden)]
pub fn group_by_arrival_time<E: AsyncExperiment + OtreePages>(
    backend: &dyn Backend,
    round: u32,
    waiting: &[u32],
) -> Result<Option<Vec<u32>>, String> {
    let hooks = check::<E>()?;
    if !hooks.group_by_arrival_time_method {
        return Err(format!(
            "{} has no group_by_arrival_time_method: declare it in OtreePages::session_hooks, SessionHooks::new().group_by_arrival_time_method()",
            E::info().name
        ));
    }
    let subsession = Subsession::new(round, backend);
    let players = subsession.get_players()?;
    let waiting_players = waiting
        .iter()
        .map(|&id| {
            players
                .iter()
                .find(|p| p.participant_id() == id)
                .copied()
                .ok_or_else(|| {
                    format!("round {round} has no player of participant {id}, who is waiting")
                })
        })
        .collect::<Result<Vec<Player<'_>>, String>>()?;
    let group = E::group_by_arrival_time_method(&subsession, &waiting_players)
        .map_err(|e| e.context(format!("group_by_arrival_time_method of round {round}")))?;
    Ok(group.map(|players| players.iter().map(Player::participant_id).collect()))
}

/// The error of a hook declared in `session_hooks` but not implemented.
pub(crate) fn not_implemented(hook: &str, declared: &str) -> Error {
    Error::new(format!(
        "session_hooks declares {declared}, but OtreePages::{hook} is not implemented: implement it, or leave the declaration out"
    ))
}
