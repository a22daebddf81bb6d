//! `--target otree`: the same workload against an oTree 6 server. It copies
//! the oTree project (`bench/otree`) to a temporary directory, starts
//! `otree prodserver` there on a free loopback port (oTree's production
//! server: one uvicorn process, the sqlite database `db.sqlite3`, with
//! `OTREE_PRODUCTION=1`, `OTREE_AUTH_LEVEL=STUDY` and a REST key), creates a
//! session through oTree's REST API (`POST /api/sessions`, then `POST
//! /api/get_session/{code}` for the participants' codes), and brings each
//! participant onto the live page as a browser does: its start link
//! `/InitializeParticipant/{code}`, the redirect to its page, and the page's
//! live socket, the `data-socket-url` of the `#otree-live` script that
//! oTree's live.js opens. The server runs in a process group of its own
//! (prodserver starts a timeout worker beside it) and is stopped with it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use hyper::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;

use crate::participants::Seat;

/// How long one HTTP request to the oTree server may take (creating a
/// session of thousands takes a while).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// The bench auction's group size (`C.PLAYERS_PER_GROUP` of
/// `bench/otree/auction`).
const PLAYERS_PER_GROUP: u32 = 4;

/// An oTree server reached over HTTP: started here, or already running.
pub struct Server {
    /// `http://127.0.0.1:port`.
    pub url: String,
    rest_key: String,
    /// The server process started here (the group leader), if any.
    child: Option<Child>,
    /// Its project copy, database and log.
    dir: Option<tempfile::TempDir>,
}

/// The oTree version the venv's `otree --version` prints.
pub fn version(venv: &Path) -> anyhow::Result<String> {
    let otree = venv.join("bin").join("otree");
    if !otree.is_file() {
        bail!(
            "no oTree at {}: run bench/otree/setup.sh (it makes bench/otree/.venv), or name a venv with oTree 6 with --otree-venv",
            otree.display()
        );
    }
    let out = Command::new(&otree)
        .arg("--version")
        .output()
        .with_context(|| format!("cannot run {}", otree.display()))?;
    if !out.status.success() {
        bail!(
            "{} --version failed: {}; run bench/otree/setup.sh again",
            otree.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

impl Server {
    /// A running server at `url` with its REST key (`OTREE_REST_KEY`).
    pub fn running(url: &str, rest_key: String) -> Server {
        Server {
            url: url.trim_end_matches('/').to_string(),
            rest_key,
            child: None,
            dir: None,
        }
    }

    /// Starts `otree prodserver` of `venv` on a copy of `project`, and
    /// waits until it answers.
    pub async fn start(venv: &Path, project: &Path) -> anyhow::Result<Server> {
        if !project.join("settings.py").is_file() {
            bail!(
                "{} is not an oTree project (no settings.py): name bench/otree with --otree-project",
                project.display()
            );
        }
        // Absolute: the server runs in the project's copy.
        let venv = &std::path::absolute(venv)?;
        let dir = tempfile::tempdir().context("cannot make a temporary directory")?;
        let copy = dir.path().join("project");
        copy_project(project, &copy, 0)?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .context("no free loopback port")?
            .port();
        let rest_key = format!("bench-{:016x}", rand::random::<u64>());
        let log_path = dir.path().join("otree.log");
        let log = std::fs::File::create(&log_path)?;
        // prodserver starts `otree timeoutsubprocess` by name: the venv's
        // bin first on PATH.
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut paths = vec![venv.join("bin")];
        paths.extend(std::env::split_paths(&path));
        let mut command = Command::new(venv.join("bin").join("otree"));
        command
            .args(["prodserver", &format!("127.0.0.1:{port}")])
            .current_dir(&copy)
            .env("PATH", std::env::join_paths(paths)?)
            .env("OTREE_PRODUCTION", "1")
            .env("OTREE_AUTH_LEVEL", "STUDY")
            .env(
                "OTREE_ADMIN_PASSWORD",
                format!("{:016x}", rand::random::<u64>()),
            )
            .env("OTREE_REST_KEY", &rest_key)
            .env(
                "OTREE_SECRET_KEY",
                format!("{:016x}", rand::random::<u64>()),
            )
            // oTree's default database (sqlite, db.sqlite3 in the project),
            // never an in-memory one or another the caller's shell names.
            .env_remove("DATABASE_URL")
            .env_remove("OTREE_IN_MEMORY")
            .env_remove("OTREE_EPHEMERAL")
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command
            .spawn()
            .with_context(|| format!("cannot start {}/bin/otree", venv.display()))?;
        let mut server = Server {
            url: format!("http://127.0.0.1:{port}"),
            rest_key,
            child: Some(child),
            dir: Some(dir),
        };
        server.wait_ready().await?;
        Ok(server)
    }

    /// The server's process id (for its CPU and memory figures).
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// `host:port`.
    pub fn addr(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    /// The end of the server's log, for an error.
    fn log_tail(&self) -> String {
        let Some(dir) = &self.dir else {
            return String::new();
        };
        let log = std::fs::read_to_string(dir.path().join("otree.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        let tail = lines[lines.len().saturating_sub(20)..].join("\n");
        format!("\n--- the end of oTree's log:\n{tail}")
    }

    /// Waits (at most 60 s) until the REST API answers.
    async fn wait_ready(&mut self) -> anyhow::Result<()> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        while tokio::time::Instant::now() < deadline {
            if let Some(child) = &mut self.child
                && let Ok(Some(status)) = child.try_wait()
            {
                bail!(
                    "oTree's server stopped at its start ({status}){}",
                    self.log_tail()
                );
            }
            let url = format!("{}/api/otree_version", self.url);
            if let Ok((StatusCode::OK, _, _)) = self.rest(Method::GET, &url, None).await {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        bail!(
            "oTree's server did not answer within 60 s{}",
            self.log_tail()
        )
    }

    /// A request to the REST API (with the REST key).
    async fn rest(
        &self,
        method: Method,
        url: &str,
        body: Option<serde_json::Value>,
    ) -> anyhow::Result<(StatusCode, Option<String>, String)> {
        let body = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        request(method, url, &[("otree-rest-key", &self.rest_key)], body).await
    }

    /// Creates a session of `n` participants of `config` and brings each
    /// onto its first page; returns their pages' live sockets, in
    /// participant order (so groups of four in a row).
    pub async fn session(&self, config: &str, n: u32) -> anyhow::Result<(String, Vec<Seat>)> {
        let (status, _, body) = self
            .rest(
                Method::POST,
                &format!("{}/api/sessions", self.url),
                Some(json!({"session_config_name": config, "num_participants": n})),
            )
            .await?;
        if status != StatusCode::OK {
            bail!(
                "oTree did not create the session ({status}): {body}{}",
                self.log_tail()
            );
        }
        #[derive(Deserialize)]
        struct Created {
            code: String,
        }
        let created: Created = serde_json::from_str(&body).map_err(|e| {
            anyhow!("oTree's answer to POST /api/sessions has no code ({e}): {body}")
        })?;
        let (status, _, body) = self
            .rest(
                Method::POST,
                &format!("{}/api/get_session/{}", self.url, created.code),
                None,
            )
            .await?;
        if status != StatusCode::OK {
            bail!(
                "oTree did not show session {} ({status}): {body}",
                created.code
            );
        }
        #[derive(Deserialize)]
        struct Participant {
            id_in_session: u32,
            code: String,
        }
        #[derive(Deserialize)]
        struct Session {
            participants: Vec<Participant>,
        }
        let mut session: Session = serde_json::from_str(&body).map_err(|e| {
            anyhow!("oTree's answer to POST /api/get_session has no participants ({e})")
        })?;
        session.participants.sort_by_key(|p| p.id_in_session);
        if session.participants.len() != n as usize {
            bail!(
                "oTree made {} participants, not {n}",
                session.participants.len()
            );
        }

        // Each participant's start link, as a browser opens it (at most 8
        // at once: oTree serves page loads one at a time anyway).
        let opening = Arc::new(tokio::sync::Semaphore::new(8));
        let mut pages = Vec::new();
        for p in &session.participants {
            let (opening, base, code) = (opening.clone(), self.url.clone(), p.code.clone());
            pages.push(tokio::spawn(async move {
                let _turn = opening.acquire().await;
                live_socket_path(&base, &code).await
            }));
        }
        let mut seats = Vec::new();
        for (p, page) in session.participants.iter().zip(pages) {
            let path = page.await??;
            seats.push(Seat {
                url: format!("ws://{}{path}", self.addr()),
                // oTree's default grouping: participants in order, in
                // groups of PLAYERS_PER_GROUP (the app does not regroup).
                id_in_group: (p.id_in_session - 1) % PLAYERS_PER_GROUP + 1,
            });
        }
        Ok((created.code, seats))
    }

    /// Stops the server and its timeout worker (SIGTERM to its process
    /// group, SIGKILL after 10 s).
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let group = format!("-{}", child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        for _ in 0..200 {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Copies an oTree project without its venv, database, caches and built
/// components.
fn copy_project(from: &Path, to: &Path, depth: u32) -> anyhow::Result<()> {
    if depth > 8 {
        bail!("{} is nested too deep for a project", from.display());
    }
    std::fs::create_dir_all(to)?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))?
    {
        let entry = entry?;
        let name = entry.file_name();
        let name_str = name.to_string_lossy();
        if name_str.starts_with(".venv")
            || name_str == "__pycache__"
            || name_str.starts_with("db.sqlite3")
            || name_str.ends_with(".wasm")
        {
            continue;
        }
        let target: PathBuf = to.join(&name);
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_project(&entry.path(), &target, depth + 1)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("cannot copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Opens participant `code`'s start link, follows its redirects to the
/// page and returns the page's live socket path (`/live?...`).
async fn live_socket_path(base: &str, code: &str) -> anyhow::Result<String> {
    let mut url = format!("{base}/InitializeParticipant/{code}");
    // Bounded: the start link redirects once, to the first page.
    for _ in 0..5 {
        let (status, location, body) = request(Method::GET, &url, &[], Vec::new()).await?;
        if status.is_redirection() {
            let location =
                location.ok_or_else(|| anyhow!("{url} redirects ({status}) to nowhere"))?;
            url = if location.starts_with("http") {
                location
            } else {
                format!("{base}{location}")
            };
            continue;
        }
        if status != StatusCode::OK {
            bail!(
                "{url} answered {status}: {}",
                body.chars().take(300).collect::<String>()
            );
        }
        return socket_url(&body).ok_or_else(|| {
            anyhow!("{url} has no live socket (no script#otree-live with a data-socket-url): is the session config's first page a live page?")
        });
    }
    bail!("{url}: too many redirects")
}

/// The `data-socket-url` of the page's `<script id="otree-live" ...>`
/// (oTree's Page.html includes live.js so on a page with a live method).
fn socket_url(html: &str) -> Option<String> {
    let at = html.find("id=\"otree-live\"")?;
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')?;
    let tag = &html[start..end];
    let attr = "data-socket-url=\"";
    let from = tag.find(attr)? + attr.len();
    let len = tag[from..].find('"')?;
    Some(
        tag[from..from + len]
            .replace("&amp;", "&")
            .replace("&#x27;", "'")
            .replace("&quot;", "\""),
    )
}

/// One request with livehost's HTTP client ([`livehost::web_client`]):
/// the status, the `location` header and the body.
async fn request(
    method: Method,
    url: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> anyhow::Result<(StatusCode, Option<String>, String)> {
    let uri: hyper::Uri = url.parse().map_err(|e| anyhow!("bad URL {url}: {e}"))?;
    let exchange = async {
        let mut req = hyper::Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        if !body.is_empty() {
            req = req.header(hyper::header::CONTENT_TYPE, "application/json");
        }
        let client = livehost::web_client::client().map_err(|e| anyhow!(e))?;
        let res = client
            .request(req.body(livehost::web_client::whole(body))?)
            .await?;
        let status = res.status();
        let location = res
            .headers()
            .get(hyper::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let bytes = http_body_util::BodyExt::collect(res.into_body())
            .await?
            .to_bytes();
        anyhow::Ok((
            status,
            location,
            String::from_utf8_lossy(&bytes).into_owned(),
        ))
    };
    match tokio::time::timeout(REQUEST_TIMEOUT, exchange).await {
        Ok(answer) => answer.with_context(|| format!("{url} failed")),
        Err(_) => bail!(
            "{url} did not answer within {} s",
            REQUEST_TIMEOUT.as_secs()
        ),
    }
}
