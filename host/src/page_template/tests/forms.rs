//! The page's form beyond oTree's own output (`form_outputs.rs`): the
//! layout's message, fields oTree refuses, errors that name the field,
//! and livehost's choices.
use super::*;

const FIELDS: &str = r#"[
    {"name": "age", "kind": "Integer", "label": "Your age", "min": 13, "max": 125},
    {"name": "fav", "kind": "Integer", "label": "Fav", "widget": "RadioSelect", "choices": [[1, "One"], [2, "Two"]]}
]"#;

fn field(json: &str) -> FormField {
    form_field_from_json(&serde_json::from_str(json).unwrap())
}

/// Renders a template of its own (not a page) with `form` as the page's form.
fn render_with(
    template: &str,
    vars: serde_json::Value,
    form: Vec<FormField>,
) -> Result<String, TemplateError> {
    let t = compile(&[], &[page("app/t.html", template)]);
    let shell = Shell {
        form,
        ..Shell::default()
    };
    t.render("app/t.html", &vars, &shell)
}

fn render_error(template: &str, form: Vec<FormField>) -> TemplateError {
    render_with(template, serde_json::json!({}), form).expect_err("the render should fail")
}

#[test]
fn the_layout_asks_to_fix_the_errors_when_a_field_has_one() {
    let text = "{{ block content }}{{ formfields }}{{ endblock }}";
    let t = compile(&[page("app/P.html", text)], &[]);
    let mut form = form_from_json(FIELDS);
    form[0].value = Some(serde_json::json!("12"));
    form[0].error = Some("Too young".into());
    let mut s = Shell { form, ..shell() };
    let out = t.render("app/P.html", &serde_json::json!({}), &s).unwrap();
    assert!(
        out.contains(
            "<div class=\"otree-form-errors alert alert-danger\">Please fix the errors.</div>"
        ),
        "{out}"
    );
    assert!(out.contains("value=\"12\""), "{out}");
    // The page's own error (oTree's non-field error) takes its place.
    s.error = Some("The numbers must add up to 100".into());
    let out = t.render("app/P.html", &serde_json::json!({}), &s).unwrap();
    assert!(!out.contains("Please fix the errors."), "{out}");
    assert!(out.contains("The numbers must add up to 100"), "{out}");
    // Without errors, neither.
    s.error = None;
    s.form[0].error = None;
    let out = t.render("app/P.html", &serde_json::json!({}), &s).unwrap();
    assert!(!out.contains("otree-form-errors"), "{out}");
}

#[test]
fn fields_otree_refuses_are_errors_naming_the_field() {
    let cases = [
        (
            r#"{"name": "a", "kind": "Integer", "label": "A", "widget": "RadioSelect"}"#,
            "form field 'a': it has widget RadioSelect or RadioSelectHorizontal but no choices",
        ),
        (
            r#"{"name": "b", "kind": "String", "label": "B", "widget": "TextInput", "choices": [["x", "x"]]}"#,
            "form field 'b': a field with choices is shown as a dropdown",
        ),
        (
            r#"{"name": "c", "kind": "Boolean", "label": "C", "widget": "TextInput"}"#,
            "form field 'c': a field with choices is shown as a dropdown",
        ),
        (
            r#"{"name": "d", "kind": "LongString", "label": "D", "choices": [["x", "x"]]}"#,
            "form field 'd': a LongStringField cannot have choices",
        ),
        (
            r#"{"name": "e", "kind": "Boolean", "label": "E", "widget": "CheckboxInput", "choices": [[true, "Y"]]}"#,
            "form field 'e': a BooleanField with widget CheckboxInput cannot have choices",
        ),
        (
            r#"{"name": "s", "kind": "String", "label": "S", "widget": "Select"}"#,
            "form field 's': oTree cannot show widget Select",
        ),
        (
            r#"{"name": "t", "kind": "String", "label": "T", "widget": "Select", "choices": [["x", "x"]]}"#,
            "form field 't': a field with choices is shown as a dropdown (no widget), RadioSelect or \
             RadioSelectHorizontal; oTree refuses widget Select with choices",
        ),
        (
            r#"{"name": "f", "kind": "Integer", "label": "F", "min": "zero"}"#,
            "form field 'f': its min must be a number, not \"zero\"",
        ),
        (
            r#"{"name": "g", "kind": "Integer", "label": "G", "value": [1]}"#,
            "form field 'g': its value [1] is not a value a form field can have",
        ),
        (
            r#"{"name": "h", "kind": "Currency", "label": "H", "value": {"__cu__": "5"}}"#,
            "form field 'h': its value {\"__cu__\":\"5\"} is not a currency amount",
        ),
    ];
    for (json, message) in cases {
        let err = render_error("{{ formfields }}", vec![field(json)]);
        assert_eq!(
            (err.template.as_str(), err.line),
            ("app/t.html", None),
            "{err}"
        );
        assert!(err.message.contains(message), "{json}: {err}");
    }
    let twice = vec![
        field(r#"{"name": "a", "kind": "String"}"#),
        field(r#"{"name": "a", "kind": "String"}"#),
    ];
    let err = render_error("x", twice);
    assert!(
        err.message.contains("the form has two fields named 'a'"),
        "{err}"
    );
}

#[test]
fn form_variable_errors_name_what_is_missing() {
    let err = render_error("\n{{ form.agee }}", form_from_json(FIELDS));
    assert_eq!(err.line, Some(2), "{err}");
    assert!(
        err.message.contains("Cannot resolve the variable 'form.agee': the page's form has no field 'agee' (its fields are age, fav)"),
        "{err}"
    );
    let err = render_error("{{ form.age.colour }}", form_from_json(FIELDS));
    assert!(
        err.message
            .contains("Cannot resolve the variable 'form.age.colour': a form field has label"),
        "{err}"
    );
    let err = render_error("{{ form.fav.2 }}", form_from_json(FIELDS));
    assert!(
        err.message.contains("Cannot resolve the variable 'form.fav.2': the field 'fav' has 2 choices, numbered from 0"),
        "{err}"
    );
    let err = render_error(
        "{{ for c in form.age }}{{ c }}{{ endfor }}",
        form_from_json(FIELDS),
    );
    assert!(err.message.contains("not iterable"), "{err}");
    let err = render_error(
        "{{ formfield 'age' label=my_label }}",
        form_from_json(FIELDS),
    );
    assert!(
        err.message
            .contains("Cannot resolve the variable 'my_label'"),
        "{err}"
    );
    let err = render_error("{{ formfield_errors player.age }}", form_from_json(FIELDS));
    assert!(
        err.message.contains("Cannot resolve the variable 'player'"),
        "{err}"
    );
    let err = render_with(
        "{{ formfield_errors n }}",
        serde_json::json!({"n": 3}),
        form_from_json(FIELDS),
    )
    .expect_err("a number is not a field name");
    assert!(
        err.message
            .contains("formfield_errors needs the name of a field as a string"),
        "{err}"
    );
}

#[test]
fn a_page_variable_called_form_wins_as_in_otree() {
    let out = render_with(
        "{{ form }}|{{ formfield_errors 'age' }}",
        serde_json::json!({"form": "mine"}),
        form_from_json(FIELDS),
    )
    .unwrap();
    assert_eq!(out, "mine|");
}

#[test]
fn a_page_without_form_fields() {
    let out = render_with(
        "[{{ formfields }}]{{ for f in form }}x{{ endfor }}{{ if form.errors }}e{{ endif }}",
        serde_json::json!({}),
        vec![],
    )
    .unwrap();
    assert_eq!(out, "[]");
}

#[test]
fn formfields_in_an_include_and_a_loop_variable() {
    let t = compile(
        &[page(
            "app/P.html",
            "{{ block content }}{{ include 'app/fields.html' }}{{ endblock }}",
        )],
        &[page(
            "app/fields.html",
            "{{ for name in names }}{{ formfield_errors name }}{{ endfor }}",
        )],
    );
    let mut form = form_from_json(FIELDS);
    form[1].error = Some("Pick one".into());
    let s = Shell { form, ..shell() };
    let out = t
        .render(
            "app/P.html",
            &serde_json::json!({"names": ["age", "fav"]}),
            &s,
        )
        .unwrap();
    assert!(
        out.contains("<div class=\"form-control-errors\">Pick one</div>"),
        "{out}"
    );
}

#[test]
fn form_errors_and_data() {
    let mut form = form_from_json(FIELDS);
    form[0].value = Some(serde_json::json!(" 40 "));
    form[0].error = Some("Too old".into());
    form[1].value = Some(serde_json::json!("2"));
    let out = render_with(
        "{{ form.errors }}|{{ form.age.data }}|{{ form.fav.data }}|{{ form.fav.1.checked }}|{{ form.fav.type }}|{{ form.field_names }}",
        serde_json::json!({}),
        form,
    )
    .unwrap();
    // oTree prints True as 1 (its number formatting takes bools for ints).
    assert_eq!(out, "{'age': ['Too old']}|40|2|1|RadioField|['age', 'fav']");
}

#[test]
fn a_currency_value_of_a_text_field_prints_as_currency() {
    // oTree's StringField shows str(value), for a currency its formatted amount.
    let f = field(r#"{"name": "t", "kind": "String", "label": "T", "value": {"__cu__": 3}}"#);
    let out = render_with("{{ form.t }}", serde_json::json!({}), vec![f]).unwrap();
    assert_eq!(
        out,
        "<input type=\"text\" class=\"form-control\" id=\"id_t\" name=\"t\" required value=\"3 points\">"
    );
}
