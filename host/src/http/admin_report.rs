//! An app's admin report and custom exports, for the console and the
//! admin API (`live::admin_views` runs the experiment's functions).
//!
//! The report is the app's `admin_report.html` rendered with what
//! vars_for_admin_report gave, as a page of its own served under
//! `Content-Security-Policy: sandbox allow-scripts`: the browser gives it
//! an opaque origin, so its scripts (a chart, say) run but cannot read or
//! act on the console, whatever a participant typed that the report
//! prints (oTree's templates do not escape). The console shows it in an
//! iframe.

use hyper::{Response, StatusCode};

use super::pages::Templates;
use super::response::{ApiError, Body, full, html};
use crate::experiment::AdminViews;
use crate::live::{AdminReport, AdminViewError, Livehost};
use crate::page_template::Shell;

/// The sandbox every report is served in (scripts, nothing else), shown
/// in a frame of the console only.
const SANDBOX: &str = "sandbox allow-scripts; frame-ancestors 'self'";

impl Templates {
    /// The report as a page of its own.
    fn admin_report_page(&self, report: &AdminReport) -> Result<String, String> {
        let pages = self.pages(&report.sha, &report.info)?;
        let template = AdminViews::report_template(&report.app);
        let otree = pages
            .otree()
            .ok_or_else(|| format!("the experiment has no oTree templates, so no {template}"))?;
        let vars: serde_json::Value = serde_json::from_str(&report.variables).map_err(|e| {
            format!(
                "vars_for_admin_report of app {} did not give a JSON object ({e})",
                report.app
            )
        })?;
        let shell = Shell {
            participant_code: String::new(),
            page_name: template.clone(),
            round_number: report.round,
            error: None,
            js_vars: None,
            live: false,
            form_fields_error: None,
            seconds_left: None,
            form: Vec::new(),
            static_base: format!("/static/e/{}/", report.sha),
            chat: None,
        };
        let body = otree
            .render(&template, &vars, &shell)
            .map_err(|e| format!("{template} could not be rendered: {e}"))?;
        Ok(format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Admin report: {app}, round {round}</title>\
             <link rel=\"stylesheet\" href=\"/static/bootstrap5/css/bootstrap.min.css\"></head>\
             <body class=\"p-3\">\n{body}\n</body></html>\n",
            app = report.app,
            round = report.round,
        ))
    }
}

/// `GET .../admin-report?app=&round=`: the rendered report, sandboxed; an
/// error as a page that says what went wrong.
pub async fn admin_report(
    host: &Livehost,
    templates: &Templates,
    code: &str,
    app: Option<&str>,
    round: Option<&str>,
) -> Response<Body> {
    let round = match round.filter(|r| !r.is_empty()).map(str::parse::<u32>) {
        Some(Err(_)) => {
            return sandboxed(
                StatusCode::BAD_REQUEST,
                error_page("the round must be a whole number, such as 2"),
            );
        }
        Some(Ok(r)) => Some(r),
        None => None,
    };
    let app = app.filter(|a| !a.is_empty());
    let report = match host.admin_report(code, app, round).await {
        Ok(report) => report,
        Err(e) => return sandboxed(view_status(&e), error_page(&e.to_string())),
    };
    match templates.admin_report_page(&report) {
        Ok(page) => sandboxed(StatusCode::OK, page),
        Err(e) => sandboxed(StatusCode::INTERNAL_SERVER_ERROR, error_page(&e)),
    }
}

/// `GET .../custom-export/{app}/{function}.csv`: the table as oTree writes
/// it (Python's csv: CRLF line ends, quotes only where needed), except that
/// a cell a spreadsheet would run as a formula is written as text
/// ([`crate::export::spreadsheet_text`]).
pub async fn custom_export(
    host: &Livehost,
    code: &str,
    app: &str,
    file: &str,
) -> Result<Response<Body>, ApiError> {
    let Some(function) = file.strip_suffix(".csv") else {
        return Err(ApiError::not_found(format!(
            "there is no custom export {file:?}: ask for <function>.csv, e.g. custom_export.csv"
        )));
    };
    let rows = host
        .custom_export(code, app, function)
        .await
        .map_err(|e| ApiError::new(view_status(&e), e.to_string()))?;
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in &rows {
        w.write_record(
            row.iter()
                .map(|cell| crate::export::spreadsheet_text(cell).into_owned()),
        )
        .map_err(ApiError::internal)?;
    }
    let bytes = w.into_inner().map_err(ApiError::internal)?;
    let mut r = Response::new(full(bytes));
    let h = r.headers_mut();
    h.insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = hyper::header::HeaderValue::from_str(&format!(
        "attachment; filename=\"{code}-{app}_{function}.csv\""
    )) {
        h.insert(hyper::header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

fn view_status(e: &AdminViewError) -> StatusCode {
    match e {
        AdminViewError::Session(crate::live::SessionError::UnknownSession(_))
        | AdminViewError::NoReports(_)
        | AdminViewError::NoReport { .. }
        | AdminViewError::NoExport { .. } => StatusCode::NOT_FOUND,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn error_page(text: &str) -> String {
    let text = minijinja::HtmlEscape(text);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Admin report</title></head>\
         <body><p class=\"error\" id=\"report-error\">{text}</p></body></html>\n"
    )
}

fn sandboxed(status: StatusCode, page: String) -> Response<Body> {
    let mut r = html(status, page);
    r.headers_mut().insert(
        hyper::header::CONTENT_SECURITY_POLICY,
        hyper::header::HeaderValue::from_static(SANDBOX),
    );
    r
}
