//! What a session's apps show the researcher besides its data (contract
//! 0.1.5): an app's admin report (oTree's `vars_for_admin_report` for a
//! round, which the console renders with the app's `admin_report.html`)
//! and its custom exports (oTree's `custom_export(players)` functions, one
//! CSV table each). Each runs as a call of the experiment for the whole
//! app, on a fresh instance, that only reads: nothing it does is kept or
//! logged.

use std::sync::Arc;

use super::{Livehost, SessionError, now_ms};
use crate::experiment::ExperimentInfo;
use crate::runtime::{AppGroups, Call, Experiment};

/// Why an admin report or a custom export could not be made.
#[derive(Debug, thiserror::Error)]
pub enum AdminViewError {
    #[error("{0}")]
    Session(#[from] SessionError),
    #[error(
        "no app of session {0} has an admin report: an app shows one when it has an admin_report.html template"
    )]
    NoReports(String),
    #[error("app {app:?} of this session has no admin report; those that have one: {known}")]
    NoReport { app: String, known: String },
    #[error(
        "app {app:?} of this session has no custom export {function:?}; its custom exports: {known}"
    )]
    NoExport {
        app: String,
        function: String,
        known: String,
    },
    #[error("{what} failed: {error}")]
    Failed { what: String, error: String },
}

/// An admin report's variables, and which reports the session has.
#[derive(Debug, Clone)]
pub struct AdminReport {
    pub app: String,
    pub round: u32,
    /// Every app of the session with a report, and its number of rounds.
    pub apps: Vec<(String, u32)>,
    /// The variables, a JSON object.
    pub variables: String,
    /// The experiment (its SHA and info), whose templates render it.
    pub sha: String,
    pub info: Arc<ExperimentInfo>,
}

impl Livehost {
    /// The admin report of `app` (default: the session's first app with
    /// one) for `round` (default, or out of range: its last round, as
    /// oTree) of session `code`.
    pub async fn admin_report(
        &self,
        code: &str,
        app: Option<&str>,
        round: Option<u32>,
    ) -> Result<AdminReport, AdminViewError> {
        let (experiment, stages) = self.session_apps(code).await?;
        let apps: Vec<(String, u32)> = stages
            .iter()
            .filter(|s| experiment.info.admin_views.admin_reports.contains(&s.name))
            .map(|s| (s.name.clone(), s.rounds))
            .collect();
        let chosen = match app {
            None => apps.first(),
            Some(name) => apps.iter().find(|(a, _)| a == name),
        };
        let Some((app, rounds)) = chosen.cloned() else {
            return Err(match app {
                None => AdminViewError::NoReports(code.to_string()),
                Some(name) => AdminViewError::NoReport {
                    app: name.to_string(),
                    known: names(apps.iter().map(|(a, _)| a.as_str())),
                },
            });
        };
        let round = round.filter(|r| (1..=rounds).contains(r)).unwrap_or(rounds);
        let groups = stage_groups(&stages, &app)?;
        let call = self.reading_call(code, groups, round, "the admin report");
        let mut instance = self.instance_for_view(&experiment, &app).await?;
        let (_, outcome) = instance.page_calls().admin_report(call, &app, round).await;
        let variables = view_outcome(outcome, || {
            format!("vars_for_admin_report of app {app} (round {round})")
        })?;
        Ok(AdminReport {
            app,
            round,
            apps,
            variables,
            sha: experiment.sha.clone(),
            info: Arc::new(experiment.info.clone()),
        })
    }

    /// The rows of custom export `function` of `app` for session `code`,
    /// header first.
    pub async fn custom_export(
        &self,
        code: &str,
        app: &str,
        function: &str,
    ) -> Result<Vec<Vec<String>>, AdminViewError> {
        let (experiment, stages) = self.session_apps(code).await?;
        let exports = self.custom_exports_of(&experiment, &stages);
        if !exports.iter().any(|(a, f)| a == app && f == function) {
            return Err(AdminViewError::NoExport {
                app: app.to_string(),
                function: function.to_string(),
                known: names(exports.iter().map(|(a, f)| format!("{a}/{f}"))),
            });
        }
        let groups = stage_groups(&stages, app)?;
        let call = self.reading_call(code, groups, 1, "a custom export");
        let mut instance = self.instance_for_view(&experiment, app).await?;
        let (_, outcome) = instance
            .page_calls()
            .custom_export(call, app, function)
            .await;
        view_outcome(outcome, || format!("{function} of app {app}"))
    }

    /// The custom exports (app, function) of session `code`'s apps.
    pub async fn custom_exports(
        &self,
        code: &str,
    ) -> Result<Vec<(String, String)>, AdminViewError> {
        let (experiment, stages) = self.session_apps(code).await?;
        Ok(self.custom_exports_of(&experiment, &stages))
    }

    fn custom_exports_of(
        &self,
        experiment: &Experiment,
        stages: &[super::app_sequence::Stage],
    ) -> Vec<(String, String)> {
        let exports = &experiment.info.admin_views.custom_exports;
        stages
            .iter()
            .flat_map(|s| exports.iter().filter(move |(a, _)| a == &s.name).cloned())
            .collect()
    }

    /// Session `code`'s experiment and the apps it plays.
    async fn session_apps(
        &self,
        code: &str,
    ) -> Result<(Arc<Experiment>, Vec<super::app_sequence::Stage>), AdminViewError> {
        let session = self
            .inner
            .store
            .session(code)
            .map_err(SessionError::Store)?
            .ok_or_else(|| SessionError::UnknownSession(code.to_string()))?;
        let experiment = self.experiment(&session.experiment).await?;
        let sequence = self
            .sequence_of(&session, &experiment)
            .map_err(|e| SessionError::Load(e.to_string()))?;
        Ok((experiment, sequence.stages().to_vec()))
    }

    /// A call for the whole of app `groups` in `round` that only reads.
    fn reading_call(&self, code: &str, groups: AppGroups, round: u32, what: &'static str) -> Call {
        self.session_call(&Arc::from(code), (0, round), Vec::new(), now_ms(), groups)
            .for_whole_app()
            .only_reading(what)
            .drawing_from(&self.inner.config.entropy)
    }

    async fn instance_for_view(
        &self,
        experiment: &Experiment,
        app: &str,
    ) -> Result<crate::runtime::GroupInstance, AdminViewError> {
        self.inner
            .runtime
            .instantiate(experiment)
            .await
            .map_err(|e| AdminViewError::Failed {
                what: format!("starting the experiment for app {app}"),
                error: e.to_string(),
            })
    }
}

/// The groups of the session's app named `app`.
fn stage_groups(
    stages: &[super::app_sequence::Stage],
    app: &str,
) -> Result<AppGroups, AdminViewError> {
    stages
        .iter()
        .find(|s| s.name == app)
        .map(|s| s.groups.clone())
        .ok_or_else(|| AdminViewError::Failed {
            what: format!("app {app}"),
            error: "the session does not play it".into(),
        })
}

/// What a view's call gave, or its error (the experiment's text in full,
/// traceback included: it is for the researcher).
fn view_outcome<T>(
    outcome: Result<Result<T, String>, crate::runtime::GuestFailure>,
    what: impl FnOnce() -> String,
) -> Result<T, AdminViewError> {
    match outcome {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(AdminViewError::Failed {
            what: what(),
            error,
        }),
        Err(f) => Err(AdminViewError::Failed {
            what: what(),
            error: f.to_string(),
        }),
    }
}

/// Names for an error message: "a, b" or "none".
fn names<S: AsRef<str>>(items: impl Iterator<Item = S>) -> String {
    let all: Vec<String> = items.map(|s| s.as_ref().to_string()).collect();
    if all.is_empty() {
        "none".into()
    } else {
        all.join(", ")
    }
}
