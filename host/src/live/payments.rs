//! oTree's Payments view of a session: each participant's payoff (the
//! participant state key `payoff`, oTree's `participant.payoff`, which the
//! SDKs sum over every app and round), in points and money, the session
//! config's participation fee, and what to pay each participant and in
//! all, printed as the experiment's pages print currency.

use serde::Serialize;

use super::{Livehost, SessionError};
use crate::page_template::{CurrencySettings, display_value};
use crate::store::Scope;

/// What to pay one participant.
#[derive(Debug, Clone, Serialize)]
pub struct Payment {
    pub participant_id: u32,
    pub code: String,
    /// The payoff as the experiment counts it (points, or money without
    /// points), e.g. "24 points".
    pub payoff: String,
    /// The payoff in money ("€12.00").
    pub payoff_money: String,
    /// The participation fee ("€5.00").
    pub participation_fee: String,
    /// The payoff in money plus the fee: what to pay.
    pub total: String,
    /// The same, as a number of the real-world currency.
    pub total_amount: f64,
}

/// A session's payments.
#[derive(Debug, Clone, Serialize)]
pub struct Payments {
    /// Whether payoffs are in points (converted at the config's
    /// real_world_currency_per_point).
    pub use_points: bool,
    pub participants: Vec<Payment>,
    /// What to pay everybody, together.
    pub total: String,
}

impl Livehost {
    /// The payments of session `code`.
    pub async fn payments(&self, code: &str) -> Result<Payments, SessionError> {
        let store = &self.inner.store;
        let session = store
            .session(code)?
            .ok_or_else(|| SessionError::UnknownSession(code.to_string()))?;
        let experiment = self.experiment(&session.experiment).await?;
        let settings: CurrencySettings = experiment
            .info
            .page_files
            .as_ref()
            .and_then(|f| serde_json::from_str(&f.settings).ok())
            .unwrap_or_default();
        let use_points = settings.use_points();
        let mut config = serde_json::Map::new();
        let mut payoffs = std::collections::HashMap::new();
        for (scope, key, value) in store.session_state(code)? {
            match scope {
                Scope::Session if key == crate::runtime::SESSION_CONFIG => {
                    if let Ok(serde_json::Value::Object(c)) = serde_json::from_str(&value) {
                        config = c;
                    }
                }
                Scope::Participant { participant_id } if key == "payoff" => {
                    let amount = serde_json::from_str::<f64>(&value).unwrap_or(0.0);
                    payoffs.insert(participant_id, amount);
                }
                _ => {}
            }
        }
        let number =
            |key: &str, default: f64| config.get(key).and_then(|v| v.as_f64()).unwrap_or(default);
        let fee = number("participation_fee", 0.0);
        let rate = if use_points {
            number("real_world_currency_per_point", 1.0)
        } else {
            1.0
        };
        let show =
            |key: &str, amount: f64| display_value(&settings, &serde_json::json!({ key: amount }));
        let money = |amount: f64| show(crate::page_template::MONEY_KEY, amount);
        let mut total_amount = 0.0;
        let participants = store
            .session_participants(code)?
            .into_iter()
            .map(|p| {
                let payoff = payoffs.get(&p.participant_id).copied().unwrap_or(0.0);
                let in_money = payoff * rate;
                total_amount += in_money + fee;
                Payment {
                    participant_id: p.participant_id,
                    code: p.code,
                    payoff: show(crate::page_template::CURRENCY_KEY, payoff),
                    payoff_money: money(in_money),
                    participation_fee: money(fee),
                    total: money(in_money + fee),
                    total_amount: in_money + fee,
                }
            })
            .collect();
        Ok(Payments {
            use_points,
            participants,
            total: money(total_amount),
        })
    }
}
