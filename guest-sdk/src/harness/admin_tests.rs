//! Tests of oTree's admin views and group_by_arrival_time in the harness:
//! the admin report's variables, custom exports' cells, both calls only
//! reading, describe telling what is declared (and the report's template
//! shipped), wrong declarations named, and groups the host hands over with
//! holes (emptied by arrival) counted by their numbers.

use super::*;
use crate::prelude::*;
use crate::{Subsession, WaitPage};

/// Four players in groups of two, one round; its views write when asked.
struct Shop;

impl Experiment for Shop {
    fn info() -> Info {
        Info::new("shop", 2).page(Page::normal("Buy", "{{ block content }}{{ endblock }}"))
    }
}

impl OtreePages for Shop {
    fn constants() -> Value {
        json!({"PRICE": 3})
    }

    fn admin_views() -> AdminViews {
        AdminViews::new()
            .admin_report("<p>{{ sold }}</p>")
            .custom_export("custom_export")
            .custom_export("custom_export_writes")
    }

    fn vars_for_admin_report(subsession: &Subsession) -> Result<Value> {
        if subsession.session().get_or("write", false)? {
            subsession.set("x", &1)?;
        }
        Ok(json!({"sold": subsession.get_players()?.len(), "price": {"__cu__": 3}}))
    }

    fn custom_export(function: &str, players: &[Player]) -> Result<Vec<Vec<Value>>> {
        if function == "custom_export_writes" {
            players[0].set("x", &1)?;
        }
        let mut rows = vec![vec![json!("participant"), json!("group"), json!("note")]];
        for p in players {
            rows.push(vec![
                json!(p.participant_id()),
                json!(p.group().id()),
                json!(p.get::<String>("note")?),
            ]);
        }
        Ok(rows)
    }
}

#[test]
fn the_admin_report_has_subsession_session_c_and_its_own_variables() {
    let mut h = Harness::<Shop>::otree(4, json!({"fee": 5})).unwrap();
    let vars = h.admin_report(1).unwrap();
    assert_eq!(vars["sold"], json!(4));
    assert_eq!(vars["price"], json!({"__cu__": 3}));
    assert_eq!(vars["subsession"]["round_number"], json!(1));
    assert_eq!(vars["session"]["config"], json!({"fee": 5}));
    assert_eq!(vars["C"], json!({"PRICE": 3}));
}

#[test]
fn admin_views_only_read() {
    let mut h = Harness::<Shop>::otree(4, json!({})).unwrap();
    h.set_session_value("write", json!(true));
    let error = h.admin_report(1).unwrap_err();
    assert!(
        error.starts_with("vars_for_admin_report of round 1: "),
        "{error}"
    );
    assert!(error.contains("custom exports only read"), "{error}");
    let error = h.custom_export("custom_export_writes").unwrap_err();
    assert!(error.starts_with("custom_export_writes: "), "{error}");
    assert!(error.contains("custom exports only read"), "{error}");
    assert_eq!(h.session_value("subsession.1.x"), None);
}

#[test]
fn custom_export_rows_are_every_player_with_cells_as_otree_writes_them() {
    let mut h = Harness::<Shop>::otree(4, json!({})).unwrap();
    let rows = h.custom_export("custom_export").unwrap();
    assert_eq!(
        rows,
        [
            ["participant", "group", "note"],
            ["1", "1", ""],
            ["2", "1", ""],
            ["3", "2", ""],
            ["4", "2", ""],
        ]
    );
}

#[test]
fn describe_tells_what_is_declared_and_the_report_template_is_shipped() {
    let views = crate::admin::describe::<Shop>();
    assert_eq!(views.admin_reports, ["shop"]);
    assert_eq!(
        views.custom_exports,
        [
            ("shop".to_owned(), "custom_export".to_owned()),
            ("shop".to_owned(), "custom_export_writes".to_owned())
        ]
    );
    let files = crate::pages::files::<Shop>();
    assert_eq!(
        files.templates,
        [(
            "shop/admin_report.html".to_owned(),
            "<p>{{ sold }}</p>".to_owned()
        )]
    );

    // An app without views reports none, and its calls say what to do.
    struct Plain;
    impl Experiment for Plain {
        fn info() -> Info {
            Info::new("plain", 1).page(Page::normal("A", "{{ block content }}{{ endblock }}"))
        }
    }
    impl OtreePages for Plain {}
    let views = crate::admin::describe::<Plain>();
    assert!(views.admin_reports.is_empty() && views.custom_exports.is_empty());
    let mut h = Harness::<Plain>::otree(1, json!({})).unwrap();
    let error = h.admin_report(1).unwrap_err();
    assert!(
        error.contains("plain has no admin report: declare it in OtreePages::admin_views"),
        "{error}"
    );
    let error = h.custom_export("custom_export").unwrap_err();
    assert!(
        error.contains("plain has no custom export \"custom_export\""),
        "{error}"
    );
}

#[test]
fn a_custom_export_not_named_as_otree_names_them_is_refused() {
    struct Bad;
    impl Experiment for Bad {
        fn info() -> Info {
            Info::new("bad", 1).page(Page::normal("A", "{{ block content }}{{ endblock }}"))
        }
    }
    impl OtreePages for Bad {
        fn admin_views() -> AdminViews {
            AdminViews::new().custom_export("export_all")
        }
    }
    assert!(crate::admin::describe::<Bad>().custom_exports.is_empty());
    let mut h = Harness::<Bad>::otree(1, json!({})).unwrap();
    let error = h.custom_export("export_all").unwrap_err();
    assert!(
        error.contains("name it custom_export or custom_export_<something>"),
        "{error}"
    );
}

/// Pairs by arrival: a wait page first, then a page counting the groups.
struct Arrival;

impl Experiment for Arrival {
    fn info() -> Info {
        Info::new("arrival", 2)
            .page(Page::wait("Match"))
            .page(Page::normal("Pair", "{{ block content }}{{ endblock }}"))
    }
}

impl OtreePages for Arrival {
    fn session_hooks() -> SessionHooks {
        SessionHooks::new().wait_page(WaitPage::new("Match").group_by_arrival_time())
    }

    fn vars_for_template(player: &Player, _page: &str) -> Result<Value> {
        let sub = player.subsession();
        let numbers: Vec<u32> = sub.get_groups()?.iter().map(|g| g.id()).collect();
        let missing = sub.group(1).map(|_| ()).unwrap_err().to_string();
        Ok(
            json!({"numbers": numbers, "matrix": sub.get_group_matrix()?, "missing": missing,
                  "partner": player.group().players().iter().map(|p| p.participant_id()).collect::<Vec<_>>()}),
        )
    }

    fn vars_for_admin_report(subsession: &Subsession) -> Result<Value> {
        Ok(json!({"groups": subsession.get_groups()?.len()}))
    }
}

#[test]
fn groups_emptied_by_arrival_are_gone_and_numbers_stay_positional() {
    let hooks = crate::hooks::describe::<Arrival>();
    assert!(hooks.wait_pages[0].group_by_arrival_time);
    let mut h = Harness::<Arrival>::otree(4, json!({})).unwrap();
    // As the host hands them over once both pairs formed: group 1 (the
    // round's group of everyone) is empty.
    h.db.set_matrix(1, vec![vec![], vec![1, 3], vec![2, 4]]);
    h.place_seats();
    let vars = h.show(3).unwrap().variables;
    assert_eq!(vars["numbers"], json!([2, 3]));
    assert_eq!(vars["matrix"], json!([[1, 3], [2, 4]]));
    assert_eq!(
        vars["missing"],
        json!("round 1 has no group 1 (its groups are 2, 3)")
    );
    assert_eq!(vars["group"]["id_in_subsession"], json!(2));
    assert_eq!(vars["player"]["id_in_group"], json!(2));
    assert_eq!(vars["partner"], json!([1, 3]));
}

#[test]
fn group_by_arrival_time_where_otree_refuses_it_is_named() {
    struct Late;
    impl Experiment for Late {
        fn info() -> Info {
            Info::new("late", 2)
                .page(Page::normal("A", "{{ block content }}{{ endblock }}"))
                .page(Page::wait("Match"))
        }
    }
    impl OtreePages for Late {
        fn session_hooks() -> SessionHooks {
            SessionHooks::new().wait_page(WaitPage::new("Match").group_by_arrival_time())
        }
    }
    let error = Harness::<Late>::otree(2, json!({})).unwrap_err();
    assert!(
        error.contains(
            "WaitPage::new(\"Match\").group_by_arrival_time(), but it must be the app's first page"
        ),
        "{error}"
    );
    assert!(crate::hooks::describe::<Late>().wait_pages.is_empty());

    struct Everyone;
    impl Experiment for Everyone {
        fn info() -> Info {
            Info::new("everyone", 0).page(Page::wait("Match"))
        }
    }
    impl OtreePages for Everyone {
        fn session_hooks() -> SessionHooks {
            SessionHooks::new().wait_page(
                WaitPage::new("Match")
                    .group_by_arrival_time()
                    .after_all_players_arrive(),
            )
        }
    }
    let error = Harness::<Everyone>::otree(2, json!({})).unwrap_err();
    assert!(
        error.contains("players per group must be a number"),
        "{error}"
    );
}
