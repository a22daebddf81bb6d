//! The form fields a participant submits with next: a JSON object of
//! strings, as `before_next` receives it.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use crate::error::{Error, Result};

/// Submitted form fields by name, each value a string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Form {
    fields: BTreeMap<String, String>,
}

impl Form {
    /// A form with no fields.
    pub fn new() -> Self {
        Form::default()
    }

    /// Parse the host's JSON text: an object whose values are strings.
    pub fn from_json(text: &str) -> Result<Self> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| Error::new(format!("the form is not valid JSON: {e}")))?;
        Form::try_from(value)
    }

    /// The value of field `name`, if it was submitted.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }

    /// The value of field `name`; an error naming it if it is missing.
    pub fn require(&self, name: &str) -> Result<&str> {
        self.get(name)
            .ok_or_else(|| Error::new(format!("the form has no field {name:?}")))
    }

    /// Field `name` parsed as a `T` (a number, a bool, ...); an error naming
    /// the field if it is missing or does not parse.
    pub fn parse<T>(&self, name: &str) -> Result<T>
    where
        T: FromStr,
        T::Err: fmt::Display,
    {
        let text = self.require(name)?;
        text.trim()
            .parse()
            .map_err(|e| Error::new(format!("form field {name:?} = {text:?}: {e}")))
    }

    /// Every field, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.fields.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// How many fields were submitted.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether no field was submitted.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The form as the JSON object the host passes.
    pub fn to_json(&self) -> Value {
        Value::Object(
            self.fields
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect(),
        )
    }
}

impl TryFrom<Value> for Form {
    type Error = Error;

    /// A JSON object whose values are strings.
    fn try_from(value: Value) -> Result<Self> {
        let Value::Object(map) = value else {
            return Err(Error::new(format!(
                "the form must be a JSON object, not {value}"
            )));
        };
        let mut fields = BTreeMap::new();
        for (name, value) in map {
            match value {
                Value::String(s) => {
                    fields.insert(name, s);
                }
                other => {
                    return Err(Error::new(format!(
                        "form field {name:?} must be a string, not {other}"
                    )));
                }
            }
        }
        Ok(Form { fields })
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Form {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Form {
            fields: iter
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_hosts_json() {
        let form = Form::from_json(r#"{"age": " 31 ", "name": "Ann"}"#).unwrap();
        assert_eq!(form.get("name"), Some("Ann"));
        assert_eq!(form.parse::<u32>("age").unwrap(), 31);
        assert_eq!(form.len(), 2);
        assert!(form.require("x").unwrap_err().message().contains("\"x\""));
        assert!(
            form.parse::<u32>("name")
                .unwrap_err()
                .message()
                .contains("name")
        );
        assert_eq!(Form::try_from(form.to_json()).unwrap(), form);
    }

    #[test]
    fn refuses_what_is_not_a_form() {
        assert!(Form::from_json("not json").is_err());
        assert!(
            Form::from_json("[1]")
                .unwrap_err()
                .message()
                .contains("object")
        );
        assert!(
            Form::from_json(r#"{"a": 1}"#)
                .unwrap_err()
                .message()
                .contains("\"a\"")
        );
        let form: Form = [("a", "1")].into_iter().collect();
        assert_eq!(form.get("a"), Some("1"));
    }
}
