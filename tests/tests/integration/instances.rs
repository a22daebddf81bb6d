//! How a session's pool of instances serves its groups: instances made,
//! reused by any group, capped, recycled and dropped; and how compiled
//! components are cached and checked.

use livehost_tests::{TestHost, cache_dir, guest, rt};

async fn count(h: &TestHost, code: &str) -> String {
    send(h, code, r#"{"do":"count"}"#).await
}

/// The faulty guest's counter kept in its memory: which instance served.
async fn hidden(h: &TestHost, code: &str) -> String {
    send(h, code, r#"{"do":"hidden"}"#).await
}

async fn send(h: &TestHost, code: &str, data: &str) -> String {
    let d = h.host.live_message(code, None, data).await.unwrap();
    d[0].payload.to_string()
}

#[test]
fn a_sessions_groups_take_turns_on_its_instances() {
    rt().block_on(async {
        let h = TestHost::with(|c| c.limits.max_instances = 1);
        let codes = h.session("faulty", 6).await;
        let mut served = Vec::new();
        for round in 1..=3 {
            for g in 0..3 {
                assert_eq!(count(&h, &codes[g * 2]).await, round.to_string());
                served.push(hidden(&h, &codes[g * 2 + 1]).await);
                // Between calls the instance waits in the pool.
                assert_eq!(h.host.live_instances(), 1);
            }
        }
        // One instance served all three groups, one call after another.
        assert_eq!(served, ["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    });
}

#[test]
fn sessions_never_share_an_instance_and_idle_ones_make_room() {
    rt().block_on(async {
        let h = TestHost::with(|c| c.limits.max_instances = 1);
        let a = h.session("faulty", 2).await;
        let b = h.session("faulty", 2).await;
        assert_eq!(hidden(&h, &a[0]).await, "1");
        assert_eq!(hidden(&h, &a[1]).await, "2");
        // The one slot holds session a's idle instance: session b's call
        // drops it and has an instance of its own.
        assert_eq!(hidden(&h, &b[0]).await, "1");
        assert_eq!(h.host.live_instances(), 1);
        assert_eq!(hidden(&h, &a[0]).await, "1");
        assert_eq!(hidden(&h, &a[0]).await, "2");
    });
}

#[test]
fn many_groups_at_once_need_instances_for_the_calls_in_flight_not_per_group() {
    rt().block_on(async {
        let h = TestHost::new();
        let groups = 60;
        let codes = h.session("faulty", 2 * groups).await;
        for round in 1..=3 {
            let calls: Vec<_> = (0..groups as usize)
                .map(|g| {
                    let (host, code) = (h.host.clone(), codes[2 * g].clone());
                    tokio::spawn(async move {
                        host.live_message(&code, None, r#"{"do":"count"}"#)
                            .await
                            .map(|d| d[0].payload.to_string())
                    })
                })
                .collect();
            for call in calls {
                assert_eq!(call.await.unwrap().unwrap(), round.to_string());
            }
        }
        // A pool keeps at most two instances per core, whatever the
        // number of groups.
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let live = h.host.live_instances();
        assert!((1..=2 * cores).contains(&live), "{live} instances live");
    });
}

/// What one instance of the faulty guest holds, in MiB, as the host
/// measures it.
async fn faulty_instance_mib() -> usize {
    let runtime = livehost::runtime::Runtime::new(Default::default(), cache_dir()).unwrap();
    let experiment = runtime.load(&guest("faulty")).await.unwrap();
    experiment.instance_memory().div_ceil(1 << 20)
}

#[test]
fn the_instances_memory_budget_caps_live_instances() {
    rt().block_on(async {
        let mib = faulty_instance_mib().await;
        assert!(mib >= 1);
        // Room for two instances' memory, and slots for many more.
        let h = TestHost::with(|c| c.limits.instance_memory = (2 * mib) << 20);
        let a = h.session("faulty", 20).await;
        let b = h.session("faulty", 20).await;
        for round in 1..=3 {
            let calls: Vec<_> = (0..20)
                .map(|i| {
                    let host = h.host.clone();
                    let code = if i % 2 == 0 { &a } else { &b }[i].clone();
                    tokio::spawn(async move {
                        let r = host.live_message(&code, None, r#"{"do":"count"}"#).await;
                        (r.map(|d| d[0].payload.to_string()), host.live_instances())
                    })
                })
                .collect();
            for call in calls {
                let (counted, live) = call.await.unwrap();
                assert_eq!(counted.unwrap(), round.to_string());
                assert!(live <= 2, "{live} instances live");
            }
        }
    });
}

#[test]
fn an_instance_that_outgrows_the_memory_budget_is_dropped() {
    rt().block_on(async {
        let mib = faulty_instance_mib().await;
        let h = TestHost::with(|c| {
            c.limits.instance_memory = (4 * mib) << 20;
            c.limits.max_instances = 1;
        });
        let codes = h.session("faulty", 2).await;
        assert_eq!(count(&h, &codes[0]).await, "1");
        assert_eq!(hidden(&h, &codes[0]).await, "1");
        // Growing by less than the room left: the instance takes more.
        let grow = |n: usize| format!(r#"{{"do":"grow","value":{n}}}"#);
        assert_eq!(send(&h, &codes[0], &grow(1)).await, r#""grown""#);
        assert_eq!(hidden(&h, &codes[0]).await, "2");
        // Past the whole budget: the call stands, the instance goes.
        assert_eq!(
            send(&h, &codes[0], &grow(8 * mib as usize)).await,
            r#""grown""#
        );
        assert_eq!(hidden(&h, &codes[0]).await, "1");
        assert_eq!(h.host.live_instances(), 1);
        assert_eq!(count(&h, &codes[1]).await, "2", "state lives in the host");
    });
}

#[test]
fn idle_instances_are_dropped_and_remade_on_demand() {
    rt().block_on(async {
        let h = TestHost::with(|c| c.limits.idle_instance = std::time::Duration::from_millis(30));
        let codes = h.session("faulty", 2).await;
        assert_eq!(count(&h, &codes[0]).await, "1");
        assert!(h.host.live_instances() >= 1);
        let mut waited = 0;
        while h.host.live_instances() > 0 && waited < 100 {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            waited += 1;
        }
        assert_eq!(
            h.host.live_instances(),
            0,
            "the idle instances were dropped"
        );
        assert_eq!(count(&h, &codes[1]).await, "2", "state lives in the host");
    });
}

#[test]
fn an_instance_is_replaced_after_its_call_budget_and_after_a_trap() {
    rt().block_on(async {
        let h = TestHost::with(|c| c.limits.calls_per_instance = 3);
        let codes = h.session("faulty", 2).await;
        let mut seen = Vec::new();
        for _ in 0..7 {
            seen.push(hidden(&h, &codes[0]).await);
        }
        assert_eq!(seen, ["1", "2", "3", "1", "2", "3", "1"]);
        // A trap drops the instance: guest memory starts over.
        h.host
            .live_message(&codes[0], None, r#"{"do":"trap"}"#)
            .await
            .unwrap_err();
        assert_eq!(hidden(&h, &codes[0]).await, "1");
    });
}

#[test]
fn compiled_components_are_cached_and_a_damaged_cache_file_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = guest("faulty");
    rt().block_on(async {
        let h = TestHost::with(|c| c.cache_dir = dir.path().to_path_buf());
        let record = h.host.add_experiment(&bytes).await.unwrap();
        let files: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        let name = files[0].file_name().unwrap().to_string_lossy().to_string();
        assert!(
            name.starts_with(&record.sha) && name.ends_with(".cwasm"),
            "{name}"
        );
        // Damage it: the next load recompiles and rewrites it.
        std::fs::write(&files[0], b"garbage").unwrap();
        let h2 = TestHost::with(|c| c.cache_dir = dir.path().to_path_buf());
        let again = h2.host.add_experiment(&bytes).await.unwrap();
        assert_eq!(again.sha, record.sha);
        assert!(
            std::fs::metadata(&files[0]).unwrap().len() > 1000,
            "rewritten"
        );
    });
    let _ = cache_dir();
}

#[test]
fn a_component_of_another_world_is_refused_naming_what_is_missing() {
    rt().block_on(async {
        let h = TestHost::new();
        // The smallest valid component: no imports, no exports.
        let empty = b"\0asm\x0d\0\x01\0";
        let e = h.host.add_experiment(empty).await.unwrap_err().to_string();
        assert!(
            e.contains("does not implement the livehost:experiment@0.1.0 world"),
            "{e}"
        );
        assert!(
            e.contains("does not export info, live-method, before-next"),
            "{e}"
        );
        assert!(h.host.store().experiments().unwrap().is_empty());
    });
}

#[test]
fn uploading_the_same_component_twice_keeps_one_record() {
    rt().block_on(async {
        let h = TestHost::new();
        let a = h.host.add_experiment(&guest("faulty")).await.unwrap();
        let b = h.host.add_experiment(&guest("faulty")).await.unwrap();
        assert_eq!(a, b);
        assert_eq!(h.host.store().experiments().unwrap().len(), 1);
        assert_eq!(a.info.name, "faulty");
        assert_eq!(a.info.pages.len(), 3);
    });
}

#[test]
fn a_component_built_against_wit_0_1_0_still_runs() {
    rt().block_on(async {
        let h = TestHost::new();
        let bytes = guest("legacy");
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            text.contains("livehost:experiment/state@0.1.0"),
            "the legacy guest imports the 0.1.0 interfaces"
        );
        let codes = h.session("legacy", 2).await;
        for n in 1..=2 {
            let d = h.host.live_message(&codes[0], None, "{}").await.unwrap();
            assert_eq!(&*d[0].payload, n.to_string());
        }
    });
}
