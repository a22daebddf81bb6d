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
    /// The apps of an oTree project (WIT `project.describe`), their pages
    /// consecutive runs of `pages`; empty for one app of every page, played
    /// `rounds` times in groups of `players_per_group`. Absent in records
    /// written before contract 0.1.3.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub apps: Vec<AppInfo>,
    /// The project's session configs (oTree's SESSION_CONFIGS, defaults
    /// merged in), in the order the project lists them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub session_configs: Vec<SessionConfig>,
    /// oTree's session hooks the experiment defines (WIT
    /// `session-hooks.describe`). Absent in records written before
    /// contract 0.1.4.
    #[serde(default, skip_serializing_if = "Hooks::is_empty")]
    pub hooks: Hooks,
    /// What its apps show the researcher (WIT `admin-views.describe`).
    /// Absent in records written before contract 0.1.5.
    #[serde(default, skip_serializing_if = "AdminViews::is_empty")]
    pub admin_views: AdminViews,
}

/// The apps with an admin report and the apps' own export tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminViews {
    /// Apps with an admin report (`<app>/admin_report.html`).
    #[serde(default)]
    pub admin_reports: Vec<String>,
    /// (app, function) of each custom export.
    #[serde(default)]
    pub custom_exports: Vec<(String, String)>,
}

impl AdminViews {
    pub fn is_empty(&self) -> bool {
        self.admin_reports.is_empty() && self.custom_exports.is_empty()
    }

    /// The name of `app`'s admin report template.
    pub fn report_template(app: &str) -> String {
        format!("{app}/admin_report.html")
    }
}

/// Which of oTree's session hooks an experiment defines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hooks {
    /// The apps that define creating_session.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub creating_session: Vec<String>,
    /// The wait pages that define after_all_players_arrive.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after_all_players_arrive: Vec<String>,
    /// The wait pages that define is_displayed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wait_pages_displayed_if: Vec<String>,
    /// The wait pages with wait_for_all_groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wait_for_all_groups: Vec<String>,
    /// The wait pages with group_by_arrival_time (each its app's first
    /// page).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_by_arrival_time: Vec<String>,
    /// The apps with a rule of their own for it (oTree's
    /// group_by_arrival_time_method, contract 0.1.5).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_by_arrival_time_method: Vec<String>,
}

/// A wait page's settings (WIT `session-hooks.wait-page`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitPageSettings {
    pub name: String,
    pub after_all_players_arrive: bool,
    pub is_displayed: bool,
    pub wait_for_all_groups: bool,
    pub group_by_arrival_time: bool,
}

impl Hooks {
    pub fn is_empty(&self) -> bool {
        self.creating_session.is_empty()
            && self.after_all_players_arrive.is_empty()
            && self.wait_pages_displayed_if.is_empty()
            && self.wait_for_all_groups.is_empty()
            && self.group_by_arrival_time.is_empty()
    }
}

/// One app of an oTree project (WIT `project.app`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppInfo {
    pub name: String,
    /// Its pages' names, in order.
    pub pages: Vec<String>,
    pub rounds: u32,
    /// 0: one group of the whole session.
    pub players_per_group: u32,
    /// Pages after whose submit `app-after-page` is asked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub app_after_pages: Vec<String>,
}

/// A project's session config: oTree's SESSION_CONFIGS entry with
/// SESSION_CONFIG_DEFAULTS merged in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionConfig {
    pub name: String,
    pub app_sequence: Vec<String>,
    /// The whole config object, as `session.config` shows it.
    pub config: serde_json::Map<String, serde_json::Value>,
}

/// What a project gives besides its apps' pages (WIT `project.description`).
#[derive(Debug, Clone, Default)]
pub struct Project {
    pub apps: Vec<AppInfo>,
    pub session_configs: Vec<SessionConfig>,
    /// (path, bytes) of its static files.
    pub static_files: Vec<(String, Vec<u8>)>,
}

impl SessionConfig {
    /// The configs of `describe`'s JSON list, each checked for a name and
    /// an app sequence.
    pub fn parse_list(json: &str) -> Result<Vec<SessionConfig>, String> {
        let list: Vec<serde_json::Value> = serde_json::from_str(json)
            .map_err(|e| format!("session-configs is not a JSON list: {e}"))?;
        let mut configs = Vec::new();
        for (i, value) in list.into_iter().enumerate() {
            let serde_json::Value::Object(config) = value else {
                return Err(format!("SESSION_CONFIGS[{i}] is not a dict"));
            };
            let name = match config.get("name") {
                Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.clone(),
                _ => return Err(format!("SESSION_CONFIGS[{i}] has no 'name'")),
            };
            let apps = config
                .get("app_sequence")
                .and_then(|v| v.as_array())
                .map(|a| {
                    a.iter()
                        .map(|x| x.as_str().map(str::to_string))
                        .collect::<Option<Vec<_>>>()
                })
                .unwrap_or(None)
                .filter(|a| !a.is_empty())
                .ok_or_else(|| {
                    format!(
                        "session config {name:?}: 'app_sequence' must be a non-empty list of app names"
                    )
                })?;
            if configs.iter().any(|c: &SessionConfig| c.name == name) {
                return Err(format!("two session configs are named {name:?}"));
            }
            configs.push(SessionConfig {
                name,
                app_sequence: apps,
                config,
            });
        }
        Ok(configs)
    }

    /// How many participants a demo session of this config has, if it
    /// says (`num_demo_participants`).
    pub fn demo_participants(&self) -> Option<u32> {
        self.config
            .get("num_demo_participants")
            .and_then(|v| v.as_u64())
            .and_then(|n| u32::try_from(n).ok())
    }

    /// Its `display_name`, else its name.
    pub fn display_name(&self) -> &str {
        self.config
            .get("display_name")
            .and_then(|v| v.as_str())
            .unwrap_or(&self.name)
    }
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
    #[error("its session configs are wrong: {0}")]
    SessionConfigs(String),
    #[error("its apps are wrong: {0}")]
    Apps(String),
    #[error("its session hooks are wrong: {0}")]
    Hooks(String),
    #[error("its admin views are wrong: {0}")]
    AdminViews(String),
}

impl ExperimentInfo {
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

    /// Takes a project's apps and session configs, checked against the
    /// pages and each other; returns its static files by path.
    pub fn set_project(
        &mut self,
        project: Project,
    ) -> Result<std::collections::HashMap<String, bytes::Bytes>, InfoError> {
        let bad = |s: String| InfoError::Apps(s);
        let mut at = 0usize;
        let mut names = std::collections::HashSet::new();
        for app in &project.apps {
            if app.name.is_empty() || !names.insert(app.name.as_str()) {
                return Err(bad(format!(
                    "app names must be unique and not empty: {:?}",
                    app.name
                )));
            }
            if app.rounds == 0 {
                return Err(bad(format!("app {} has NUM_ROUNDS 0", app.name)));
            }
            if app.pages.is_empty() {
                return Err(bad(format!("app {} has no pages", app.name)));
            }
            for name in &app.pages {
                if self.pages.get(at).map(|p| &p.name) != Some(name) {
                    return Err(bad(format!(
                        "app {}'s page {name} is not the next page of info().pages",
                        app.name
                    )));
                }
                at += 1;
            }
            if let Some(p) = app.app_after_pages.iter().find(|p| !app.pages.contains(p)) {
                return Err(bad(format!(
                    "app {}: {p} is not one of its pages",
                    app.name
                )));
            }
        }
        if !project.apps.is_empty() && at != self.pages.len() {
            return Err(bad(format!(
                "info() lists {} pages, the apps {at}",
                self.pages.len()
            )));
        }
        for config in &project.session_configs {
            if let Some(app) = config
                .app_sequence
                .iter()
                .find(|a| !names.contains(a.as_str()))
            {
                return Err(InfoError::SessionConfigs(format!(
                    "session config {:?}: app_sequence names {app:?}, which is not an app of the project",
                    config.name
                )));
            }
        }
        let mut files = std::collections::HashMap::new();
        for (path, bytes) in project.static_files {
            if path.is_empty()
                || path.starts_with('/')
                || path
                    .split('/')
                    .any(|part| part.is_empty() || part == "." || part == "..")
            {
                return Err(bad(format!(
                    "a static file has the path {path:?}: give paths relative to _static/"
                )));
            }
            files.insert(path, bytes::Bytes::from(bytes));
        }
        self.apps = project.apps;
        self.session_configs = project.session_configs;
        Ok(files)
    }

    /// The apps: a project's, or one app of every page.
    pub fn app_list(&self) -> std::borrow::Cow<'_, [AppInfo]> {
        if !self.apps.is_empty() {
            return std::borrow::Cow::Borrowed(&self.apps);
        }
        std::borrow::Cow::Owned(vec![AppInfo {
            name: self.name.clone(),
            pages: self.pages.iter().map(|p| p.name.clone()).collect(),
            rounds: self.rounds,
            players_per_group: self.players_per_group,
            app_after_pages: Vec::new(),
        }])
    }

    /// Takes what the experiment's apps show the researcher, checked: each
    /// app is one of its apps, and one with an admin report has its
    /// template.
    pub fn set_admin_views(&mut self, views: AdminViews) -> Result<(), InfoError> {
        let apps = self.app_list();
        let known = |app: &String| apps.iter().any(|a| &a.name == app);
        let bad = |what: String| Err(InfoError::AdminViews(what));
        for app in &views.admin_reports {
            if !known(app) {
                return bad(format!(
                    "an admin report is given for app {app:?}, which the experiment does not have"
                ));
            }
            let template = AdminViews::report_template(app);
            let has = self
                .page_files
                .as_ref()
                .is_some_and(|f| f.templates.iter().any(|t| t.name == template));
            if !has {
                return bad(format!(
                    "app {app} has an admin report but no template {template} among its templates"
                ));
            }
        }
        for (app, function) in &views.custom_exports {
            if !known(app) {
                return bad(format!(
                    "{function} is given for app {app:?}, which the experiment does not have"
                ));
            }
        }
        drop(apps);
        self.admin_views = views;
        Ok(())
    }

    /// Takes the experiment's session hooks, checked against its apps and
    /// pages.
    pub fn set_hooks(
        &mut self,
        creating_session: Vec<String>,
        wait_pages: Vec<WaitPageSettings>,
        arrival_rules: Vec<String>,
    ) -> Result<(), InfoError> {
        let apps = self.app_list();
        if let Some(app) = creating_session
            .iter()
            .find(|a| !apps.iter().any(|x| &x.name == *a))
        {
            return Err(InfoError::Hooks(format!(
                "creating_session is defined for app {app:?}, which the experiment does not have"
            )));
        }
        let (mut arrive, mut displayed_if, mut all_groups) = (Vec::new(), Vec::new(), Vec::new());
        let mut by_arrival = Vec::new();
        for page in &wait_pages {
            let is_wait = self
                .pages
                .iter()
                .any(|p| p.name == page.name && p.kind == PageKind::Wait);
            if !is_wait {
                return Err(InfoError::Hooks(format!(
                    "{} is not one of the experiment's wait pages",
                    page.name
                )));
            }
            if page.group_by_arrival_time {
                let app = apps.iter().find(|a| a.pages.contains(&page.name));
                let refuse = |why: String| {
                    Err(InfoError::Hooks(format!(
                        "{} has group_by_arrival_time=True, so {why}",
                        page.name
                    )))
                };
                match app {
                    Some(a) if a.pages.first() != Some(&page.name) => {
                        return refuse(
                            "it must be placed first in page_sequence (as on oTree)".into(),
                        );
                    }
                    Some(a) if a.players_per_group == 0 && !arrival_rules.contains(&a.name) => {
                        return refuse(format!(
                            "app {} needs C.PLAYERS_PER_GROUP set to a number, the size of the groups it forms, or a group_by_arrival_time_method (as on oTree)",
                            a.name
                        ));
                    }
                    _ => {}
                }
                if page.wait_for_all_groups {
                    return refuse(
                        "it cannot have wait_for_all_groups=True also (as on oTree)".into(),
                    );
                }
                by_arrival.push(page.name.clone());
            }
            if page.wait_for_all_groups {
                all_groups.push(page.name.clone());
            }
            if page.after_all_players_arrive {
                arrive.push(page.name.clone());
            }
            if page.is_displayed {
                displayed_if.push(page.name.clone());
            }
        }
        if let Some(app) = arrival_rules.iter().find(|app| {
            !apps
                .iter()
                .any(|a| &a.name == *app && a.pages.first().is_some_and(|p| by_arrival.contains(p)))
        }) {
            return Err(InfoError::Hooks(format!(
                "group_by_arrival_time_method is given for app {app:?}, whose first page is not a wait page with group_by_arrival_time=True"
            )));
        }
        drop(apps);
        self.hooks = Hooks {
            creating_session,
            after_all_players_arrive: arrive,
            wait_pages_displayed_if: displayed_if,
            wait_for_all_groups: all_groups,
            group_by_arrival_time: by_arrival,
            group_by_arrival_time_method: arrival_rules,
        };
        Ok(())
    }

    /// The session config named `name`.
    pub fn session_config(&self, name: &str) -> Option<&SessionConfig> {
        self.session_configs.iter().find(|c| c.name == name)
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
            apps: Vec::new(),
            session_configs: Vec::new(),
            hooks: Default::default(),
            admin_views: Default::default(),
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

    #[test]
    fn grouping_by_arrival_is_refused_where_otree_refuses_it() {
        let waits = |pages: &[&str]| {
            let mut i = info(pages);
            for p in &mut i.pages {
                if p.name.starts_with("Wait") {
                    p.kind = PageKind::Wait;
                }
            }
            i
        };
        let page = |name: &str, all_groups| WaitPageSettings {
            name: name.into(),
            after_all_players_arrive: false,
            is_displayed: false,
            wait_for_all_groups: all_groups,
            group_by_arrival_time: true,
        };
        let mut first = waits(&["Wait", "Play"]);
        assert_eq!(
            first.set_hooks(Vec::new(), vec![page("Wait", false)], Vec::new()),
            Ok(())
        );
        assert_eq!(first.hooks.group_by_arrival_time, ["Wait"]);
        let refused = |mut i: ExperimentInfo, p| match i.set_hooks(Vec::new(), vec![p], Vec::new())
        {
            Err(InfoError::Hooks(text)) => text,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            refused(waits(&["Play", "Wait"]), page("Wait", false)),
            "Wait has group_by_arrival_time=True, so it must be placed first in page_sequence (as on oTree)"
        );
        assert!(
            refused(waits(&["Wait", "Play"]), page("Wait", true))
                .ends_with("it cannot have wait_for_all_groups=True also (as on oTree)")
        );
        let mut everyone = waits(&["Wait", "Play"]);
        everyone.players_per_group = 0;
        assert!(
            refused(everyone.clone(), page("Wait", false))
                .contains("needs C.PLAYERS_PER_GROUP set to a number")
        );
        // With a rule of its own, any group size will do, as on oTree.
        let rule = vec!["x".to_string()];
        assert_eq!(
            everyone.set_hooks(Vec::new(), vec![page("Wait", false)], rule.clone()),
            Ok(())
        );
        let mut later = waits(&["Play", "Wait"]);
        assert!(matches!(
            later.set_hooks(Vec::new(), Vec::new(), rule),
            Err(InfoError::Hooks(text)) if text.contains("whose first page is not a wait page with group_by_arrival_time=True")
        ));
    }
}
