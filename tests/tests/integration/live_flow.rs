//! The live flow through the library API with real compiled guests: the
//! seeds' reply shapes, transactions, and guests that misbehave.

use livehost::live::{AdvanceError, LiveError};
use livehost_tests::TestHost;
use livehost_tests::rt;
use serde_json::{Value, json};

/// Replies as (participant id, JSON payload), in order.
async fn send(h: &TestHost, code: &str, data: Value) -> Result<Vec<(u32, Value)>, LiveError> {
    h.host
        .live_message(code, Some("act"), &data.to_string())
        .await
        .map(|ds| {
            ds.into_iter()
                .map(|d| {
                    (
                        d.participant_id,
                        serde_json::from_str(&d.payload).expect("payload is JSON"),
                    )
                })
                .collect()
        })
}

async fn counter(h: &TestHost, code: &str) -> u64 {
    let r = send(h, code, json!({"do": "count"})).await.expect("count");
    r[0].1.as_u64().expect("number")
}

#[test]
fn replies_reach_the_group_one_id_several_ids_or_nobody() {
    rt().block_on(async {
        let h = TestHost::new();
        let codes = h.session("faulty", 4).await;
        // Group 1 is participants 1 and 2; group 2 is 3 and 4.
        let r = send(&h, &codes[0], json!({"do": "echo", "value": "hi"}))
            .await
            .unwrap();
        assert_eq!(r, vec![(1, json!("hi")), (2, json!("hi"))]);
        let r = send(&h, &codes[2], json!({"do": "echo", "value": 1}))
            .await
            .unwrap();
        assert_eq!(
            r,
            vec![(3, json!(1)), (4, json!(1))],
            "0 means the sender's group only"
        );
        let r = send(
            &h,
            &codes[0],
            json!({"do": "to", "to": [2], "value": {"a": 1}}),
        )
        .await
        .unwrap();
        assert_eq!(r, vec![(2, json!({"a": 1}))]);
        let r = send(
            &h,
            &codes[1],
            json!({"do": "to", "to": [1, 2], "value": [4, 5, 6]}),
        )
        .await
        .unwrap();
        assert_eq!(r, vec![(1, json!([4, 5, 6])), (2, json!([4, 5, 6]))]);
        let r = send(&h, &codes[1], json!({"do": "to", "to": []}))
            .await
            .unwrap();
        assert!(r.is_empty());
    });
}

#[test]
fn every_json_type_travels_unchanged() {
    rt().block_on(async {
        let h = TestHost::new();
        let codes = h.session("faulty", 2).await;
        for value in [
            json!(99),
            json!(10.5),
            json!(-3),
            json!("hello world"),
            json!([4, 5, 6]),
            json!({"type": "bid", "value": 10.5}),
            json!(true),
            json!(null),
            json!({"nested": {"list": [1, "two", null, false]}}),
            json!("unicode: ✓ ü 漢字"),
        ] {
            let r = send(&h, &codes[0], json!({"do": "echo", "value": value}))
                .await
                .unwrap();
            assert_eq!(r[0].1, value);
        }
    });
}

#[test]
fn state_persists_across_calls_and_groups_are_separate() {
    rt().block_on(async {
        let h = TestHost::new();
        let codes = h.session("faulty", 4).await;
        assert_eq!(counter(&h, &codes[0]).await, 1);
        assert_eq!(counter(&h, &codes[1]).await, 2);
        assert_eq!(
            counter(&h, &codes[2]).await,
            1,
            "group 2 has its own counter"
        );
    });
}

/// Groups run in parallel, but calls that use session state run one at a
/// time: every increment of a session counter from every group is kept,
/// and each sees a distinct value.
#[test]
fn session_state_updates_from_parallel_groups_are_never_lost() {
    rt().block_on(async {
        let h = TestHost::new();
        let codes = h.session("faulty", 8).await;
        let mut tasks = Vec::new();
        for code in codes {
            let host = h.host.clone();
            tasks.push(tokio::spawn(async move {
                let mut seen = Vec::new();
                for _ in 0..25 {
                    let d = host
                        .live_message(&code, None, r#"{"do":"session"}"#)
                        .await
                        .unwrap();
                    seen.push(d[0].payload.parse::<u64>().unwrap());
                }
                seen
            }));
        }
        let mut all = Vec::new();
        for t in tasks {
            all.extend(t.await.unwrap());
        }
        all.sort_unstable();
        assert_eq!(all, (1..=200).collect::<Vec<u64>>());
    });
}

/// Each misbehaviour: the sender gets a clear error, nothing the call wrote
/// is kept, and the next message is served normally.
#[test]
fn misbehaving_guests_fail_the_call_not_the_group() {
    rt().block_on(async {
        let h = TestHost::new();
        let codes = h.session("faulty", 2).await;
        let c = &codes[0];
        assert_eq!(counter(&h, c).await, 1);
        let cases: Vec<(Value, &str)> = vec![
            (json!({"do": "trap"}), "panicked on purpose"),
            (json!({"do": "loop"}), "ran longer than"),
            (json!({"do": "memory"}), "MiB of memory"),
            (json!({"do": "bad-json"}), "not valid JSON"),
            (json!({"do": "bad-id"}), "id_in_group 99"),
            (json!({"do": "big", "bytes": 2_000_000}), "byte limit"),
            (
                json!({"do": "many", "n": 1001}),
                "more than the limit of 1000",
            ),
            (json!({"do": "err"}), "refused by guest"),
        ];
        let mut expected = 1;
        for (data, want) in cases {
            let e = send(&h, c, data.clone()).await.expect_err("must fail");
            let text = e.to_string();
            assert!(
                text.contains(want),
                "{data}: error {text:?} should mention {want:?}"
            );
            expected += 1;
            assert_eq!(
                counter(&h, c).await,
                expected,
                "after {data}: state unchanged, next message served"
            );
        }
    });
}

#[test]
fn state_and_log_misuse_gets_errors_the_guest_can_read() {
    rt().block_on(async {
        let h = TestHost::new();
        let codes = h.session("faulty", 2).await;
        let r = send(&h, &codes[0], json!({"do": "state-errors"}))
            .await
            .unwrap();
        let errors: Vec<String> = serde_json::from_value(r[0].1.clone()).unwrap();
        assert_eq!(errors.len(), 5, "{errors:?}");
        assert!(errors[0].contains("not valid JSON"), "{errors:?}");
        assert!(
            errors[1].contains("no player with id_in_group 7"),
            "{errors:?}"
        );
        assert!(errors[2].contains("must not be empty"), "{errors:?}");
        assert!(errors[3].contains("table names"), "{errors:?}");
        assert!(errors[4].contains("JSON object"), "{errors:?}");
    });
}

#[test]
fn the_sandbox_grants_no_environment_or_files_and_the_clock_reads_the_calls_time() {
    rt().block_on(async {
        let h = TestHost::new();
        let codes = h.session("faulty", 2).await;
        let secs = || {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs()
        };
        let before = secs();
        let a = send(&h, &codes[0], json!({"do": "sandbox"})).await.unwrap();
        let after = secs();
        let seen = &a[0].1;
        assert_eq!(seen["env"], 0, "{seen}");
        assert_eq!(seen["args"], 0, "{seen}");
        assert_ne!(seen["fs"], "listed /", "{seen}");
        // The clock reads when the call started.
        let now = seen["now"].as_u64().unwrap();
        assert!(
            before <= now && now <= after,
            "{before} <= {now} <= {after}"
        );
        // std seeds its hash maps from WASI's insecure seed, which is
        // fixed: a fresh instance hashes alike, so a replay iterates maps
        // in the same order. (What a guest draws at random is the call's
        // own: see otree_session_model.)
        h.host
            .live_message(&codes[0], None, r#"{"do":"trap"}"#)
            .await
            .unwrap_err();
        let b = send(&h, &codes[0], json!({"do": "sandbox"})).await.unwrap();
        assert_eq!(b[0].1["hash"], seen["hash"]);
    });
}

#[test]
fn log_rows_are_tagged_and_queried_by_group() {
    rt().block_on(async {
        let h = TestHost::new();
        let codes = h.session("faulty", 4).await;
        send(&h, &codes[0], json!({"do": "log", "value": "a"}))
            .await
            .unwrap();
        send(&h, &codes[2], json!({"do": "log", "value": "other group"}))
            .await
            .unwrap();
        let r = send(&h, &codes[1], json!({"do": "log", "value": "b"}))
            .await
            .unwrap();
        let rows = r[0].1.as_array().unwrap().clone();
        assert_eq!(rows.len(), 2, "only the sender's group: {rows:?}");
        assert_eq!(rows[0]["by"], 1);
        assert_eq!(rows[0]["fields"], json!({"v": "a"}));
        assert_eq!(rows[1]["by"], 2);
        assert!(rows[0]["id"].as_u64() < rows[1]["id"].as_u64());
    });
}

#[test]
fn log_rows_appended_by_parallel_groups_stay_with_their_group() {
    rt().block_on(async {
        let h = TestHost::new();
        let codes = h.session("faulty", 8).await;
        let mut tasks = Vec::new();
        for (i, code) in codes.into_iter().enumerate() {
            let host = h.host.clone();
            tasks.push(tokio::spawn(async move {
                let mut last = json!(null);
                for n in 0..10 {
                    let data = json!({"do": "log", "value": format!("p{i} n{n}")}).to_string();
                    let d = host.live_message(&code, None, &data).await.unwrap();
                    last = serde_json::from_str(&d[0].payload).unwrap();
                }
                (i, last)
            }));
        }
        for t in tasks {
            let (i, rows) = t.await.unwrap();
            let rows = rows.as_array().unwrap();
            // Each group's two players appended 10 rows each.
            let mine = i - i % 2;
            for r in rows {
                let v = r["fields"]["v"].as_str().unwrap();
                let p: usize = v[1..v.find(' ').unwrap()].parse().unwrap();
                assert!(p == mine || p == mine + 1, "participant {i} sees {v}");
            }
            let ids: Vec<u64> = rows.iter().map(|r| r["id"].as_u64().unwrap()).collect();
            assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
            assert!(rows.len() >= 10, "{}", rows.len());
        }
    });
}

#[test]
fn messages_for_other_pages_unknown_codes_and_bad_json_are_refused() {
    rt().block_on(async {
        let h = TestHost::new();
        let codes = h.session("faulty", 2).await;
        let e = h
            .host
            .live_message(&codes[0], Some("end"), "1")
            .await
            .unwrap_err();
        assert!(matches!(e, LiveError::NotOnPage { .. }), "{e}");
        let e = h
            .host
            .live_message("nosuchcode", None, "1")
            .await
            .unwrap_err();
        assert!(matches!(e, LiveError::UnknownParticipant), "{e}");
        let e = h
            .host
            .live_message(&codes[0], None, "{oops")
            .await
            .unwrap_err();
        assert!(matches!(e, LiveError::InvalidJson(_)), "{e}");
        // The next page is not live.
        h.host.advance(&codes[0], "{}").await.unwrap();
        let e = h.host.live_message(&codes[0], None, "1").await.unwrap_err();
        assert!(matches!(e, LiveError::NotLive(_)), "{e}");
    });
}

#[test]
fn before_next_can_refuse_and_a_crash_there_changes_nothing() {
    rt().block_on(async {
        let h = TestHost::new();
        let codes = h.session("faulty", 2).await;
        let c = &codes[0];
        let e = h.host.advance(c, r#"{"do":"err"}"#).await.unwrap_err();
        assert!(
            matches!(&e, AdvanceError::Refused(t) if t == "stay here"),
            "{e}"
        );
        let e = h.host.advance(c, r#"{"do":"trap"}"#).await.unwrap_err();
        assert!(e.to_string().contains("panicked on purpose"), "{e}");
        assert_eq!(
            h.host.position(c).await.unwrap().page.as_deref(),
            Some("act")
        );
        let p = h.host.advance(c, "{}").await.unwrap();
        assert_eq!(p.page.as_deref(), Some("end"));
        // A wait page holds until the whole group is there, then both move
        // on to the next round; after the last round, they are finished.
        let p = h.host.advance(c, "{}").await.unwrap();
        assert_eq!((p.page.as_deref(), p.round), (Some("together"), 1));
        let e = h.host.advance(c, "{}").await.unwrap_err();
        assert!(matches!(e, AdvanceError::Waiting), "{e}");
        let other = &codes[1];
        for _ in 0..2 {
            h.host.advance(other, "{}").await.unwrap();
        }
        for code in [c, other] {
            let p = h.host.position(code).await.unwrap();
            assert_eq!((p.page.as_deref(), p.round), (Some("act"), 2));
        }
        for _ in 0..2 {
            h.host.advance(c, "{}").await.unwrap();
        }
        assert!(!h.host.position(c).await.unwrap().finished);
        for _ in 0..2 {
            h.host.advance(other, "{}").await.unwrap();
        }
        assert!(h.host.position(c).await.unwrap().finished);
        let e = h.host.live_message(c, None, "1").await.unwrap_err();
        assert!(matches!(e, LiveError::Finished), "{e}");
    });
}

#[test]
fn a_looping_group_does_not_stop_other_groups() {
    rt().block_on(async {
        let h = TestHost::new();
        let codes = h.session("faulty", 4).await;
        let looping = {
            let host = h.host.clone();
            let code = codes[0].clone();
            tokio::spawn(async move { host.live_message(&code, None, r#"{"do":"loop"}"#).await })
        };
        // While group 1 loops, group 2 is served many times over.
        let started = std::time::Instant::now();
        let mut served = 0;
        while !looping.is_finished() && served < 1000 {
            counter(&h, &codes[2]).await;
            served += 1;
        }
        assert!(
            served >= 2,
            "group 2 was served {served} times in {:?}",
            started.elapsed()
        );
        let r = looping.await.unwrap();
        assert!(r.unwrap_err().to_string().contains("ran longer than"));
    });
}

#[test]
fn the_message_log_records_messages_replies_and_errors() {
    rt().block_on(async {
        let h = TestHost::new();
        let codes = h.session("faulty", 2).await;
        send(&h, &codes[0], json!({"do": "echo", "value": 5}))
            .await
            .unwrap();
        send(&h, &codes[0], json!({"do": "err"})).await.unwrap_err();
        h.host.advance(&codes[1], "{}").await.unwrap();
        let session = h
            .host
            .store()
            .participant(&codes[0])
            .unwrap()
            .unwrap()
            .session;
        let log = h.host.store().messages(&session, None, 100).unwrap();
        assert_eq!(log.len(), 3);
        // A message to the whole group: logged once, with both recipients.
        assert_eq!(log[0].1.replies.len(), 1);
        assert_eq!(log[0].1.replies[0].to.len(), 2);
        assert_eq!(log[0].1.replies[0].payload, "5");
        assert_eq!(log[0].1.data, r#"{"do":"echo","value":5}"#);
        assert_eq!(log[1].1.error.as_deref(), Some("refused by guest"));
        assert_eq!(log[2].1.kind, livehost::store::MessageKind::Next);
        assert!(log[0].0 < log[1].0 && log[1].0 < log[2].0);
    });
}

#[test]
fn uploads_that_are_not_experiments_are_refused_with_the_reason() {
    rt().block_on(async {
        let h = TestHost::new();
        let e = h
            .host
            .add_experiment(b"hello")
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a WebAssembly component"), "{e}");
        // A core module, not a component.
        let core = b"\0asm\x01\0\0\0";
        let e = h.host.add_experiment(core).await.unwrap_err().to_string();
        assert!(e.contains("not a WebAssembly component"), "{e}");
        assert!(
            h.host.store().experiments().unwrap().is_empty(),
            "nothing stored"
        );
    });
}

#[test]
fn session_sizes_must_fill_groups() {
    rt().block_on(async {
        let h = TestHost::new();
        let r = h
            .host
            .add_experiment(&livehost_tests::guest("faulty"))
            .await
            .unwrap();
        let e = h
            .host
            .create_session(&r.sha, 3)
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains("multiple of 2"), "{e}");
        let e = h
            .host
            .create_session("nope", 2)
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains("upload it first"), "{e}");
    });
}

#[test]
fn a_restart_resumes_state_positions_and_numbering() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.redb");
    let codes = rt().block_on(async {
        let host = livehost::Livehost::open(livehost_tests::config(&data)).unwrap();
        let s = livehost_tests::create_session(&host, "faulty", 2).await;
        let codes: Vec<String> = s.participants.into_iter().map(|p| p.code).collect();
        for _ in 0..3 {
            host.live_message(&codes[0], None, r#"{"do":"count"}"#)
                .await
                .unwrap();
        }
        host.live_message(&codes[0], None, r#"{"do":"log","value":"before"}"#)
            .await
            .unwrap();
        host.advance(&codes[1], "{}").await.unwrap();
        host.close();
        codes
    });
    rt().block_on(async {
        let host = livehost::Livehost::open(livehost_tests::config(&data)).unwrap();
        let d = host
            .live_message(&codes[0], None, r#"{"do":"count"}"#)
            .await
            .unwrap();
        assert_eq!(&*d[0].payload, "4");
        assert_eq!(
            host.position(&codes[1]).await.unwrap().page.as_deref(),
            Some("end")
        );
        let session = host
            .store()
            .participant(&codes[0])
            .unwrap()
            .unwrap()
            .session;
        // Rows written before the restart are found again (the row index
        // is rebuilt from the file), and new ones follow them.
        let d = host
            .live_message(&codes[0], None, r#"{"do":"log","value":"after"}"#)
            .await
            .unwrap();
        let rows: serde_json::Value = serde_json::from_str(&d[0].payload).unwrap();
        let values: Vec<&serde_json::Value> = rows
            .as_array()
            .unwrap()
            .iter()
            .map(|r| &r["fields"]["v"])
            .collect();
        assert_eq!(values, [&json!("before"), &json!("after")]);
        assert!(rows[0]["id"].as_u64() < rows[1]["id"].as_u64());
        let log = host.store().messages(&session, None, 100).unwrap();
        let seqs: Vec<u64> = log.iter().map(|(s, _)| *s).collect();
        assert_eq!(seqs, vec![1, 2, 3, 4, 5, 6, 7]);
        host.close();
    });
}
