//! An oTree-style app written in Rust with the SDK's [`OtreePages`]: the
//! pages are oTree templates (`templates/`), rendered by the host with the
//! variables these page methods give.
//!
//! - Survey: a form (an integer with min and max, a choice, a currency
//!   amount with its own error message) checked with oTree's messages, and
//!   `error_message` over the answers together.
//! - Chat: a live page with `vars_for_template` and `js_vars`.
//! - Skipped: `is_displayed` says no.
//! - Decide: a timed page (`timeout_seconds`); `before_next_page` records
//!   whether the timeout happened.
//! - Results: what was stored.

use livehost_guest::prelude::*;

/// The app.
pub struct RustPages;

/// The seconds the Decide page gives.
pub const SECONDS: u32 = 3;

impl Experiment for RustPages {
    fn info() -> Info {
        Info::new("rust_pages", 1)
            .page(Page::normal(
                "Survey",
                include_str!("../templates/Survey.html"),
            ))
            .page(Page::live("Chat", include_str!("../templates/Chat.html")))
            .page(Page::normal(
                "Skipped",
                include_str!("../templates/Skipped.html"),
            ))
            .page(Page::normal(
                "Decide",
                include_str!("../templates/Decide.html"),
            ))
            .page(Page::normal(
                "Results",
                include_str!("../templates/Results.html"),
            ))
    }

    fn live_method(player: &Player, page: &str, data: Value) -> Result<Replies> {
        if page != "Chat" {
            bail!("page {page} has no live method");
        }
        let messages = player.update("messages", 0u32, |n| *n += 1)?;
        Ok(Replies::to(
            player.id_in_group(),
            json!({"echo": data["text"], "from": player.id_in_group(), "messages": messages}),
        ))
    }
}

impl OtreePages for RustPages {
    fn models() -> Models {
        Models::new()
            .player(
                Field::integer("age")
                    .label("How old are you?")
                    .min(18)
                    .max(110),
            )
            .player(Field::string("colour").label("Favourite colour").choices([
                ("r", "Red"),
                ("g", "Green"),
                ("b", "Blue"),
            ]))
            .player(Field::currency("bid").label("Your bid"))
            .player(Field::integer("messages").initial(0))
            .player(Field::boolean("timed_out").initial(false))
    }

    fn constants() -> Value {
        json!({"STUDY": "the Rust study", "SECONDS": SECONDS})
    }

    fn templates() -> Vec<Template> {
        vec![Template::new(
            "rust_pages/intro.html",
            include_str!("../templates/intro.html"),
        )]
    }

    fn is_displayed(_player: &Player, page: &str) -> Result<bool> {
        Ok(page != "Skipped")
    }

    fn form_fields(_player: &Player, page: &str) -> Result<Vec<&'static str>> {
        Ok(match page {
            "Survey" => vec!["age", "colour", "bid"],
            _ => vec![],
        })
    }

    fn field_error_message(_player: &Player, field: &str, value: &Value) -> Result<Option<String>> {
        if field == "bid" && value.as_f64().is_some_and(|bid| bid > 50.0) {
            return Ok(Some("Bids above 50 are not allowed".into()));
        }
        Ok(None)
    }

    fn error_message(_player: &Player, page: &str, values: &Values) -> Result<Option<String>> {
        if page != "Survey" {
            return Ok(None);
        }
        let old = values
            .get("age")
            .and_then(Value::as_i64)
            .is_some_and(|age| age > 60);
        if old && values.get("colour") == Some(&json!("b")) {
            return Ok(Some("Blue over 60? Please check your answers.".into()));
        }
        Ok(None)
    }

    fn vars_for_template(player: &Player, page: &str) -> Result<Value> {
        if page != "Chat" {
            return Ok(Value::Null);
        }
        let colour: String = player.get_or("colour", String::new())?;
        let name = match colour.as_str() {
            "r" => "red",
            "g" => "green",
            "b" => "blue",
            _ => "nothing",
        };
        Ok(json!({
            "greeting": format!("Hello, player {}", player.id_in_group()),
            "colour_name": name,
        }))
    }

    fn js_vars(player: &Player, page: &str) -> Result<Option<Value>> {
        if page != "Chat" {
            return Ok(None);
        }
        let age: Option<i64> = player.get("age")?;
        Ok(Some(json!({"me": player.id_in_group(), "age": age})))
    }

    fn timeout_seconds(_player: &Player, page: &str) -> Result<Option<f64>> {
        Ok((page == "Decide").then_some(f64::from(SECONDS)))
    }

    fn before_next_page(player: &Player, page: &str, timeout_happened: bool) -> Result<()> {
        if page == "Decide" {
            player.set("timed_out", &timeout_happened)?;
        }
        Ok(())
    }
}

livehost_guest::export_app!(RustPages);

#[cfg(test)]
mod tests {
    use livehost_guest::harness::Harness;

    use super::*;

    #[test]
    fn the_pages_play_natively() {
        let mut h = Harness::<RustPages>::new();
        let survey = h.show(1).unwrap();
        assert_eq!(survey.page, "Survey");
        assert_eq!(survey.form_fields[0].label, "How old are you?");
        assert_eq!(survey.form_fields[0].max, Some(json!(110)));
        assert_eq!(survey.variables["C"]["STUDY"], "the Rust study");
        assert_eq!(survey.variables["player"]["payoff"], json!({"__cu__": 0.0}));

        let errors = h
            .submit(1, json!({"age": "15", "colour": "x", "bid": "60"}))
            .unwrap_err();
        assert_eq!(
            errors.fields,
            [
                (
                    "age".to_owned(),
                    "Number must be between 18 and 110.".to_owned()
                ),
                ("colour".to_owned(), "Not a valid choice".to_owned()),
                ("bid".to_owned(), "Bids above 50 are not allowed".to_owned()),
            ]
        );
        let errors = h
            .submit(1, json!({"age": "70", "colour": "b", "bid": "5"}))
            .unwrap_err();
        assert_eq!(
            errors.form.as_deref(),
            Some("Blue over 60? Please check your answers.")
        );
        h.submit(1, json!({"age": "30", "colour": "g", "bid": "20"}))
            .unwrap();
        assert_eq!(h.player_value(1, "age"), Some(json!(30)));

        let chat = h.show(1).unwrap();
        assert_eq!(chat.variables["greeting"], "Hello, player 1");
        assert_eq!(chat.variables["colour_name"], "green");
        assert_eq!(chat.js_vars, Some(json!({"me": 1, "age": 30})));
        let got = h.send(1, json!({"text": "hi"})).unwrap();
        assert_eq!(got.to(1), [json!({"echo": "hi", "from": 1, "messages": 1})]);
        h.submit(1, json!({})).unwrap();

        // Skipped is not displayed: showing goes on to Decide.
        let decide = h.show(1).unwrap();
        assert_eq!(decide.page, "Decide");
        assert_eq!(decide.timeout_seconds, Some(3.0));
        h.time_out(1, json!({})).unwrap();
        let results = h.show(1).unwrap();
        assert_eq!(results.variables["player"]["timed_out"], json!(true));
        assert_eq!(results.variables["player"]["bid"], json!({"__cu__": 20.0}));
    }
}
