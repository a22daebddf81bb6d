//! Headless Chromium for the browser tests, driven over the DevTools
//! protocol (a websocket of JSON commands): open a tab at a URL, evaluate
//! JavaScript in it, wait for a condition. Only the three commands the
//! tests need (Target.createTarget, Target.attachToTarget,
//! Runtime.evaluate), over the websocket client the tests already use, so
//! no WebDriver server or browser-automation crate is needed.
//!
//! The browser is Debian's `chromium` (`.ci/run` installs it), or the one
//! named by `LIVEHOST_CHROMIUM`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// A headless browser, killed when dropped.
pub struct Browser {
    child: Child,
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    _profile: tempfile::TempDir,
}

/// A tab, by its DevTools session.
#[derive(Clone)]
pub struct Tab {
    session: String,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The browser's path: `$LIVEHOST_CHROMIUM`, else `chromium` on PATH.
pub fn chromium_path() -> String {
    std::env::var("LIVEHOST_CHROMIUM").unwrap_or_else(|_| "chromium".into())
}

impl Browser {
    /// Starts headless Chromium with a fresh profile.
    pub async fn start() -> Browser {
        let profile = tempfile::tempdir().expect("profile dir");
        let path = chromium_path();
        let mut child = Command::new(&path)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {path} ({e}): install Debian's chromium (`apt-get install chromium`; .ci/run does) or set LIVEHOST_CHROMIUM")
            });
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if !sent && let Some(i) = line.find("ws://") {
                    let _ = tx.send(line[i..].trim().to_string());
                    sent = true;
                }
            }
        });
        let url = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("chromium printed its DevTools address");
        let (ws, _) = tokio_tungstenite::connect_async(&url)
            .await
            .expect("connect to chromium's DevTools");
        Browser {
            child,
            ws,
            next_id: 1,
            _profile: profile,
        }
    }

    async fn command(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.try_command(session, method, params)
            .await
            .unwrap_or_else(|e| panic!("{method} failed: {e}"))
    }

    /// A DevTools command's result, or the error the browser answered.
    async fn try_command(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, Value> {
        let id = self.next_id;
        self.next_id += 1;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = s.into();
        }
        self.ws
            .send(Message::text(msg.to_string()))
            .await
            .expect("send a DevTools command");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let frame = tokio::time::timeout(left, self.ws.next())
                .await
                .unwrap_or_else(|_| panic!("no answer to {method} within 30 s"));
            let text = match frame {
                Some(Ok(Message::Text(text))) => text,
                Some(Ok(_)) => continue,
                Some(Err(e)) => panic!("the DevTools socket failed waiting for {method}: {e}"),
                None => panic!("the browser closed its DevTools socket before answering {method}"),
            };
            let v: Value = serde_json::from_str(&text).expect("DevTools JSON");
            if v["id"] == id {
                if let Some(e) = v.get("error") {
                    return Err(e.clone());
                }
                return Ok(v["result"].clone());
            }
        }
    }

    /// Opens a tab at `url`.
    pub async fn open(&mut self, url: &str) -> Tab {
        let target = self
            .command(None, "Target.createTarget", json!({ "url": url }))
            .await;
        let id = target["targetId"].as_str().expect("targetId").to_string();
        let attached = self
            .command(
                None,
                "Target.attachToTarget",
                json!({ "targetId": id, "flatten": true }),
            )
            .await;
        Tab {
            session: attached["sessionId"]
                .as_str()
                .expect("sessionId")
                .to_string(),
        }
    }

    /// Evaluates `expression` in the tab; returns its value (JSON). An
    /// exception thrown by the page fails the test, with its text.
    pub async fn eval(&mut self, tab: &Tab, expression: &str) -> Value {
        self.try_eval(tab, expression)
            .await
            .unwrap_or_else(|e| panic!("{expression} threw in the page: {e}"))
    }

    /// Evaluates `expression` in the tab: its value (JSON), or the
    /// exception it threw (or the browser's error: the tab navigated
    /// meanwhile, say).
    pub async fn try_eval(&mut self, tab: &Tab, expression: &str) -> Result<Value, Value> {
        let r = self
            .try_command(
                Some(&tab.session),
                "Runtime.evaluate",
                json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
            )
            .await?;
        if let Some(e) = r.get("exceptionDetails") {
            return Err(e.clone());
        }
        Ok(r["result"]["value"].clone())
    }

    /// Puts the file at `path` in the tab's file input `selector`, as if
    /// the user had picked it (the input's `change` event fires).
    pub async fn pick_file(&mut self, tab: &Tab, selector: &str, path: &std::path::Path) {
        let found = self
            .command(
                Some(&tab.session),
                "Runtime.evaluate",
                json!({ "expression": format!("document.querySelector({})", json!(selector)) }),
            )
            .await;
        let object = found["result"]["objectId"]
            .as_str()
            .unwrap_or_else(|| panic!("no element {selector} in the tab: {found}"))
            .to_string();
        self.command(
            Some(&tab.session),
            "DOM.setFileInputFiles",
            json!({ "files": [path.display().to_string()], "objectId": object }),
        )
        .await;
    }

    /// Lets the browser save downloads into `dir`.
    pub async fn download_into(&mut self, dir: &std::path::Path) {
        self.command(
            None,
            "Browser.setDownloadBehavior",
            json!({ "behavior": "allow", "downloadPath": dir.display().to_string() }),
        )
        .await;
    }

    /// A PNG of the whole page in the tab, `width` CSS pixels wide.
    pub async fn screenshot(&mut self, tab: &Tab, width: u32) -> Vec<u8> {
        let mut height = 900;
        // The page's height at this width, then the whole of it.
        for _ in 0..2 {
            self.command(
                Some(&tab.session),
                "Emulation.setDeviceMetricsOverride",
                json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
            )
            .await;
            height = self
                .eval(tab, "document.body.scrollHeight")
                .await
                .as_u64()
                .unwrap_or(900);
        }
        let shot = self
            .command(
                Some(&tab.session),
                "Page.captureScreenshot",
                json!({ "format": "png", "captureBeyondViewport": true }),
            )
            .await;
        let data = shot["data"].as_str().expect("screenshot data");
        use base64::Engine;
        base64::engine::general_purpose::STANDARD
            .decode(data)
            .expect("the screenshot is base64")
    }

    /// Waits until `expression` is `true` in the tab (an exception, or a
    /// navigation under way, counts as not yet: the page may be loading); panics with `what`, the last
    /// exception and the last value of `show` after 20 s.
    pub async fn wait_for(&mut self, tab: &Tab, expression: &str, what: &str, show: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let last = self.try_eval(tab, expression).await;
            if last == Ok(Value::Bool(true)) {
                return;
            }
            if Instant::now() > deadline {
                let seen = self.try_eval(tab, show).await;
                panic!(
                    "{what}: not so after 20 s ({expression} was {last:?}); the page shows {seen:?}"
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
