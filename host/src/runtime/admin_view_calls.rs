//! An instance's `admin-views` export (contract 0.1.5): which apps have an
//! admin report and custom export tables (read at upload), the variables
//! of an app's admin report for a round, and the rows of a custom export.
//! Both calls only read ([`Call::only_reading`]). Each call takes a
//! [`Call`] and returns it whatever happened.

use super::call::Call;
use super::page_calls::PageCalls;
use super::sandbox::GuestFailure;
use crate::experiment::AdminViews;

/// A custom export's rows, each its cells.
pub type Table = Vec<Vec<String>>;

impl PageCalls<'_> {
    /// `admin-views.describe()`: none for an experiment without the
    /// export.
    pub(super) async fn admin_views(self) -> Result<Option<AdminViews>, super::CompileError> {
        let Some(admin) = self.admin else {
            return Ok(None);
        };
        self.sandbox.start(None);
        let views = admin
            .call_describe(&mut self.sandbox.store)
            .await
            .map_err(|e| super::CompileError::AdminViews(self.sandbox.failure(e).to_string()))?;
        Ok(Some(AdminViews {
            admin_reports: views.admin_reports,
            custom_exports: views
                .custom_exports
                .into_iter()
                .map(|c| (c.app, c.function))
                .collect(),
        }))
    }

    /// `admin-views.admin-report(app, round)`: the variables of `app`'s
    /// admin report for `round`, a JSON object.
    #[tracing::instrument(level = "debug", name = "admin-report", skip_all, fields(app = %app, round))]
    pub async fn admin_report(
        self,
        call: Call,
        app: &str,
        round: u32,
    ) -> (Call, Result<Result<String, String>, GuestFailure>) {
        let Some(admin) = self.admin else {
            return (call, Ok(Err(format!("app {app} has no admin report"))));
        };
        self.sandbox.start(Some(call));
        let r = admin
            .call_admin_report(&mut self.sandbox.store, app, round)
            .await
            .map_err(|e| self.sandbox.failure(e));
        (self.sandbox.take_call(), r)
    }

    /// `admin-views.custom-export(app, function)`: the rows of one of
    /// `app`'s own export tables, header first.
    #[tracing::instrument(level = "debug", name = "custom-export", skip_all, fields(app = %app, function = %function))]
    pub async fn custom_export(
        self,
        call: Call,
        app: &str,
        function: &str,
    ) -> (Call, Result<Result<Table, String>, GuestFailure>) {
        let Some(admin) = self.admin else {
            return (call, Ok(Err(format!("app {app} has no custom export"))));
        };
        self.sandbox.start(Some(call));
        let r = admin
            .call_custom_export(&mut self.sandbox.store, app, function)
            .await
            .map_err(|e| self.sandbox.failure(e));
        (self.sandbox.take_call(), r)
    }
}
