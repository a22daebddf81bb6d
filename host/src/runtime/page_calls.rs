//! An instance's `pages` export (oTree's page methods, contract 0.1.2),
//! `project` export (0.1.3) and `session-hooks` export (0.1.4) with the
//! sandbox they run in: the calls the host makes when a component is
//! uploaded (`files`, `describe`), when a page is shown, submitted (and its
//! app_after_this_page asked) or times out, and oTree's session hooks
//! (`session_hook_calls`).
//! Both instance types lend theirs ([`super::GroupInstance::page_calls`]),
//! so these are written once. Each call that takes a [`Call`] returns it
//! (with its writes) whatever happened.

use super::bindings::{
    AdminViews, ArrivalGrouping, FormErrors, PageView, Pages, Player, Project, SessionHooks,
};
use super::call::Call;
use super::sandbox::{GuestFailure, Sandbox};

/// An instance's `pages`, if it exports them, and its sandbox.
pub struct PageCalls<'a> {
    pub(super) sandbox: &'a mut Sandbox,
    pub(super) pages: Option<&'a Pages>,
    pub(super) project: Option<&'a Project>,
    pub(super) hooks: Option<&'a SessionHooks>,
    pub(super) admin: Option<&'a AdminViews>,
    pub(super) arrival: Option<&'a ArrivalGrouping>,
}

impl PageCalls<'_> {
    /// `pages.files()`; none for an experiment without `pages`.
    pub(super) async fn files(self) -> Result<Option<crate::experiment::PageFiles>, GuestFailure> {
        let Some(pages) = self.pages else {
            return Ok(None);
        };
        self.sandbox.start(None);
        let files = pages.call_files(&mut self.sandbox.store).await;
        files
            .map(|f| Some(super::world_instance::page_files(f)))
            .map_err(|e| self.sandbox.failure(e))
    }

    /// `project.describe()`, checked; none for an experiment without
    /// `project` (one app).
    pub(super) async fn describe(
        self,
    ) -> Result<Option<crate::experiment::Project>, super::CompileError> {
        let Some(project) = self.project else {
            return Ok(None);
        };
        self.sandbox.start(None);
        let d = project
            .call_describe(&mut self.sandbox.store)
            .await
            .map_err(|e| super::CompileError::Project(self.sandbox.failure(e).to_string()))?;
        Ok(Some(super::world_instance::project(d)?))
    }

    /// `project.app-after-page(page, player, upcoming)`: oTree's
    /// app_after_this_page, in the call of the submit before it. An
    /// experiment without `project` goes on as usual.
    #[tracing::instrument(level = "debug", name = "app-after-page", skip_all, fields(page = %page))]
    pub async fn app_after_page(
        self,
        call: Call,
        page: &str,
        player: Player,
        upcoming: &[String],
    ) -> (Call, Result<Result<Option<String>, String>, GuestFailure>) {
        let Some(project) = self.project else {
            return (call, Ok(Ok(None)));
        };
        self.sandbox.start(Some(call));
        let r = project
            .call_app_after_page(&mut self.sandbox.store, page, player, upcoming)
            .await
            .map_err(|e| self.sandbox.failure(e));
        (self.sandbox.take_call(), r)
    }

    /// `pages.show(page, player)`: the page's view, or the guest's error
    /// text. An experiment without `pages` shows every page with no
    /// variables.
    #[tracing::instrument(level = "debug", name = "show", skip_all, fields(page = %page))]
    pub async fn show(
        self,
        call: Call,
        page: &str,
        player: Player,
    ) -> (Call, Result<Result<PageView, String>, GuestFailure>) {
        let Some(pages) = self.pages else {
            let view = PageView {
                displayed: true,
                variables: "{}".into(),
                js_vars: None,
                timeout_seconds: None,
                form_fields: Vec::new(),
            };
            return (call, Ok(Ok(view)));
        };
        self.sandbox.start(Some(call));
        let r = pages
            .call_show(&mut self.sandbox.store, page, player)
            .await
            .map_err(|e| self.sandbox.failure(e));
        (self.sandbox.take_call(), r)
    }

    /// `pages.submit(page, player, form)`: `Ok(Err(errors))` is the form
    /// refused with oTree's messages. Only for an experiment with `pages`
    /// (others are asked `before-next`).
    #[tracing::instrument(level = "debug", name = "submit", skip_all, fields(page = %page))]
    pub async fn submit(
        self,
        call: Call,
        page: &str,
        player: Player,
        form: &str,
    ) -> (Call, Result<Result<(), FormErrors>, GuestFailure>) {
        let Some(pages) = self.pages else {
            let failure = GuestFailure::Instantiate(
                "the experiment has no pages export to submit a form to".into(),
            );
            return (call, Err(failure));
        };
        self.sandbox.start(Some(call));
        let r = pages
            .call_submit(&mut self.sandbox.store, page, player, form)
            .await
            .map_err(|e| self.sandbox.failure(e));
        (self.sandbox.take_call(), r)
    }

    /// `pages.timed-out(page, player, form)`; an experiment without `pages`
    /// has no timeouts, so this is then a no-op.
    #[tracing::instrument(level = "debug", name = "timed-out", skip_all, fields(page = %page))]
    pub async fn timed_out(
        self,
        call: Call,
        page: &str,
        player: Player,
        form: &str,
    ) -> (Call, Result<Result<(), String>, GuestFailure>) {
        let Some(pages) = self.pages else {
            return (call, Ok(Ok(())));
        };
        self.sandbox.start(Some(call));
        let r = pages
            .call_timed_out(&mut self.sandbox.store, page, player, form)
            .await
            .map_err(|e| self.sandbox.failure(e));
        (self.sandbox.take_call(), r)
    }
}
