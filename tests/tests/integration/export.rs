//! Exporting a session's data: the admin API's streamed CSV and JSON of
//! participants, state, log rows and the message log, and `livehost
//! export`, against the real server with the bench auction played through
//! the host (more messages than one export page, and a refused bid).

use hyper::StatusCode;
use livehost::export::{Format, Part};
use livehost::http::admin_api::SessionInfo;
use livehost::http::client;
use livehost_tests::rt;
use livehost_tests::server::{TOKEN, TestServer, run_cli};
use serde_json::Value;

/// Bids sent: more than one export page (1,000) of messages and rows.
const BIDS: u64 = 2_500;

fn read_csv(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).expect("a CSV file");
    let header = reader
        .headers()
        .expect("a header line")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            r.expect("a CSV record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    (header, rows)
}

fn read_json(path: &std::path::Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).expect("a JSON file");
    serde_json::from_str::<Vec<Value>>(&text).expect("a JSON array")
}

/// Plays the session: `BIDS` bids from the group's four players (queued
/// in batches, as pages send them), then one refused bid.
async fn play(server: &TestServer, session: &SessionInfo) {
    let host = &server.host;
    let codes: Vec<&str> = session
        .participants
        .iter()
        .map(|p| p.code.as_str())
        .collect();
    let mut bid = 0u64;
    while bid < BIDS {
        let mut queued = Vec::new();
        for _ in 0..500 {
            bid += 1;
            let code = codes[(bid % 4) as usize];
            queued.push(
                host.send_live(code, Some("Auction"), &bid.to_string(), None)
                    .await
                    .expect("queued"),
            );
        }
        for q in queued {
            q.outcome().await.expect("a bid is applied");
        }
    }
    let refused = host.live_message(codes[0], Some("Auction"), "\"x\"").await;
    assert!(refused.is_err(), "a bid that is not a number is refused");
}

#[test]
fn every_part_of_a_session_exports_as_csv_and_as_json() {
    rt().block_on(async {
        let server = TestServer::start().await;
        let session = server.session("bench-auction", 4).await;
        play(&server, &session).await;
        let store = server.host.store().clone();
        let messages = store.messages(&session.code, None, usize::MAX).unwrap();
        let rows = store.session_rows(&session.code).unwrap();
        assert_eq!(messages.len() as u64, BIDS + 1);
        assert_eq!(rows.len() as u64, BIDS);

        let out = server.dir().join("export");
        std::fs::create_dir_all(&out).unwrap();
        for format in [Format::Csv, Format::Json] {
            for part in Part::ALL {
                let file = format!("{}.{}", part.name(), format.extension());
                let url = server.url(&format!("/api/sessions/{}/export/{file}", session.code));
                client::download(&url, TOKEN, &out.join(&file))
                    .await
                    .unwrap_or_else(|e| panic!("downloading {file}: {e}"));
            }
        }

        // Participants: one line each, on the auction page.
        let (header, participants) = read_csv(&out.join("participants.csv"));
        assert_eq!(header, Part::Participants.columns());
        assert_eq!(participants.len(), 4);
        for (p, line) in session.participants.iter().zip(&participants) {
            assert_eq!(line[0], session.code);
            assert_eq!(line[1], p.participant_id.to_string());
            assert_eq!(line[2], p.code);
            assert_eq!(line[6], "Auction");
            assert_eq!(line[8], "false");
        }

        // State: the group's highest bid, as JSON.
        let (header, state) = read_csv(&out.join("state.csv"));
        assert_eq!(header, Part::State.columns());
        let highest = state
            .iter()
            .find(|l| l[5] == "highest_bid")
            .expect("the highest bid is exported");
        assert_eq!(&highest[1..5], ["group", "1", "", "1"]);
        assert_eq!(highest[6], BIDS.to_string());
        let state_json = read_json(&out.join("state.json"));
        assert_eq!(state_json.len(), state.len());
        let highest = state_json
            .iter()
            .find(|v| v["key"] == "highest_bid")
            .unwrap();
        assert_eq!(highest["value"], BIDS, "a value is JSON, not text");
        assert_eq!(highest["participant_id"], Value::Null);

        // Log rows: every one, in id order, across export pages.
        let (header, row_lines) = read_csv(&out.join("rows.csv"));
        assert_eq!(header, Part::Rows.columns());
        assert_eq!(row_lines.len(), rows.len());
        for (line, (id, stored)) in row_lines.iter().zip(&rows) {
            assert_eq!(line[1], id.to_string());
            assert_eq!(line[2], "bids");
            assert_eq!(line[8], stored.row.fields);
        }
        let rows_json = read_json(&out.join("rows.json"));
        assert_eq!(rows_json.len(), rows.len());
        assert_eq!(rows_json[BIDS as usize - 1]["fields"]["bid"], BIDS);

        // The message log: every message, its data, replies and errors.
        let (header, message_lines) = read_csv(&out.join("messages.csv"));
        assert_eq!(header, Part::Messages.columns());
        assert_eq!(message_lines.len(), messages.len());
        for (line, (seq, m)) in message_lines.iter().zip(&messages) {
            assert_eq!(line[1], seq.to_string());
            assert_eq!(line[3], "live");
            assert_eq!(line[9], m.data);
        }
        let last = message_lines.last().unwrap();
        assert_eq!(last[9], "\"x\"");
        assert!(
            last[11].contains("whole number"),
            "the refusal: {}",
            last[11]
        );
        let messages_json = read_json(&out.join("messages.json"));
        assert_eq!(messages_json.len(), messages.len());
        let first = &messages_json[0];
        assert_eq!(first["data"], 1, "data is JSON, not text");
        assert_eq!(first["replies"][0]["to"], serde_json::json!([1, 2, 3, 4]));
        assert_eq!(
            first["replies"][0]["payload"],
            serde_json::json!({"id_in_group": 2, "bid": 1, "highest": 1}),
            "a reply's payload is JSON, not text"
        );
        assert_eq!(first["error"], Value::Null);
        assert_eq!(messages_json.last().unwrap()["data"], "x");

        server.stop().await;
    });
}

#[test]
fn export_errors_say_what_to_ask_for() {
    rt().block_on(async {
        let server = TestServer::start().await;
        let session = server.session("bench-auction", 4).await;
        let to = server.dir().join("out.csv");
        let get = |path: String| {
            let url = server.url(&path);
            let to = to.clone();
            async move { client::download(&url, TOKEN, &to).await }
        };
        for (path, status, says) in [
            (
                "/api/sessions/nosuch/export/messages.csv".to_string(),
                StatusCode::NOT_FOUND,
                "no session \"nosuch\"",
            ),
            (
                format!("/api/sessions/{}/export/bids.csv", session.code),
                StatusCode::NOT_FOUND,
                "participants, state, rows and messages",
            ),
            (
                format!("/api/sessions/{}/export/messages.xlsx", session.code),
                StatusCode::NOT_FOUND,
                "use csv or json",
            ),
            (
                format!("/api/sessions/{}/export/messages", session.code),
                StatusCode::NOT_FOUND,
                "e.g. messages.csv",
            ),
        ] {
            match get(path.clone()).await {
                Err(client::ClientError::Refused { status: s, text }) => {
                    assert_eq!(s, status, "{path}");
                    assert!(text.contains(says), "{path}: {text}");
                }
                other => panic!("{path}: {other:?}"),
            }
            assert!(!to.exists(), "a refused download writes no file");
        }
        let url = server.url(&format!(
            "/api/sessions/{}/export/messages.csv",
            session.code
        ));
        let wrong = client::download(&url, "wrong-token", &to).await;
        assert!(
            matches!(
                wrong,
                Err(client::ClientError::Refused {
                    status: StatusCode::UNAUTHORIZED,
                    ..
                })
            ),
            "{wrong:?}"
        );
        server.stop().await;
    });
}

async fn livehost(args: &[&str]) -> std::process::Output {
    run_cli(env!("CARGO_BIN_EXE_livehost"), args).await
}

#[test]
fn livehost_export_writes_the_four_files() {
    rt().block_on(async {
        let server = TestServer::start().await;
        let session = server.session("bench-auction", 4).await;
        for (i, p) in session.participants.iter().enumerate() {
            server
                .host
                .live_message(&p.code, Some("Auction"), &(i + 1).to_string())
                .await
                .unwrap();
        }
        let out = server.dir().join("export");
        for format in ["csv", "json"] {
            let output = livehost(&[
                "export",
                &session.code,
                "--format",
                format,
                "--url",
                &server.url(""),
                "--out",
                &out.display().to_string(),
            ])
            .await;
            assert!(output.status.success(), "{output:?}");
            for part in Part::ALL {
                let file = out.join(format!("{}.{format}", part.name()));
                assert!(file.is_file(), "{} is written", file.display());
            }
        }
        let (_, messages) = read_csv(&out.join("messages.csv"));
        assert_eq!(messages.len(), 4);
        assert_eq!(read_json(&out.join("participants.json")).len(), 4);
        let none = server.dir().join("none").display().to_string();
        let refused =
            livehost(&["export", "nosuch", "--url", &server.url(""), "--out", &none]).await;
        assert!(!refused.status.success());
        let text = String::from_utf8_lossy(&refused.stderr);
        assert!(
            text.contains("no session has the code \"nosuch\""),
            "{text}"
        );
        assert!(
            !server.dir().join("none").exists(),
            "a refused export makes no folder"
        );
        server.stop().await;
    });
}
