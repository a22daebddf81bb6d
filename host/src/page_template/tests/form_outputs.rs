//! Form fields as oTree renders them: each expected string is what oTree
//! 6.0.15 rendered (its wtforms form for a player model with these fields,
//! run in a Python venv) for the same template, field values, errors and
//! settings. The fields are given as JSON (see `form_field_from_json`).
//! Generated; compared byte for byte.
use super::check_form;

#[test]
fn integer_empty() {
    check_form(
        "{}",
        "[{\"name\": \"integer_a\", \"kind\": \"Integer\", \"label\": \"Your integer?\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'integer_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_integer_a\">Your integer?</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_integer_a\" min=\"0\" name=\"integer_a\" required value=\"\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn integer_stored() {
    check_form(
        "{}",
        "[{\"name\": \"integer_a\", \"kind\": \"Integer\", \"label\": \"Your integer?\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": 42, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'integer_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_integer_a\">Your integer?</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_integer_a\" min=\"0\" name=\"integer_a\" required value=\"42\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn integer_submitted_with_error() {
    check_form(
        "{}",
        "[{\"name\": \"integer_a\", \"kind\": \"Integer\", \"label\": \"Your integer?\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": \"4x2\", \"error\": \"Please enter a whole number.\", \"help_text\": null}]",
        "{{ formfield 'integer_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_integer_a\">Your integer?</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_integer_a\" min=\"0\" name=\"integer_a\" required value=\"4x2\">\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Please enter a whole number.<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn integer_blank_with_help() {
    check_form(
        "{}",
        "[{\"name\": \"integer_b\", \"kind\": \"Integer\", \"label\": \"Integer B\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": \"Some <b>help</b>\"}]",
        "{{ formfield 'integer_b' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_integer_b\">Integer B</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_integer_b\" min=\"0\" name=\"integer_b\" value=\"\">\n        </div>\n    \n    \n        <p>\n        <small>\n            <p class=\"form-text text-muted\">Some <b>help</b></p>\n        </small>\n        </p>\n    \n    \n</div>",
    );
}

#[test]
fn integer_error_without_value() {
    check_form(
        "{}",
        "[{\"name\": \"integer_a\", \"kind\": \"Integer\", \"label\": \"Your integer?\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": null, \"error\": \"This field is required.\", \"help_text\": null}]",
        "{{ formfield 'integer_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_integer_a\">Your integer?</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_integer_a\" min=\"0\" name=\"integer_a\" required value=\"\">\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            This field is required.<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn float_empty() {
    check_form(
        "{}",
        "[{\"name\": \"float_a\", \"kind\": \"Float\", \"label\": \"Your float?\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'float_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_float_a\">Your float?</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" inputmode=\"decimal\" id=\"id_float_a\" min=\"0\" name=\"float_a\" required value=\"\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn float_stored() {
    check_form(
        "{}",
        "[{\"name\": \"float_a\", \"kind\": \"Float\", \"label\": \"Your float?\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": 2.5, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'float_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_float_a\">Your float?</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" inputmode=\"decimal\" id=\"id_float_a\" min=\"0\" name=\"float_a\" required value=\"2.5\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn float_submitted_with_error() {
    check_form(
        "{}",
        "[{\"name\": \"float_a\", \"kind\": \"Float\", \"label\": \"Your float?\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": \"2,75\", \"error\": \"Must be at most 2.\", \"help_text\": null}]",
        "{{ formfield 'float_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_float_a\">Your float?</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" inputmode=\"decimal\" id=\"id_float_a\" min=\"0\" name=\"float_a\" required value=\"2.75\">\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Must be at most 2.<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn float_blank_with_help() {
    check_form(
        "{}",
        "[{\"name\": \"float_b\", \"kind\": \"Float\", \"label\": \"Float B\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": \"Some <b>help</b>\"}]",
        "{{ formfield 'float_b' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_float_b\">Float B</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" inputmode=\"decimal\" id=\"id_float_b\" min=\"0\" name=\"float_b\" value=\"\">\n        </div>\n    \n    \n        <p>\n        <small>\n            <p class=\"form-text text-muted\">Some <b>help</b></p>\n        </small>\n        </p>\n    \n    \n</div>",
    );
}

#[test]
fn float_error_without_value() {
    check_form(
        "{}",
        "[{\"name\": \"float_a\", \"kind\": \"Float\", \"label\": \"Your float?\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": null, \"error\": \"This field is required.\", \"help_text\": null}]",
        "{{ formfield 'float_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_float_a\">Your float?</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" inputmode=\"decimal\" id=\"id_float_a\" min=\"0\" name=\"float_a\" required value=\"\">\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            This field is required.<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn currency_empty() {
    check_form(
        "{}",
        "[{\"name\": \"currency_a\", \"kind\": \"Currency\", \"label\": \"Your currency?\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'currency_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_currency_a\">Your currency?</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_currency_a\" min=\"0\" name=\"currency_a\" required value=\"\"><span class=\"input-group-text\">points</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_stored() {
    check_form(
        "{}",
        "[{\"name\": \"currency_a\", \"kind\": \"Currency\", \"label\": \"Your currency?\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 7}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'currency_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_currency_a\">Your currency?</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_currency_a\" min=\"0\" name=\"currency_a\" required value=\"7\"><span class=\"input-group-text\">points</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_submitted_with_error() {
    check_form(
        "{}",
        "[{\"name\": \"currency_a\", \"kind\": \"Currency\", \"label\": \"Your currency?\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": \"3.6\", \"error\": \"Too much.\", \"help_text\": null}]",
        "{{ formfield 'currency_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_currency_a\">Your currency?</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_currency_a\" min=\"0\" name=\"currency_a\" required value=\"4\"><span class=\"input-group-text\">points</span></div>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Too much.<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn currency_blank_with_help() {
    check_form(
        "{}",
        "[{\"name\": \"currency_b\", \"kind\": \"Currency\", \"label\": \"Currency B\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": \"Some <b>help</b>\"}]",
        "{{ formfield 'currency_b' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_currency_b\">Currency B</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_currency_b\" min=\"0\" name=\"currency_b\" value=\"\"><span class=\"input-group-text\">points</span></div>\n        </div>\n    \n    \n        <p>\n        <small>\n            <p class=\"form-text text-muted\">Some <b>help</b></p>\n        </small>\n        </p>\n    \n    \n</div>",
    );
}

#[test]
fn currency_error_without_value() {
    check_form(
        "{}",
        "[{\"name\": \"currency_a\", \"kind\": \"Currency\", \"label\": \"Your currency?\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": null, \"error\": \"This field is required.\", \"help_text\": null}]",
        "{{ formfield 'currency_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_currency_a\">Your currency?</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_currency_a\" min=\"0\" name=\"currency_a\" required value=\"\"><span class=\"input-group-text\">points</span></div>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            This field is required.<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn string_empty() {
    check_form(
        "{}",
        "[{\"name\": \"string_a\", \"kind\": \"String\", \"label\": \"Your string?\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'string_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_string_a\">Your string?</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" id=\"id_string_a\" name=\"string_a\" required value=\"\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn string_stored() {
    check_form(
        "{}",
        "[{\"name\": \"string_a\", \"kind\": \"String\", \"label\": \"Your string?\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"a \\\"quoted\\\" <b>&'s\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'string_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_string_a\">Your string?</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" id=\"id_string_a\" name=\"string_a\" required value=\"a &#34;quoted&#34; &lt;b&gt;&amp;&#39;s\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn string_submitted_with_error() {
    check_form(
        "{}",
        "[{\"name\": \"string_a\", \"kind\": \"String\", \"label\": \"Your string?\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"x<y & \\\"z\\\"\", \"error\": \"Too <i>short</i>.\", \"help_text\": null}]",
        "{{ formfield 'string_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_string_a\">Your string?</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" id=\"id_string_a\" name=\"string_a\" required value=\"x&lt;y &amp; &#34;z&#34;\">\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Too <i>short</i>.<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn string_blank_with_help() {
    check_form(
        "{}",
        "[{\"name\": \"string_b\", \"kind\": \"String\", \"label\": \"String B\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": \"Some <b>help</b>\"}]",
        "{{ formfield 'string_b' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_string_b\">String B</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" id=\"id_string_b\" name=\"string_b\" value=\"\">\n        </div>\n    \n    \n        <p>\n        <small>\n            <p class=\"form-text text-muted\">Some <b>help</b></p>\n        </small>\n        </p>\n    \n    \n</div>",
    );
}

#[test]
fn string_error_without_value() {
    check_form(
        "{}",
        "[{\"name\": \"string_a\", \"kind\": \"String\", \"label\": \"Your string?\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": \"This field is required.\", \"help_text\": null}]",
        "{{ formfield 'string_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_string_a\">Your string?</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" id=\"id_string_a\" name=\"string_a\" required value=\"\">\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            This field is required.<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn longstring_empty() {
    check_form(
        "{}",
        "[{\"name\": \"longstring_a\", \"kind\": \"LongString\", \"label\": \"Your longstring?\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'longstring_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_longstring_a\">Your longstring?</label>\n        <div class=\"controls\">\n            <textarea class=\"form-control\" id=\"id_longstring_a\" name=\"longstring_a\" required value=\"\">\r\n</textarea>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn longstring_stored() {
    check_form(
        "{}",
        "[{\"name\": \"longstring_a\", \"kind\": \"LongString\", \"label\": \"Your longstring?\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"line 1\\nline 2 <b>&amp;</b>\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'longstring_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_longstring_a\">Your longstring?</label>\n        <div class=\"controls\">\n            <textarea class=\"form-control\" id=\"id_longstring_a\" name=\"longstring_a\" required value=\"line 1\nline 2 &lt;b&gt;&amp;amp;&lt;/b&gt;\">\r\nline 1\nline 2 &lt;b&gt;&amp;amp;&lt;/b&gt;</textarea>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn longstring_submitted_with_error() {
    check_form(
        "{}",
        "[{\"name\": \"longstring_a\", \"kind\": \"LongString\", \"label\": \"Your longstring?\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"typed\\r\\ntext \\\"q\\\"\", \"error\": \"Write more.\", \"help_text\": null}]",
        "{{ formfield 'longstring_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_longstring_a\">Your longstring?</label>\n        <div class=\"controls\">\n            <textarea class=\"form-control\" id=\"id_longstring_a\" name=\"longstring_a\" required value=\"typed\r\ntext &#34;q&#34;\">\r\ntyped\r\ntext &#34;q&#34;</textarea>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Write more.<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn longstring_blank_with_help() {
    check_form(
        "{}",
        "[{\"name\": \"longstring_b\", \"kind\": \"LongString\", \"label\": \"Longstring B\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": \"Some <b>help</b>\"}]",
        "{{ formfield 'longstring_b' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_longstring_b\">Longstring B</label>\n        <div class=\"controls\">\n            <textarea class=\"form-control\" id=\"id_longstring_b\" name=\"longstring_b\" value=\"\">\r\n</textarea>\n        </div>\n    \n    \n        <p>\n        <small>\n            <p class=\"form-text text-muted\">Some <b>help</b></p>\n        </small>\n        </p>\n    \n    \n</div>",
    );
}

#[test]
fn longstring_error_without_value() {
    check_form(
        "{}",
        "[{\"name\": \"longstring_a\", \"kind\": \"LongString\", \"label\": \"Your longstring?\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": \"This field is required.\", \"help_text\": null}]",
        "{{ formfield 'longstring_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_longstring_a\">Your longstring?</label>\n        <div class=\"controls\">\n            <textarea class=\"form-control\" id=\"id_longstring_a\" name=\"longstring_a\" required value=\"\">\r\n</textarea>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            This field is required.<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn boolean_empty() {
    check_form(
        "{}",
        "[{\"name\": \"boolean_a\", \"kind\": \"Boolean\", \"label\": \"Your boolean?\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'boolean_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_boolean_a\">Your boolean?</label>\n        <div class=\"controls\">\n            <div id=\"id_boolean_a\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_boolean_a-0\" name=\"boolean_a\" required value=\"True\"> <label for=\"id_boolean_a-0\">Yes</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_boolean_a-1\" name=\"boolean_a\" required value=\"False\"> <label for=\"id_boolean_a-1\">No</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn boolean_stored() {
    check_form(
        "{}",
        "[{\"name\": \"boolean_a\", \"kind\": \"Boolean\", \"label\": \"Your boolean?\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": true, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'boolean_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_boolean_a\">Your boolean?</label>\n        <div class=\"controls\">\n            <div id=\"id_boolean_a\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_boolean_a-0\" name=\"boolean_a\" required value=\"True\"> <label for=\"id_boolean_a-0\">Yes</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_boolean_a-1\" name=\"boolean_a\" required value=\"False\"> <label for=\"id_boolean_a-1\">No</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn boolean_submitted_with_error() {
    check_form(
        "{}",
        "[{\"name\": \"boolean_a\", \"kind\": \"Boolean\", \"label\": \"Your boolean?\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"False\", \"error\": \"Choose one.\", \"help_text\": null}]",
        "{{ formfield 'boolean_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_boolean_a\">Your boolean?</label>\n        <div class=\"controls\">\n            <div id=\"id_boolean_a\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_boolean_a-0\" name=\"boolean_a\" required value=\"True\"> <label for=\"id_boolean_a-0\">Yes</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_boolean_a-1\" name=\"boolean_a\" required value=\"False\"> <label for=\"id_boolean_a-1\">No</label></div></div>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Choose one.<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn boolean_blank_with_help() {
    check_form(
        "{}",
        "[{\"name\": \"boolean_b\", \"kind\": \"Boolean\", \"label\": \"Boolean B\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": \"Some <b>help</b>\"}]",
        "{{ formfield 'boolean_b' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_boolean_b\">Boolean B</label>\n        <div class=\"controls\">\n            <div id=\"id_boolean_b\"><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_boolean_b-0\" name=\"boolean_b\" value=\"True\"> <label for=\"id_boolean_b-0\">Yes</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_boolean_b-1\" name=\"boolean_b\" value=\"False\"> <label for=\"id_boolean_b-1\">No</label></div></div>\n        </div>\n    \n    \n        <p>\n        <small>\n            <p class=\"form-text text-muted\">Some <b>help</b></p>\n        </small>\n        </p>\n    \n    \n</div>",
    );
}

#[test]
fn boolean_error_without_value() {
    check_form(
        "{}",
        "[{\"name\": \"boolean_a\", \"kind\": \"Boolean\", \"label\": \"Your boolean?\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": \"This field is required.\", \"help_text\": null}]",
        "{{ formfield 'boolean_a' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_boolean_a\">Your boolean?</label>\n        <div class=\"controls\">\n            <div id=\"id_boolean_a\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_boolean_a-0\" name=\"boolean_a\" required value=\"True\"> <label for=\"id_boolean_a-0\">Yes</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_boolean_a-1\" name=\"boolean_a\" required value=\"False\"> <label for=\"id_boolean_a-1\">No</label></div></div>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            This field is required.<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn integer_min_max() {
    check_form(
        "{}",
        "[{\"name\": \"offer\", \"kind\": \"Integer\", \"label\": \"Offer\", \"widget\": \"Default\", \"choices\": null, \"min\": 12, \"max\": 24, \"blank\": false, \"value\": 13, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'offer' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_offer\">Offer</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_offer\" max=\"24\" min=\"12\" name=\"offer\" required value=\"13\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn integer_negative_min() {
    check_form(
        "{}",
        "[{\"name\": \"offer2\", \"kind\": \"Integer\", \"label\": \"Offer2\", \"widget\": \"Default\", \"choices\": null, \"min\": -5, \"max\": 5, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'offer2' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_offer2\">Offer2</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"\" id=\"id_offer2\" max=\"5\" min=\"-5\" name=\"offer2\" required value=\"\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn integer_no_min() {
    check_form(
        "{}",
        "[{\"name\": \"offer3\", \"kind\": \"Integer\", \"label\": \"Offer3\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'offer3' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_offer3\">Offer3</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"\" id=\"id_offer3\" name=\"offer3\" required value=\"\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn integer_float_stored() {
    check_form(
        "{}",
        "[{\"name\": \"offer3\", \"kind\": \"Integer\", \"label\": \"Offer3\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": 7.9, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'offer3' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_offer3\">Offer3</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"\" id=\"id_offer3\" name=\"offer3\" required value=\"7\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn integer_submitted_empty() {
    check_form(
        "{}",
        "[{\"name\": \"offer3\", \"kind\": \"Integer\", \"label\": \"Offer3\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"\", \"error\": \"This field is required.\", \"help_text\": null}]",
        "{{ formfield 'offer3' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_offer3\">Offer3</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"\" id=\"id_offer3\" name=\"offer3\" required value=\"\">\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            This field is required.<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn float_min_max_floats() {
    check_form(
        "{}",
        "[{\"name\": \"share\", \"kind\": \"Float\", \"label\": \"Share\", \"widget\": \"Default\", \"choices\": null, \"min\": 0.5, \"max\": 99.5, \"blank\": false, \"value\": 1e-05, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'share' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_share\">Share</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" inputmode=\"decimal\" id=\"id_share\" max=\"99.5\" min=\"0.5\" name=\"share\" required value=\"1e-05\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn float_negative_min() {
    check_form(
        "{}",
        "[{\"name\": \"share2\", \"kind\": \"Float\", \"label\": \"Share2\", \"widget\": \"Default\", \"choices\": null, \"min\": -1, \"max\": null, \"blank\": false, \"value\": 3, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'share2' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_share2\">Share2</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" inputmode=\"\" id=\"id_share2\" min=\"-1\" name=\"share2\" required value=\"3\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn float_no_min_stored_float() {
    check_form(
        "{}",
        "[{\"name\": \"share3\", \"kind\": \"Float\", \"label\": \"Share3\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": 3.0, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'share3' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_share3\">Share3</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" inputmode=\"\" id=\"id_share3\" name=\"share3\" required value=\"3.0\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn float_submitted_invalid() {
    check_form(
        "{}",
        "[{\"name\": \"share3\", \"kind\": \"Float\", \"label\": \"Share3\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"abc\", \"error\": \"Not a valid float value\", \"help_text\": null}]",
        "{{ formfield 'share3' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_share3\">Share3</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" inputmode=\"\" id=\"id_share3\" name=\"share3\" required value=\"\">\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not a valid float value<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn float_submitted_big() {
    check_form(
        "{}",
        "[{\"name\": \"share3\", \"kind\": \"Float\", \"label\": \"Share3\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"12345678.5\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'share3' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_share3\">Share3</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" inputmode=\"\" id=\"id_share3\" name=\"share3\" required value=\"12345678.5\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn float_submitted_exponent() {
    check_form(
        "{}",
        "[{\"name\": \"share3\", \"kind\": \"Float\", \"label\": \"Share3\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \" 1e20 \", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'share3' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_share3\">Share3</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" inputmode=\"\" id=\"id_share3\" name=\"share3\" required value=\"1e+20\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn float_german() {
    check_form(
        "{\"LANGUAGE_CODE\": \"de\"}",
        "[{\"name\": \"share4\", \"kind\": \"Float\", \"label\": \"Share4\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": 2.5, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'share4' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_share4\">Share4</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" inputmode=\"decimal\" id=\"id_share4\" min=\"0\" name=\"share4\" required value=\"2,5\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn float_german_submitted() {
    check_form(
        "{\"LANGUAGE_CODE\": \"de\"}",
        "[{\"name\": \"share4\", \"kind\": \"Float\", \"label\": \"Share4\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": \"3,25\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'share4' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_share4\">Share4</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" inputmode=\"decimal\" id=\"id_share4\" min=\"0\" name=\"share4\" required value=\"3,25\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_min_max() {
    check_form(
        "{}",
        "[{\"name\": \"bid\", \"kind\": \"Currency\", \"label\": \"Bid\", \"widget\": \"Default\", \"choices\": null, \"min\": {\"__cu__\": 1}, \"max\": {\"__cu__\": 10}, \"blank\": false, \"value\": {\"__cu__\": 4}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'bid' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_bid\">Bid</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_bid\" max=\"10\" min=\"1\" name=\"bid\" required value=\"4\"><span class=\"input-group-text\">points</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_plain_number_bounds() {
    check_form(
        "{}",
        "[{\"name\": \"bid2\", \"kind\": \"Currency\", \"label\": \"Bid2\", \"widget\": \"Default\", \"choices\": null, \"min\": -2, \"max\": 2.5, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'bid2' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_bid2\">Bid2</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"number\" class=\"form-control\" inputmode=\"\" id=\"id_bid2\" max=\"2.5\" min=\"-2\" name=\"bid2\" required value=\"\"><span class=\"input-group-text\">points</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_no_min() {
    check_form(
        "{}",
        "[{\"name\": \"bid3\", \"kind\": \"Currency\", \"label\": \"Bid3\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'bid3' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_bid3\">Bid3</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"number\" class=\"form-control\" inputmode=\"\" id=\"id_bid3\" name=\"bid3\" required value=\"\"><span class=\"input-group-text\">points</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_submitted_rounds() {
    check_form(
        "{}",
        "[{\"name\": \"bid3\", \"kind\": \"Currency\", \"label\": \"Bid3\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"3.5\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'bid3' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_bid3\">Bid3</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"number\" class=\"form-control\" inputmode=\"\" id=\"id_bid3\" name=\"bid3\" required value=\"4\"><span class=\"input-group-text\">points</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_submitted_empty() {
    check_form(
        "{}",
        "[{\"name\": \"bid3\", \"kind\": \"Currency\", \"label\": \"Bid3\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'bid3' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_bid3\">Bid3</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"number\" class=\"form-control\" inputmode=\"\" id=\"id_bid3\" name=\"bid3\" required value=\"\"><span class=\"input-group-text\">points</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_submitted_invalid() {
    check_form(
        "{}",
        "[{\"name\": \"bid3\", \"kind\": \"Currency\", \"label\": \"Bid3\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"lots\", \"error\": \"Not a valid decimal value\", \"help_text\": null}]",
        "{{ formfield 'bid3' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_bid3\">Bid3</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"number\" class=\"form-control\" inputmode=\"\" id=\"id_bid3\" name=\"bid3\" required value=\"\"><span class=\"input-group-text\">points</span></div>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not a valid decimal value<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn currency_points_two_places() {
    check_form(
        "{\"POINTS_DECIMAL_PLACES\": 2}",
        "[{\"name\": \"bid4\", \"kind\": \"Currency\", \"label\": \"Bid4\", \"widget\": \"Default\", \"choices\": null, \"min\": {\"__cu__\": 0.5}, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 2.5}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'bid4' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_bid4\">Bid4</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"text\" class=\"form-control\" inputmode=\"decimal\" id=\"id_bid4\" min=\"0.50\" name=\"bid4\" required value=\"2.50\"><span class=\"input-group-text\">points</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_points_two_places_submitted() {
    check_form(
        "{\"POINTS_DECIMAL_PLACES\": 2}",
        "[{\"name\": \"bid4\", \"kind\": \"Currency\", \"label\": \"Bid4\", \"widget\": \"Default\", \"choices\": null, \"min\": {\"__cu__\": 0.5}, \"max\": null, \"blank\": false, \"value\": \"1,257\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'bid4' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_bid4\">Bid4</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"text\" class=\"form-control\" inputmode=\"decimal\" id=\"id_bid4\" min=\"0.50\" name=\"bid4\" required value=\"1.26\"><span class=\"input-group-text\">points</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_points_two_places_no_min() {
    check_form(
        "{\"POINTS_DECIMAL_PLACES\": 2}",
        "[{\"name\": \"bid5\", \"kind\": \"Currency\", \"label\": \"Bid5\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'bid5' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_bid5\">Bid5</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"text\" class=\"form-control\" inputmode=\"\" id=\"id_bid5\" name=\"bid5\" required value=\"\"><span class=\"input-group-text\">points</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_points_custom_name() {
    check_form(
        "{\"POINTS_CUSTOM_NAME\": \"tokens\"}",
        "[{\"name\": \"bid6\", \"kind\": \"Currency\", \"label\": \"Bid6\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 3}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'bid6' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_bid6\">Bid6</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_bid6\" min=\"0\" name=\"bid6\" required value=\"3\"><span class=\"input-group-text\">tokens</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_money_usd() {
    check_form(
        "{\"USE_POINTS\": false}",
        "[{\"name\": \"pay\", \"kind\": \"Currency\", \"label\": \"Pay\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": {\"__cu__\": 9.99}, \"blank\": false, \"value\": {\"__cu__\": 1.5}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'pay' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_pay\">Pay</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"text\" class=\"form-control\" inputmode=\"decimal\" id=\"id_pay\" max=\"9.99\" min=\"0\" name=\"pay\" required value=\"1.50\"><span class=\"input-group-text\">$</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_money_eur_german() {
    check_form(
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"EUR\", \"LANGUAGE_CODE\": \"de\"}",
        "[{\"name\": \"pay\", \"kind\": \"Currency\", \"label\": \"Pay\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 1.5}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'pay' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_pay\">Pay</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"text\" class=\"form-control\" inputmode=\"decimal\" id=\"id_pay\" min=\"0\" name=\"pay\" required value=\"1,50\"><span class=\"input-group-text\">€</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_money_jpy() {
    check_form(
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"JPY\"}",
        "[{\"name\": \"pay\", \"kind\": \"Currency\", \"label\": \"Pay\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 1500}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'pay' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_pay\">Pay</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_pay\" min=\"0\" name=\"pay\" required value=\"1500\"><span class=\"input-group-text\">円</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_money_unknown_code() {
    check_form(
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"XYZ\"}",
        "[{\"name\": \"pay\", \"kind\": \"Currency\", \"label\": \"Pay\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'pay' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_pay\">Pay</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"text\" class=\"form-control\" inputmode=\"decimal\" id=\"id_pay\" min=\"0\" name=\"pay\" required value=\"\"><span class=\"input-group-text\">XYZ</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_money_gbp_submitted() {
    check_form(
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"GBP\"}",
        "[{\"name\": \"pay\", \"kind\": \"Currency\", \"label\": \"Pay\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": \"2\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'pay' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_pay\">Pay</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"text\" class=\"form-control\" inputmode=\"decimal\" id=\"id_pay\" min=\"0\" name=\"pay\" required value=\"2.00\"><span class=\"input-group-text\">£</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn integer_widget_textinput() {
    check_form(
        "{}",
        "[{\"name\": \"integer_textinput\", \"kind\": \"Integer\", \"label\": \"L\", \"widget\": \"TextInput\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": 5, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'integer_textinput' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_integer_textinput\">L</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" id=\"id_integer_textinput\" min=\"0\" name=\"integer_textinput\" required value=\"5\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn integer_widget_textarea() {
    check_form(
        "{}",
        "[{\"name\": \"integer_textarea\", \"kind\": \"Integer\", \"label\": \"L\", \"widget\": \"TextArea\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": 5, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'integer_textarea' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_integer_textarea\">L</label>\n        <div class=\"controls\">\n            <textarea class=\"form-control\" id=\"id_integer_textarea\" min=\"0\" name=\"integer_textarea\" required value=\"5\">\r\n5</textarea>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn integer_widget_integerwidget() {
    check_form(
        "{}",
        "[{\"name\": \"integer_integerwidget\", \"kind\": \"Integer\", \"label\": \"L\", \"widget\": \"IntegerWidget\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": 5, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'integer_integerwidget' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_integer_integerwidget\">L</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_integer_integerwidget\" min=\"0\" name=\"integer_integerwidget\" required value=\"5\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn integer_widget_floatwidget() {
    check_form(
        "{}",
        "[{\"name\": \"integer_floatwidget\", \"kind\": \"Integer\", \"label\": \"L\", \"widget\": \"FloatWidget\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": 5, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'integer_floatwidget' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_integer_floatwidget\">L</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" inputmode=\"decimal\" id=\"id_integer_floatwidget\" min=\"0\" name=\"integer_floatwidget\" required value=\"5\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn integer_widget_currencywidget() {
    check_form(
        "{}",
        "[{\"name\": \"integer_currencywidget\", \"kind\": \"Integer\", \"label\": \"L\", \"widget\": \"CurrencyWidget\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": 5, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'integer_currencywidget' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_integer_currencywidget\">L</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_integer_currencywidget\" min=\"0\" name=\"integer_currencywidget\" required value=\"5\"><span class=\"input-group-text\">points</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn float_widget_textinput() {
    check_form(
        "{}",
        "[{\"name\": \"float_textinput\", \"kind\": \"Float\", \"label\": \"L\", \"widget\": \"TextInput\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": 0.25, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'float_textinput' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_float_textinput\">L</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" id=\"id_float_textinput\" min=\"0\" name=\"float_textinput\" required value=\"0.25\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn float_widget_textarea() {
    check_form(
        "{}",
        "[{\"name\": \"float_textarea\", \"kind\": \"Float\", \"label\": \"L\", \"widget\": \"TextArea\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": 0.25, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'float_textarea' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_float_textarea\">L</label>\n        <div class=\"controls\">\n            <textarea class=\"form-control\" id=\"id_float_textarea\" min=\"0\" name=\"float_textarea\" required value=\"0.25\">\r\n0.25</textarea>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn float_widget_integerwidget() {
    check_form(
        "{}",
        "[{\"name\": \"float_integerwidget\", \"kind\": \"Float\", \"label\": \"L\", \"widget\": \"IntegerWidget\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": 0.25, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'float_integerwidget' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_float_integerwidget\">L</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_float_integerwidget\" min=\"0\" name=\"float_integerwidget\" required value=\"0.25\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn float_widget_floatwidget() {
    check_form(
        "{}",
        "[{\"name\": \"float_floatwidget\", \"kind\": \"Float\", \"label\": \"L\", \"widget\": \"FloatWidget\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": 0.25, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'float_floatwidget' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_float_floatwidget\">L</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" inputmode=\"decimal\" id=\"id_float_floatwidget\" min=\"0\" name=\"float_floatwidget\" required value=\"0.25\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn float_widget_currencywidget() {
    check_form(
        "{}",
        "[{\"name\": \"float_currencywidget\", \"kind\": \"Float\", \"label\": \"L\", \"widget\": \"CurrencyWidget\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": 0.25, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'float_currencywidget' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_float_currencywidget\">L</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_float_currencywidget\" min=\"0\" name=\"float_currencywidget\" required value=\"0.25\"><span class=\"input-group-text\">points</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_widget_textinput() {
    check_form(
        "{}",
        "[{\"name\": \"currency_textinput\", \"kind\": \"Currency\", \"label\": \"L\", \"widget\": \"TextInput\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 8}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'currency_textinput' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_currency_textinput\">L</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" id=\"id_currency_textinput\" min=\"0\" name=\"currency_textinput\" required value=\"8\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_widget_textarea() {
    check_form(
        "{}",
        "[{\"name\": \"currency_textarea\", \"kind\": \"Currency\", \"label\": \"L\", \"widget\": \"TextArea\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 8}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'currency_textarea' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_currency_textarea\">L</label>\n        <div class=\"controls\">\n            <textarea class=\"form-control\" id=\"id_currency_textarea\" min=\"0\" name=\"currency_textarea\" required value=\"8\">\r\n8</textarea>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_widget_integerwidget() {
    check_form(
        "{}",
        "[{\"name\": \"currency_integerwidget\", \"kind\": \"Currency\", \"label\": \"L\", \"widget\": \"IntegerWidget\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 8}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'currency_integerwidget' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_currency_integerwidget\">L</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_currency_integerwidget\" min=\"0\" name=\"currency_integerwidget\" required value=\"8\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_widget_floatwidget() {
    check_form(
        "{}",
        "[{\"name\": \"currency_floatwidget\", \"kind\": \"Currency\", \"label\": \"L\", \"widget\": \"FloatWidget\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 8}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'currency_floatwidget' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_currency_floatwidget\">L</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" inputmode=\"decimal\" id=\"id_currency_floatwidget\" min=\"0\" name=\"currency_floatwidget\" required value=\"8\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn currency_widget_currencywidget() {
    check_form(
        "{}",
        "[{\"name\": \"currency_currencywidget\", \"kind\": \"Currency\", \"label\": \"L\", \"widget\": \"CurrencyWidget\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 8}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'currency_currencywidget' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_currency_currencywidget\">L</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_currency_currencywidget\" min=\"0\" name=\"currency_currencywidget\" required value=\"8\"><span class=\"input-group-text\">points</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn string_widget_textinput() {
    check_form(
        "{}",
        "[{\"name\": \"string_textinput\", \"kind\": \"String\", \"label\": \"L\", \"widget\": \"TextInput\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"s<\\\"\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'string_textinput' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_string_textinput\">L</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" id=\"id_string_textinput\" name=\"string_textinput\" required value=\"s&lt;&#34;\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn string_widget_textarea() {
    check_form(
        "{}",
        "[{\"name\": \"string_textarea\", \"kind\": \"String\", \"label\": \"L\", \"widget\": \"TextArea\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"s<\\\"\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'string_textarea' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_string_textarea\">L</label>\n        <div class=\"controls\">\n            <textarea class=\"form-control\" id=\"id_string_textarea\" name=\"string_textarea\" required value=\"s&lt;&#34;\">\r\ns&lt;&#34;</textarea>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn string_widget_integerwidget() {
    check_form(
        "{}",
        "[{\"name\": \"string_integerwidget\", \"kind\": \"String\", \"label\": \"L\", \"widget\": \"IntegerWidget\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"s<\\\"\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'string_integerwidget' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_string_integerwidget\">L</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"\" id=\"id_string_integerwidget\" name=\"string_integerwidget\" required value=\"s&lt;&#34;\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn string_widget_floatwidget() {
    check_form(
        "{}",
        "[{\"name\": \"string_floatwidget\", \"kind\": \"String\", \"label\": \"L\", \"widget\": \"FloatWidget\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"s<\\\"\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'string_floatwidget' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_string_floatwidget\">L</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" inputmode=\"\" id=\"id_string_floatwidget\" name=\"string_floatwidget\" required value=\"s&lt;&#34;\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn string_widget_currencywidget() {
    check_form(
        "{}",
        "[{\"name\": \"string_currencywidget\", \"kind\": \"String\", \"label\": \"L\", \"widget\": \"CurrencyWidget\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"s<\\\"\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'string_currencywidget' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_string_currencywidget\">L</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"number\" class=\"form-control\" inputmode=\"\" id=\"id_string_currencywidget\" name=\"string_currencywidget\" required value=\"s&lt;&#34;\"><span class=\"input-group-text\">points</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn longstring_widget_textinput() {
    check_form(
        "{}",
        "[{\"name\": \"longstring_textinput\", \"kind\": \"LongString\", \"label\": \"L\", \"widget\": \"TextInput\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"l<\\\"\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'longstring_textinput' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_longstring_textinput\">L</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" id=\"id_longstring_textinput\" name=\"longstring_textinput\" required value=\"l&lt;&#34;\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn longstring_widget_textarea() {
    check_form(
        "{}",
        "[{\"name\": \"longstring_textarea\", \"kind\": \"LongString\", \"label\": \"L\", \"widget\": \"TextArea\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"l<\\\"\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'longstring_textarea' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_longstring_textarea\">L</label>\n        <div class=\"controls\">\n            <textarea class=\"form-control\" id=\"id_longstring_textarea\" name=\"longstring_textarea\" required value=\"l&lt;&#34;\">\r\nl&lt;&#34;</textarea>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn longstring_widget_integerwidget() {
    check_form(
        "{}",
        "[{\"name\": \"longstring_integerwidget\", \"kind\": \"LongString\", \"label\": \"L\", \"widget\": \"IntegerWidget\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"l<\\\"\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'longstring_integerwidget' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_longstring_integerwidget\">L</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"\" id=\"id_longstring_integerwidget\" name=\"longstring_integerwidget\" required value=\"l&lt;&#34;\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn longstring_widget_floatwidget() {
    check_form(
        "{}",
        "[{\"name\": \"longstring_floatwidget\", \"kind\": \"LongString\", \"label\": \"L\", \"widget\": \"FloatWidget\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"l<\\\"\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'longstring_floatwidget' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_longstring_floatwidget\">L</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" inputmode=\"\" id=\"id_longstring_floatwidget\" name=\"longstring_floatwidget\" required value=\"l&lt;&#34;\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn longstring_widget_currencywidget() {
    check_form(
        "{}",
        "[{\"name\": \"longstring_currencywidget\", \"kind\": \"LongString\", \"label\": \"L\", \"widget\": \"CurrencyWidget\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"l<\\\"\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'longstring_currencywidget' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_longstring_currencywidget\">L</label>\n        <div class=\"controls\">\n            <div class=\"input-group input-group-narrow\"><input type=\"number\" class=\"form-control\" inputmode=\"\" id=\"id_longstring_currencywidget\" name=\"longstring_currencywidget\" required value=\"l&lt;&#34;\"><span class=\"input-group-text\">points</span></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn integer_widget_checkboxinput() {
    check_form(
        "{}",
        "[{\"name\": \"int_cb\", \"kind\": \"Integer\", \"label\": \"L\", \"widget\": \"CheckboxInput\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": 3, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'int_cb' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_int_cb\">L</label>\n        <div class=\"controls\">\n            <input type=\"checkbox\" class=\"form-check-input\" checked id=\"id_int_cb\" min=\"0\" name=\"int_cb\" required value=\"3\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn integer_widget_checkboxinput_zero() {
    check_form(
        "{}",
        "[{\"name\": \"int_cb\", \"kind\": \"Integer\", \"label\": \"L\", \"widget\": \"CheckboxInput\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": 0, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'int_cb' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_int_cb\">L</label>\n        <div class=\"controls\">\n            <input type=\"checkbox\" class=\"form-check-input\" id=\"id_int_cb\" min=\"0\" name=\"int_cb\" required value=\"0\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn string_widget_checkboxinput() {
    check_form(
        "{}",
        "[{\"name\": \"str_cb\", \"kind\": \"String\", \"label\": \"L\", \"widget\": \"CheckboxInput\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": true, \"value\": \"yes\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'str_cb' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_str_cb\">L</label>\n        <div class=\"controls\">\n            <input type=\"checkbox\" class=\"form-check-input\" checked id=\"id_str_cb\" name=\"str_cb\" value=\"yes\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn checkbox_empty() {
    check_form(
        "{}",
        "[{\"name\": \"agree\", \"kind\": \"Boolean\", \"label\": \"I agree <b>really</b>\", \"widget\": \"CheckboxInput\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'agree' }}",
        "{}",
        "\n<div class=\"form-check\">\n    \n      <input type=\"checkbox\" class=\"form-check-input\" id=\"id_agree\" name=\"agree\" required value=\"y\">\n      <label class=\"form-check-label\" for=\"id_agree\">\n        I agree <b>really</b>\n      </label>\n    \n    \n    \n</div>",
    );
}

#[test]
fn checkbox_blank() {
    check_form(
        "{}",
        "[{\"name\": \"agree2\", \"kind\": \"Boolean\", \"label\": \"Agree2\", \"widget\": \"CheckboxInput\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'agree2' }}",
        "{}",
        "\n<div class=\"form-check\">\n    \n      <input type=\"checkbox\" class=\"form-check-input\" id=\"id_agree2\" name=\"agree2\" value=\"y\">\n      <label class=\"form-check-label\" for=\"id_agree2\">\n        Agree2\n      </label>\n    \n    \n    \n</div>",
    );
}

#[test]
fn checkbox_stored_true() {
    check_form(
        "{}",
        "[{\"name\": \"agree\", \"kind\": \"Boolean\", \"label\": \"I agree <b>really</b>\", \"widget\": \"CheckboxInput\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": true, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'agree' }}",
        "{}",
        "\n<div class=\"form-check\">\n    \n      <input type=\"checkbox\" class=\"form-check-input\" checked id=\"id_agree\" name=\"agree\" required value=\"y\">\n      <label class=\"form-check-label\" for=\"id_agree\">\n        I agree <b>really</b>\n      </label>\n    \n    \n    \n</div>",
    );
}

#[test]
fn checkbox_stored_false() {
    check_form(
        "{}",
        "[{\"name\": \"agree\", \"kind\": \"Boolean\", \"label\": \"I agree <b>really</b>\", \"widget\": \"CheckboxInput\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": false, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'agree' }}",
        "{}",
        "\n<div class=\"form-check\">\n    \n      <input type=\"checkbox\" class=\"form-check-input\" id=\"id_agree\" name=\"agree\" required value=\"y\">\n      <label class=\"form-check-label\" for=\"id_agree\">\n        I agree <b>really</b>\n      </label>\n    \n    \n    \n</div>",
    );
}

#[test]
fn checkbox_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"agree\", \"kind\": \"Boolean\", \"label\": \"I agree <b>really</b>\", \"widget\": \"CheckboxInput\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"y\", \"error\": \"Sure?\", \"help_text\": null}]",
        "{{ formfield 'agree' }}",
        "{}",
        "\n<div class=\"form-check has-errors\">\n    \n      <input type=\"checkbox\" class=\"form-check-input\" checked id=\"id_agree\" name=\"agree\" required value=\"y\">\n      <label class=\"form-check-label\" for=\"id_agree\">\n        I agree <b>really</b>\n      </label>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Sure?<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn checkbox_not_submitted_error() {
    check_form(
        "{}",
        "[{\"name\": \"agree\", \"kind\": \"Boolean\", \"label\": \"I agree <b>really</b>\", \"widget\": \"CheckboxInput\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": \"This field is required.\", \"help_text\": null}]",
        "{{ formfield 'agree' }}",
        "{}",
        "\n<div class=\"form-check has-errors\">\n    \n      <input type=\"checkbox\" class=\"form-check-input\" id=\"id_agree\" name=\"agree\" required value=\"y\">\n      <label class=\"form-check-label\" for=\"id_agree\">\n        I agree <b>really</b>\n      </label>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            This field is required.<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn checkbox_with_help_and_error() {
    check_form(
        "{}",
        "[{\"name\": \"agree3\", \"kind\": \"Boolean\", \"label\": \"Agree3\", \"widget\": \"CheckboxInput\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": \"Tick it\", \"help_text\": \"Tick <i>it</i>\"}]",
        "{{ formfield 'agree3' }}",
        "{}",
        "\n<div class=\"form-check has-errors\">\n    \n      <input type=\"checkbox\" class=\"form-check-input\" id=\"id_agree3\" name=\"agree3\" required value=\"y\">\n      <label class=\"form-check-label\" for=\"id_agree3\">\n        Agree3\n      </label>\n    \n    \n        <p>\n        <small>\n            <p class=\"form-text text-muted\">Tick <i>it</i></p>\n        </small>\n        </p>\n    \n    \n        <div class=\"form-control-errors\">\n            Tick it<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn boolean_horizontal() {
    check_form(
        "{}",
        "[{\"name\": \"coop\", \"kind\": \"Boolean\", \"label\": \"Cooperate?\", \"widget\": \"RadioSelectHorizontal\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": false, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'coop' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_coop\">Cooperate?</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_coop-0\" name=\"coop\" required value=\"True\">\n                <label for=\"id_coop-0\" class=\"form-check-label\">Yes</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_coop-1\" name=\"coop\" required value=\"False\">\n                <label for=\"id_coop-1\" class=\"form-check-label\">No</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn boolean_horizontal_blank() {
    check_form(
        "{}",
        "[{\"name\": \"coop2\", \"kind\": \"Boolean\", \"label\": \"Coop2\", \"widget\": \"RadioSelectHorizontal\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'coop2' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_coop2\">Coop2</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_coop2-0\" name=\"coop2\" value=\"True\">\n                <label for=\"id_coop2-0\" class=\"form-check-label\">Yes</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_coop2-1\" name=\"coop2\" value=\"False\">\n                <label for=\"id_coop2-1\" class=\"form-check-label\">No</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn boolean_radio_explicit() {
    check_form(
        "{}",
        "[{\"name\": \"coop3\", \"kind\": \"Boolean\", \"label\": \"Coop3\", \"widget\": \"RadioSelect\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"True\", \"error\": \"Hmm.\", \"help_text\": null}]",
        "{{ formfield 'coop3' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_coop3\">Coop3</label>\n        <div class=\"controls\">\n            <div id=\"id_coop3\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_coop3-0\" name=\"coop3\" required value=\"True\"> <label for=\"id_coop3-0\">Yes</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_coop3-1\" name=\"coop3\" required value=\"False\"> <label for=\"id_coop3-1\">No</label></div></div>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Hmm.<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn boolean_own_choices() {
    check_form(
        "{}",
        "[{\"name\": \"coop4\", \"kind\": \"Boolean\", \"label\": \"Coop4\", \"widget\": \"Default\", \"choices\": [[false, \"Defect <b>now</b>\"], [true, \"Cooperate & \\\"share\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": false, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'coop4' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_coop4\">Coop4</label>\n        <div class=\"controls\">\n            <div id=\"id_coop4\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_coop4-0\" name=\"coop4\" required value=\"False\"> <label for=\"id_coop4-0\">Defect &lt;b&gt;now&lt;/b&gt;</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_coop4-1\" name=\"coop4\" required value=\"True\"> <label for=\"id_coop4-1\">Cooperate &amp; &#34;share&#34;</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn boolean_own_choices_horizontal() {
    check_form(
        "{}",
        "[{\"name\": \"coop5\", \"kind\": \"Boolean\", \"label\": \"Coop5\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[false, \"Defect <b>now</b>\"], [true, \"Cooperate & \\\"share\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"True\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'coop5' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_coop5\">Coop5</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_coop5-0\" name=\"coop5\" required value=\"False\">\n                <label for=\"id_coop5-0\" class=\"form-check-label\">Defect <b>now</b></label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_coop5-1\" name=\"coop5\" required value=\"True\">\n                <label for=\"id_coop5-1\" class=\"form-check-label\">Cooperate & \"share\"</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn boolean_stored_false() {
    check_form(
        "{}",
        "[{\"name\": \"coop6\", \"kind\": \"Boolean\", \"label\": \"Coop6\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": false, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'coop6' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_coop6\">Coop6</label>\n        <div class=\"controls\">\n            <div id=\"id_coop6\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_coop6-0\" name=\"coop6\" required value=\"True\"> <label for=\"id_coop6-0\">Yes</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_coop6-1\" name=\"coop6\" required value=\"False\"> <label for=\"id_coop6-1\">No</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn boolean_submitted_zero() {
    check_form(
        "{}",
        "[{\"name\": \"coop6\", \"kind\": \"Boolean\", \"label\": \"Coop6\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"0\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'coop6' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_coop6\">Coop6</label>\n        <div class=\"controls\">\n            <div id=\"id_coop6\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_coop6-0\" name=\"coop6\" required value=\"True\"> <label for=\"id_coop6-0\">Yes</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_coop6-1\" name=\"coop6\" required value=\"False\"> <label for=\"id_coop6-1\">No</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_integer_dropdown_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_dropdown\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[1, \"1\"], [2, \"2\"], [3, \"3\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_integer_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_integer_dropdown\" name=\"ch_integer_dropdown\" required><option value=\"\">--------</option><option value=\"1\">1</option><option value=\"2\">2</option><option value=\"3\">3</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_integer_dropdown_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_dropdown\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[1, \"1\"], [2, \"2\"], [3, \"3\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": 2, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_integer_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_integer_dropdown\" name=\"ch_integer_dropdown\" required><option value=\"\">--------</option><option value=\"1\">1</option><option selected value=\"2\">2</option><option value=\"3\">3</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_integer_dropdown_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_dropdown\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[1, \"1\"], [2, \"2\"], [3, \"3\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"3\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_integer_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_integer_dropdown\" name=\"ch_integer_dropdown\" required><option value=\"\">--------</option><option value=\"1\">1</option><option value=\"2\">2</option><option selected value=\"3\">3</option></select>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_integer_dropdown_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_dropdown\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[1, \"1\"], [2, \"2\"], [3, \"3\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"x\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_integer_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_integer_dropdown\" name=\"ch_integer_dropdown\" required><option value=\"\">--------</option><option value=\"1\">1</option><option value=\"2\">2</option><option value=\"3\">3</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_integer_radio_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_radio\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"1\"], [2, \"2\"], [3, \"3\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_integer_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_integer_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_radio-0\" name=\"ch_integer_radio\" required value=\"1\"> <label for=\"id_ch_integer_radio-0\">1</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_radio-1\" name=\"ch_integer_radio\" required value=\"2\"> <label for=\"id_ch_integer_radio-1\">2</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_radio-2\" name=\"ch_integer_radio\" required value=\"3\"> <label for=\"id_ch_integer_radio-2\">3</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_integer_radio_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_radio\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"1\"], [2, \"2\"], [3, \"3\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": 2, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_integer_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_integer_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_radio-0\" name=\"ch_integer_radio\" required value=\"1\"> <label for=\"id_ch_integer_radio-0\">1</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_integer_radio-1\" name=\"ch_integer_radio\" required value=\"2\"> <label for=\"id_ch_integer_radio-1\">2</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_radio-2\" name=\"ch_integer_radio\" required value=\"3\"> <label for=\"id_ch_integer_radio-2\">3</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_integer_radio_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_radio\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"1\"], [2, \"2\"], [3, \"3\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"3\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_integer_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_integer_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_radio-0\" name=\"ch_integer_radio\" required value=\"1\"> <label for=\"id_ch_integer_radio-0\">1</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_radio-1\" name=\"ch_integer_radio\" required value=\"2\"> <label for=\"id_ch_integer_radio-1\">2</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_integer_radio-2\" name=\"ch_integer_radio\" required value=\"3\"> <label for=\"id_ch_integer_radio-2\">3</label></div></div>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_integer_radio_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_radio\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"1\"], [2, \"2\"], [3, \"3\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"x\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_integer_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_integer_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_radio-0\" name=\"ch_integer_radio\" required value=\"1\"> <label for=\"id_ch_integer_radio-0\">1</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_radio-1\" name=\"ch_integer_radio\" required value=\"2\"> <label for=\"id_ch_integer_radio-1\">2</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_radio-2\" name=\"ch_integer_radio\" required value=\"3\"> <label for=\"id_ch_integer_radio-2\">3</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_integer_horizontal_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_horizontal\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[1, \"1\"], [2, \"2\"], [3, \"3\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_integer_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_horizontal-0\" name=\"ch_integer_horizontal\" required value=\"1\">\n                <label for=\"id_ch_integer_horizontal-0\" class=\"form-check-label\">1</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_horizontal-1\" name=\"ch_integer_horizontal\" required value=\"2\">\n                <label for=\"id_ch_integer_horizontal-1\" class=\"form-check-label\">2</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_horizontal-2\" name=\"ch_integer_horizontal\" required value=\"3\">\n                <label for=\"id_ch_integer_horizontal-2\" class=\"form-check-label\">3</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_integer_horizontal_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_horizontal\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[1, \"1\"], [2, \"2\"], [3, \"3\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": 2, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_integer_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_horizontal-0\" name=\"ch_integer_horizontal\" required value=\"1\">\n                <label for=\"id_ch_integer_horizontal-0\" class=\"form-check-label\">1</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_integer_horizontal-1\" name=\"ch_integer_horizontal\" required value=\"2\">\n                <label for=\"id_ch_integer_horizontal-1\" class=\"form-check-label\">2</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_horizontal-2\" name=\"ch_integer_horizontal\" required value=\"3\">\n                <label for=\"id_ch_integer_horizontal-2\" class=\"form-check-label\">3</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_integer_horizontal_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_horizontal\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[1, \"1\"], [2, \"2\"], [3, \"3\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"3\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_integer_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_horizontal-0\" name=\"ch_integer_horizontal\" required value=\"1\">\n                <label for=\"id_ch_integer_horizontal-0\" class=\"form-check-label\">1</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_horizontal-1\" name=\"ch_integer_horizontal\" required value=\"2\">\n                <label for=\"id_ch_integer_horizontal-1\" class=\"form-check-label\">2</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_integer_horizontal-2\" name=\"ch_integer_horizontal\" required value=\"3\">\n                <label for=\"id_ch_integer_horizontal-2\" class=\"form-check-label\">3</label>\n            </div>\n            \n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_integer_horizontal_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_horizontal\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[1, \"1\"], [2, \"2\"], [3, \"3\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"x\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_integer_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_horizontal-0\" name=\"ch_integer_horizontal\" required value=\"1\">\n                <label for=\"id_ch_integer_horizontal-0\" class=\"form-check-label\">1</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_horizontal-1\" name=\"ch_integer_horizontal\" required value=\"2\">\n                <label for=\"id_ch_integer_horizontal-1\" class=\"form-check-label\">2</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_horizontal-2\" name=\"ch_integer_horizontal\" required value=\"3\">\n                <label for=\"id_ch_integer_horizontal-2\" class=\"form-check-label\">3</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_integer_blank_radio() {
    check_form(
        "{}",
        "[{\"name\": \"chb_integer\", \"kind\": \"Integer\", \"label\": \"Chb Integer\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"1\"], [2, \"2\"], [3, \"3\"]], \"min\": null, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'chb_integer' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_chb_integer\">Chb Integer</label>\n        <div class=\"controls\">\n            <div id=\"id_chb_integer\"><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_integer-0\" name=\"chb_integer\" value=\"1\"> <label for=\"id_chb_integer-0\">1</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_integer-1\" name=\"chb_integer\" value=\"2\"> <label for=\"id_chb_integer-1\">2</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_integer-2\" name=\"chb_integer\" value=\"3\"> <label for=\"id_chb_integer-2\">3</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_integer_pairs_dropdown_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_pairs_dropdown\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[1, \"Low\"], [2, \"Medium <b>\"], [3, \"High & \\\"up\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_integer_pairs_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_pairs_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_integer_pairs_dropdown\" name=\"ch_integer_pairs_dropdown\" required><option value=\"\">--------</option><option value=\"1\">Low</option><option value=\"2\">Medium &lt;b&gt;</option><option value=\"3\">High &amp; &#34;up&#34;</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_integer_pairs_dropdown_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_pairs_dropdown\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[1, \"Low\"], [2, \"Medium <b>\"], [3, \"High & \\\"up\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": 3, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_integer_pairs_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_pairs_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_integer_pairs_dropdown\" name=\"ch_integer_pairs_dropdown\" required><option value=\"\">--------</option><option value=\"1\">Low</option><option value=\"2\">Medium &lt;b&gt;</option><option selected value=\"3\">High &amp; &#34;up&#34;</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_integer_pairs_dropdown_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_pairs_dropdown\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[1, \"Low\"], [2, \"Medium <b>\"], [3, \"High & \\\"up\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \" 1 \", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_integer_pairs_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_pairs_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_integer_pairs_dropdown\" name=\"ch_integer_pairs_dropdown\" required><option value=\"\">--------</option><option selected value=\"1\">Low</option><option value=\"2\">Medium &lt;b&gt;</option><option value=\"3\">High &amp; &#34;up&#34;</option></select>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_integer_pairs_dropdown_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_pairs_dropdown\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[1, \"Low\"], [2, \"Medium <b>\"], [3, \"High & \\\"up\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_integer_pairs_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_pairs_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_integer_pairs_dropdown\" name=\"ch_integer_pairs_dropdown\" required><option value=\"\">--------</option><option value=\"1\">Low</option><option value=\"2\">Medium &lt;b&gt;</option><option value=\"3\">High &amp; &#34;up&#34;</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_integer_pairs_radio_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_pairs_radio\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"Low\"], [2, \"Medium <b>\"], [3, \"High & \\\"up\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_integer_pairs_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_pairs_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_integer_pairs_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_pairs_radio-0\" name=\"ch_integer_pairs_radio\" required value=\"1\"> <label for=\"id_ch_integer_pairs_radio-0\">Low</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_pairs_radio-1\" name=\"ch_integer_pairs_radio\" required value=\"2\"> <label for=\"id_ch_integer_pairs_radio-1\">Medium &lt;b&gt;</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_pairs_radio-2\" name=\"ch_integer_pairs_radio\" required value=\"3\"> <label for=\"id_ch_integer_pairs_radio-2\">High &amp; &#34;up&#34;</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_integer_pairs_radio_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_pairs_radio\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"Low\"], [2, \"Medium <b>\"], [3, \"High & \\\"up\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": 3, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_integer_pairs_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_pairs_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_integer_pairs_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_pairs_radio-0\" name=\"ch_integer_pairs_radio\" required value=\"1\"> <label for=\"id_ch_integer_pairs_radio-0\">Low</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_pairs_radio-1\" name=\"ch_integer_pairs_radio\" required value=\"2\"> <label for=\"id_ch_integer_pairs_radio-1\">Medium &lt;b&gt;</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_integer_pairs_radio-2\" name=\"ch_integer_pairs_radio\" required value=\"3\"> <label for=\"id_ch_integer_pairs_radio-2\">High &amp; &#34;up&#34;</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_integer_pairs_radio_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_pairs_radio\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"Low\"], [2, \"Medium <b>\"], [3, \"High & \\\"up\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \" 1 \", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_integer_pairs_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_pairs_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_integer_pairs_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_integer_pairs_radio-0\" name=\"ch_integer_pairs_radio\" required value=\"1\"> <label for=\"id_ch_integer_pairs_radio-0\">Low</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_pairs_radio-1\" name=\"ch_integer_pairs_radio\" required value=\"2\"> <label for=\"id_ch_integer_pairs_radio-1\">Medium &lt;b&gt;</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_pairs_radio-2\" name=\"ch_integer_pairs_radio\" required value=\"3\"> <label for=\"id_ch_integer_pairs_radio-2\">High &amp; &#34;up&#34;</label></div></div>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_integer_pairs_radio_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_pairs_radio\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"Low\"], [2, \"Medium <b>\"], [3, \"High & \\\"up\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_integer_pairs_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_pairs_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_integer_pairs_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_pairs_radio-0\" name=\"ch_integer_pairs_radio\" required value=\"1\"> <label for=\"id_ch_integer_pairs_radio-0\">Low</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_pairs_radio-1\" name=\"ch_integer_pairs_radio\" required value=\"2\"> <label for=\"id_ch_integer_pairs_radio-1\">Medium &lt;b&gt;</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_pairs_radio-2\" name=\"ch_integer_pairs_radio\" required value=\"3\"> <label for=\"id_ch_integer_pairs_radio-2\">High &amp; &#34;up&#34;</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_integer_pairs_horizontal_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_pairs_horizontal\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[1, \"Low\"], [2, \"Medium <b>\"], [3, \"High & \\\"up\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_integer_pairs_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_pairs_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_pairs_horizontal-0\" name=\"ch_integer_pairs_horizontal\" required value=\"1\">\n                <label for=\"id_ch_integer_pairs_horizontal-0\" class=\"form-check-label\">Low</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_pairs_horizontal-1\" name=\"ch_integer_pairs_horizontal\" required value=\"2\">\n                <label for=\"id_ch_integer_pairs_horizontal-1\" class=\"form-check-label\">Medium <b></label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_pairs_horizontal-2\" name=\"ch_integer_pairs_horizontal\" required value=\"3\">\n                <label for=\"id_ch_integer_pairs_horizontal-2\" class=\"form-check-label\">High & \"up\"</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_integer_pairs_horizontal_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_pairs_horizontal\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[1, \"Low\"], [2, \"Medium <b>\"], [3, \"High & \\\"up\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": 3, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_integer_pairs_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_pairs_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_pairs_horizontal-0\" name=\"ch_integer_pairs_horizontal\" required value=\"1\">\n                <label for=\"id_ch_integer_pairs_horizontal-0\" class=\"form-check-label\">Low</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_pairs_horizontal-1\" name=\"ch_integer_pairs_horizontal\" required value=\"2\">\n                <label for=\"id_ch_integer_pairs_horizontal-1\" class=\"form-check-label\">Medium <b></label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_integer_pairs_horizontal-2\" name=\"ch_integer_pairs_horizontal\" required value=\"3\">\n                <label for=\"id_ch_integer_pairs_horizontal-2\" class=\"form-check-label\">High & \"up\"</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_integer_pairs_horizontal_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_pairs_horizontal\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[1, \"Low\"], [2, \"Medium <b>\"], [3, \"High & \\\"up\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \" 1 \", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_integer_pairs_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_pairs_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_integer_pairs_horizontal-0\" name=\"ch_integer_pairs_horizontal\" required value=\"1\">\n                <label for=\"id_ch_integer_pairs_horizontal-0\" class=\"form-check-label\">Low</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_pairs_horizontal-1\" name=\"ch_integer_pairs_horizontal\" required value=\"2\">\n                <label for=\"id_ch_integer_pairs_horizontal-1\" class=\"form-check-label\">Medium <b></label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_pairs_horizontal-2\" name=\"ch_integer_pairs_horizontal\" required value=\"3\">\n                <label for=\"id_ch_integer_pairs_horizontal-2\" class=\"form-check-label\">High & \"up\"</label>\n            </div>\n            \n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_integer_pairs_horizontal_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_integer_pairs_horizontal\", \"kind\": \"Integer\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[1, \"Low\"], [2, \"Medium <b>\"], [3, \"High & \\\"up\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_integer_pairs_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_integer_pairs_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_pairs_horizontal-0\" name=\"ch_integer_pairs_horizontal\" required value=\"1\">\n                <label for=\"id_ch_integer_pairs_horizontal-0\" class=\"form-check-label\">Low</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_pairs_horizontal-1\" name=\"ch_integer_pairs_horizontal\" required value=\"2\">\n                <label for=\"id_ch_integer_pairs_horizontal-1\" class=\"form-check-label\">Medium <b></label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_integer_pairs_horizontal-2\" name=\"ch_integer_pairs_horizontal\" required value=\"3\">\n                <label for=\"id_ch_integer_pairs_horizontal-2\" class=\"form-check-label\">High & \"up\"</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_integer_pairs_blank_radio() {
    check_form(
        "{}",
        "[{\"name\": \"chb_integer_pairs\", \"kind\": \"Integer\", \"label\": \"Chb Integer Pairs\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"Low\"], [2, \"Medium <b>\"], [3, \"High & \\\"up\\\"\"]], \"min\": null, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'chb_integer_pairs' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_chb_integer_pairs\">Chb Integer Pairs</label>\n        <div class=\"controls\">\n            <div id=\"id_chb_integer_pairs\"><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_integer_pairs-0\" name=\"chb_integer_pairs\" value=\"1\"> <label for=\"id_chb_integer_pairs-0\">Low</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_integer_pairs-1\" name=\"chb_integer_pairs\" value=\"2\"> <label for=\"id_chb_integer_pairs-1\">Medium &lt;b&gt;</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_integer_pairs-2\" name=\"chb_integer_pairs\" value=\"3\"> <label for=\"id_chb_integer_pairs-2\">High &amp; &#34;up&#34;</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_dropdown_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_dropdown\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[0.5, \"0.5\"], [1.0, \"1.0\"], [2.25, \"2.25\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_float_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_float_dropdown\" name=\"ch_float_dropdown\" required><option value=\"\">--------</option><option value=\"0.5\">0.5</option><option value=\"1.0\">1.0</option><option value=\"2.25\">2.25</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_dropdown_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_dropdown\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[0.5, \"0.5\"], [1.0, \"1.0\"], [2.25, \"2.25\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": 1.0, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_float_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_float_dropdown\" name=\"ch_float_dropdown\" required><option value=\"\">--------</option><option value=\"0.5\">0.5</option><option selected value=\"1.0\">1.0</option><option value=\"2.25\">2.25</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_dropdown_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_dropdown\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[0.5, \"0.5\"], [1.0, \"1.0\"], [2.25, \"2.25\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"2.25\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_float_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_float_dropdown\" name=\"ch_float_dropdown\" required><option value=\"\">--------</option><option value=\"0.5\">0.5</option><option value=\"1.0\">1.0</option><option selected value=\"2.25\">2.25</option></select>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_float_dropdown_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_dropdown\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[0.5, \"0.5\"], [1.0, \"1.0\"], [2.25, \"2.25\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"1\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_float_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_float_dropdown\" name=\"ch_float_dropdown\" required><option value=\"\">--------</option><option value=\"0.5\">0.5</option><option selected value=\"1.0\">1.0</option><option value=\"2.25\">2.25</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_radio_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_radio\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[0.5, \"0.5\"], [1.0, \"1.0\"], [2.25, \"2.25\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_float_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_float_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_radio-0\" name=\"ch_float_radio\" required value=\"0.5\"> <label for=\"id_ch_float_radio-0\">0.5</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_radio-1\" name=\"ch_float_radio\" required value=\"1.0\"> <label for=\"id_ch_float_radio-1\">1.0</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_radio-2\" name=\"ch_float_radio\" required value=\"2.25\"> <label for=\"id_ch_float_radio-2\">2.25</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_radio_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_radio\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[0.5, \"0.5\"], [1.0, \"1.0\"], [2.25, \"2.25\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": 1.0, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_float_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_float_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_radio-0\" name=\"ch_float_radio\" required value=\"0.5\"> <label for=\"id_ch_float_radio-0\">0.5</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_float_radio-1\" name=\"ch_float_radio\" required value=\"1.0\"> <label for=\"id_ch_float_radio-1\">1.0</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_radio-2\" name=\"ch_float_radio\" required value=\"2.25\"> <label for=\"id_ch_float_radio-2\">2.25</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_radio_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_radio\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[0.5, \"0.5\"], [1.0, \"1.0\"], [2.25, \"2.25\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"2.25\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_float_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_float_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_radio-0\" name=\"ch_float_radio\" required value=\"0.5\"> <label for=\"id_ch_float_radio-0\">0.5</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_radio-1\" name=\"ch_float_radio\" required value=\"1.0\"> <label for=\"id_ch_float_radio-1\">1.0</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_float_radio-2\" name=\"ch_float_radio\" required value=\"2.25\"> <label for=\"id_ch_float_radio-2\">2.25</label></div></div>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_float_radio_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_radio\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[0.5, \"0.5\"], [1.0, \"1.0\"], [2.25, \"2.25\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"1\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_float_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_float_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_radio-0\" name=\"ch_float_radio\" required value=\"0.5\"> <label for=\"id_ch_float_radio-0\">0.5</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_float_radio-1\" name=\"ch_float_radio\" required value=\"1.0\"> <label for=\"id_ch_float_radio-1\">1.0</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_radio-2\" name=\"ch_float_radio\" required value=\"2.25\"> <label for=\"id_ch_float_radio-2\">2.25</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_horizontal_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_horizontal\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[0.5, \"0.5\"], [1.0, \"1.0\"], [2.25, \"2.25\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_float_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_horizontal-0\" name=\"ch_float_horizontal\" required value=\"0.5\">\n                <label for=\"id_ch_float_horizontal-0\" class=\"form-check-label\">0.5</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_horizontal-1\" name=\"ch_float_horizontal\" required value=\"1.0\">\n                <label for=\"id_ch_float_horizontal-1\" class=\"form-check-label\">1.0</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_horizontal-2\" name=\"ch_float_horizontal\" required value=\"2.25\">\n                <label for=\"id_ch_float_horizontal-2\" class=\"form-check-label\">2.25</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_horizontal_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_horizontal\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[0.5, \"0.5\"], [1.0, \"1.0\"], [2.25, \"2.25\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": 1.0, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_float_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_horizontal-0\" name=\"ch_float_horizontal\" required value=\"0.5\">\n                <label for=\"id_ch_float_horizontal-0\" class=\"form-check-label\">0.5</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_float_horizontal-1\" name=\"ch_float_horizontal\" required value=\"1.0\">\n                <label for=\"id_ch_float_horizontal-1\" class=\"form-check-label\">1.0</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_horizontal-2\" name=\"ch_float_horizontal\" required value=\"2.25\">\n                <label for=\"id_ch_float_horizontal-2\" class=\"form-check-label\">2.25</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_horizontal_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_horizontal\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[0.5, \"0.5\"], [1.0, \"1.0\"], [2.25, \"2.25\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"2.25\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_float_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_horizontal-0\" name=\"ch_float_horizontal\" required value=\"0.5\">\n                <label for=\"id_ch_float_horizontal-0\" class=\"form-check-label\">0.5</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_horizontal-1\" name=\"ch_float_horizontal\" required value=\"1.0\">\n                <label for=\"id_ch_float_horizontal-1\" class=\"form-check-label\">1.0</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_float_horizontal-2\" name=\"ch_float_horizontal\" required value=\"2.25\">\n                <label for=\"id_ch_float_horizontal-2\" class=\"form-check-label\">2.25</label>\n            </div>\n            \n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_float_horizontal_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_horizontal\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[0.5, \"0.5\"], [1.0, \"1.0\"], [2.25, \"2.25\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"1\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_float_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_horizontal-0\" name=\"ch_float_horizontal\" required value=\"0.5\">\n                <label for=\"id_ch_float_horizontal-0\" class=\"form-check-label\">0.5</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_float_horizontal-1\" name=\"ch_float_horizontal\" required value=\"1.0\">\n                <label for=\"id_ch_float_horizontal-1\" class=\"form-check-label\">1.0</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_horizontal-2\" name=\"ch_float_horizontal\" required value=\"2.25\">\n                <label for=\"id_ch_float_horizontal-2\" class=\"form-check-label\">2.25</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_blank_radio() {
    check_form(
        "{}",
        "[{\"name\": \"chb_float\", \"kind\": \"Float\", \"label\": \"Chb Float\", \"widget\": \"RadioSelect\", \"choices\": [[0.5, \"0.5\"], [1.0, \"1.0\"], [2.25, \"2.25\"]], \"min\": null, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'chb_float' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_chb_float\">Chb Float</label>\n        <div class=\"controls\">\n            <div id=\"id_chb_float\"><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_float-0\" name=\"chb_float\" value=\"0.5\"> <label for=\"id_chb_float-0\">0.5</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_float-1\" name=\"chb_float\" value=\"1.0\"> <label for=\"id_chb_float-1\">1.0</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_float-2\" name=\"chb_float\" value=\"2.25\"> <label for=\"id_chb_float-2\">2.25</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_pairs_dropdown_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_pairs_dropdown\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[0.1, \"a tenth\"], [1e-07, \"tiny\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_float_pairs_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_pairs_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_float_pairs_dropdown\" name=\"ch_float_pairs_dropdown\" required><option value=\"\">--------</option><option value=\"0.1\">a tenth</option><option value=\"1e-07\">tiny</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_pairs_dropdown_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_pairs_dropdown\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[0.1, \"a tenth\"], [1e-07, \"tiny\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": 1e-07, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_float_pairs_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_pairs_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_float_pairs_dropdown\" name=\"ch_float_pairs_dropdown\" required><option value=\"\">--------</option><option value=\"0.1\">a tenth</option><option selected value=\"1e-07\">tiny</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_pairs_dropdown_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_pairs_dropdown\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[0.1, \"a tenth\"], [1e-07, \"tiny\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"0.1\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_float_pairs_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_pairs_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_float_pairs_dropdown\" name=\"ch_float_pairs_dropdown\" required><option value=\"\">--------</option><option selected value=\"0.1\">a tenth</option><option value=\"1e-07\">tiny</option></select>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_float_pairs_dropdown_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_pairs_dropdown\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[0.1, \"a tenth\"], [1e-07, \"tiny\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"0,1\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_float_pairs_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_pairs_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_float_pairs_dropdown\" name=\"ch_float_pairs_dropdown\" required><option value=\"\">--------</option><option value=\"0.1\">a tenth</option><option value=\"1e-07\">tiny</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_pairs_radio_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_pairs_radio\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[0.1, \"a tenth\"], [1e-07, \"tiny\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_float_pairs_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_pairs_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_float_pairs_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_pairs_radio-0\" name=\"ch_float_pairs_radio\" required value=\"0.1\"> <label for=\"id_ch_float_pairs_radio-0\">a tenth</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_pairs_radio-1\" name=\"ch_float_pairs_radio\" required value=\"1e-07\"> <label for=\"id_ch_float_pairs_radio-1\">tiny</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_pairs_radio_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_pairs_radio\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[0.1, \"a tenth\"], [1e-07, \"tiny\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": 1e-07, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_float_pairs_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_pairs_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_float_pairs_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_pairs_radio-0\" name=\"ch_float_pairs_radio\" required value=\"0.1\"> <label for=\"id_ch_float_pairs_radio-0\">a tenth</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_float_pairs_radio-1\" name=\"ch_float_pairs_radio\" required value=\"1e-07\"> <label for=\"id_ch_float_pairs_radio-1\">tiny</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_pairs_radio_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_pairs_radio\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[0.1, \"a tenth\"], [1e-07, \"tiny\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"0.1\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_float_pairs_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_pairs_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_float_pairs_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_float_pairs_radio-0\" name=\"ch_float_pairs_radio\" required value=\"0.1\"> <label for=\"id_ch_float_pairs_radio-0\">a tenth</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_pairs_radio-1\" name=\"ch_float_pairs_radio\" required value=\"1e-07\"> <label for=\"id_ch_float_pairs_radio-1\">tiny</label></div></div>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_float_pairs_radio_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_pairs_radio\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[0.1, \"a tenth\"], [1e-07, \"tiny\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"0,1\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_float_pairs_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_pairs_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_float_pairs_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_pairs_radio-0\" name=\"ch_float_pairs_radio\" required value=\"0.1\"> <label for=\"id_ch_float_pairs_radio-0\">a tenth</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_pairs_radio-1\" name=\"ch_float_pairs_radio\" required value=\"1e-07\"> <label for=\"id_ch_float_pairs_radio-1\">tiny</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_pairs_horizontal_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_pairs_horizontal\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[0.1, \"a tenth\"], [1e-07, \"tiny\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_float_pairs_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_pairs_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_pairs_horizontal-0\" name=\"ch_float_pairs_horizontal\" required value=\"0.1\">\n                <label for=\"id_ch_float_pairs_horizontal-0\" class=\"form-check-label\">a tenth</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_pairs_horizontal-1\" name=\"ch_float_pairs_horizontal\" required value=\"1e-07\">\n                <label for=\"id_ch_float_pairs_horizontal-1\" class=\"form-check-label\">tiny</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_pairs_horizontal_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_pairs_horizontal\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[0.1, \"a tenth\"], [1e-07, \"tiny\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": 1e-07, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_float_pairs_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_pairs_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_pairs_horizontal-0\" name=\"ch_float_pairs_horizontal\" required value=\"0.1\">\n                <label for=\"id_ch_float_pairs_horizontal-0\" class=\"form-check-label\">a tenth</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_float_pairs_horizontal-1\" name=\"ch_float_pairs_horizontal\" required value=\"1e-07\">\n                <label for=\"id_ch_float_pairs_horizontal-1\" class=\"form-check-label\">tiny</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_pairs_horizontal_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_pairs_horizontal\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[0.1, \"a tenth\"], [1e-07, \"tiny\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"0.1\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_float_pairs_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_pairs_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_float_pairs_horizontal-0\" name=\"ch_float_pairs_horizontal\" required value=\"0.1\">\n                <label for=\"id_ch_float_pairs_horizontal-0\" class=\"form-check-label\">a tenth</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_pairs_horizontal-1\" name=\"ch_float_pairs_horizontal\" required value=\"1e-07\">\n                <label for=\"id_ch_float_pairs_horizontal-1\" class=\"form-check-label\">tiny</label>\n            </div>\n            \n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_float_pairs_horizontal_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_float_pairs_horizontal\", \"kind\": \"Float\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[0.1, \"a tenth\"], [1e-07, \"tiny\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"0,1\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_float_pairs_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_float_pairs_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_pairs_horizontal-0\" name=\"ch_float_pairs_horizontal\" required value=\"0.1\">\n                <label for=\"id_ch_float_pairs_horizontal-0\" class=\"form-check-label\">a tenth</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_float_pairs_horizontal-1\" name=\"ch_float_pairs_horizontal\" required value=\"1e-07\">\n                <label for=\"id_ch_float_pairs_horizontal-1\" class=\"form-check-label\">tiny</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_pairs_blank_radio() {
    check_form(
        "{}",
        "[{\"name\": \"chb_float_pairs\", \"kind\": \"Float\", \"label\": \"Chb Float Pairs\", \"widget\": \"RadioSelect\", \"choices\": [[0.1, \"a tenth\"], [1e-07, \"tiny\"]], \"min\": null, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'chb_float_pairs' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_chb_float_pairs\">Chb Float Pairs</label>\n        <div class=\"controls\">\n            <div id=\"id_chb_float_pairs\"><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_float_pairs-0\" name=\"chb_float_pairs\" value=\"0.1\"> <label for=\"id_chb_float_pairs-0\">a tenth</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_float_pairs-1\" name=\"chb_float_pairs\" value=\"1e-07\"> <label for=\"id_chb_float_pairs-1\">tiny</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_dropdown_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_dropdown\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[10, \"10\"], [20, \"20\"], [30, \"30\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_currency_dropdown\" name=\"ch_currency_dropdown\" required><option value=\"\">--------</option><option value=\"10\">10</option><option value=\"20\">20</option><option value=\"30\">30</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_dropdown_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_dropdown\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[10, \"10\"], [20, \"20\"], [30, \"30\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 20}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_currency_dropdown\" name=\"ch_currency_dropdown\" required><option value=\"\">--------</option><option value=\"10\">10</option><option selected value=\"20\">20</option><option value=\"30\">30</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_dropdown_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_dropdown\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[10, \"10\"], [20, \"20\"], [30, \"30\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"30\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_currency_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_currency_dropdown\" name=\"ch_currency_dropdown\" required><option value=\"\">--------</option><option value=\"10\">10</option><option value=\"20\">20</option><option selected value=\"30\">30</option></select>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_currency_dropdown_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_dropdown\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[10, \"10\"], [20, \"20\"], [30, \"30\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"30.4\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_currency_dropdown\" name=\"ch_currency_dropdown\" required><option value=\"\">--------</option><option value=\"10\">10</option><option value=\"20\">20</option><option selected value=\"30\">30</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_radio_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_radio\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[10, \"10\"], [20, \"20\"], [30, \"30\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_currency_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_radio-0\" name=\"ch_currency_radio\" required value=\"10\"> <label for=\"id_ch_currency_radio-0\">10</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_radio-1\" name=\"ch_currency_radio\" required value=\"20\"> <label for=\"id_ch_currency_radio-1\">20</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_radio-2\" name=\"ch_currency_radio\" required value=\"30\"> <label for=\"id_ch_currency_radio-2\">30</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_radio_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_radio\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[10, \"10\"], [20, \"20\"], [30, \"30\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 20}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_currency_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_radio-0\" name=\"ch_currency_radio\" required value=\"10\"> <label for=\"id_ch_currency_radio-0\">10</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_currency_radio-1\" name=\"ch_currency_radio\" required value=\"20\"> <label for=\"id_ch_currency_radio-1\">20</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_radio-2\" name=\"ch_currency_radio\" required value=\"30\"> <label for=\"id_ch_currency_radio-2\">30</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_radio_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_radio\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[10, \"10\"], [20, \"20\"], [30, \"30\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"30\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_currency_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_currency_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_radio-0\" name=\"ch_currency_radio\" required value=\"10\"> <label for=\"id_ch_currency_radio-0\">10</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_radio-1\" name=\"ch_currency_radio\" required value=\"20\"> <label for=\"id_ch_currency_radio-1\">20</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_currency_radio-2\" name=\"ch_currency_radio\" required value=\"30\"> <label for=\"id_ch_currency_radio-2\">30</label></div></div>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_currency_radio_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_radio\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[10, \"10\"], [20, \"20\"], [30, \"30\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"30.4\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_currency_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_radio-0\" name=\"ch_currency_radio\" required value=\"10\"> <label for=\"id_ch_currency_radio-0\">10</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_radio-1\" name=\"ch_currency_radio\" required value=\"20\"> <label for=\"id_ch_currency_radio-1\">20</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_currency_radio-2\" name=\"ch_currency_radio\" required value=\"30\"> <label for=\"id_ch_currency_radio-2\">30</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_horizontal_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_horizontal\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[10, \"10\"], [20, \"20\"], [30, \"30\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_horizontal-0\" name=\"ch_currency_horizontal\" required value=\"10\">\n                <label for=\"id_ch_currency_horizontal-0\" class=\"form-check-label\">10</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_horizontal-1\" name=\"ch_currency_horizontal\" required value=\"20\">\n                <label for=\"id_ch_currency_horizontal-1\" class=\"form-check-label\">20</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_horizontal-2\" name=\"ch_currency_horizontal\" required value=\"30\">\n                <label for=\"id_ch_currency_horizontal-2\" class=\"form-check-label\">30</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_horizontal_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_horizontal\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[10, \"10\"], [20, \"20\"], [30, \"30\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 20}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_horizontal-0\" name=\"ch_currency_horizontal\" required value=\"10\">\n                <label for=\"id_ch_currency_horizontal-0\" class=\"form-check-label\">10</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_currency_horizontal-1\" name=\"ch_currency_horizontal\" required value=\"20\">\n                <label for=\"id_ch_currency_horizontal-1\" class=\"form-check-label\">20</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_horizontal-2\" name=\"ch_currency_horizontal\" required value=\"30\">\n                <label for=\"id_ch_currency_horizontal-2\" class=\"form-check-label\">30</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_horizontal_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_horizontal\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[10, \"10\"], [20, \"20\"], [30, \"30\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"30\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_currency_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_horizontal-0\" name=\"ch_currency_horizontal\" required value=\"10\">\n                <label for=\"id_ch_currency_horizontal-0\" class=\"form-check-label\">10</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_horizontal-1\" name=\"ch_currency_horizontal\" required value=\"20\">\n                <label for=\"id_ch_currency_horizontal-1\" class=\"form-check-label\">20</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_currency_horizontal-2\" name=\"ch_currency_horizontal\" required value=\"30\">\n                <label for=\"id_ch_currency_horizontal-2\" class=\"form-check-label\">30</label>\n            </div>\n            \n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_currency_horizontal_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_horizontal\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[10, \"10\"], [20, \"20\"], [30, \"30\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"30.4\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_horizontal-0\" name=\"ch_currency_horizontal\" required value=\"10\">\n                <label for=\"id_ch_currency_horizontal-0\" class=\"form-check-label\">10</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_horizontal-1\" name=\"ch_currency_horizontal\" required value=\"20\">\n                <label for=\"id_ch_currency_horizontal-1\" class=\"form-check-label\">20</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_currency_horizontal-2\" name=\"ch_currency_horizontal\" required value=\"30\">\n                <label for=\"id_ch_currency_horizontal-2\" class=\"form-check-label\">30</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_blank_radio() {
    check_form(
        "{}",
        "[{\"name\": \"chb_currency\", \"kind\": \"Currency\", \"label\": \"Chb Currency\", \"widget\": \"RadioSelect\", \"choices\": [[10, \"10\"], [20, \"20\"], [30, \"30\"]], \"min\": null, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'chb_currency' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_chb_currency\">Chb Currency</label>\n        <div class=\"controls\">\n            <div id=\"id_chb_currency\"><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_currency-0\" name=\"chb_currency\" value=\"10\"> <label for=\"id_chb_currency-0\">10</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_currency-1\" name=\"chb_currency\" value=\"20\"> <label for=\"id_chb_currency-1\">20</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_currency-2\" name=\"chb_currency\" value=\"30\"> <label for=\"id_chb_currency-2\">30</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_cu_dropdown_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_cu_dropdown\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[{\"__cu__\": 10}, \"10 points\"], [{\"__cu__\": 20}, \"20 points\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_cu_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_cu_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_currency_cu_dropdown\" name=\"ch_currency_cu_dropdown\" required><option value=\"\">--------</option><option value=\"10\">10 points</option><option value=\"20\">20 points</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_cu_dropdown_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_cu_dropdown\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[{\"__cu__\": 10}, \"10 points\"], [{\"__cu__\": 20}, \"20 points\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 10}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_cu_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_cu_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_currency_cu_dropdown\" name=\"ch_currency_cu_dropdown\" required><option value=\"\">--------</option><option selected value=\"10\">10 points</option><option value=\"20\">20 points</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_cu_dropdown_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_cu_dropdown\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[{\"__cu__\": 10}, \"10 points\"], [{\"__cu__\": 20}, \"20 points\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"20.0\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_currency_cu_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_cu_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_currency_cu_dropdown\" name=\"ch_currency_cu_dropdown\" required><option value=\"\">--------</option><option value=\"10\">10 points</option><option selected value=\"20\">20 points</option></select>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_currency_cu_dropdown_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_cu_dropdown\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[{\"__cu__\": 10}, \"10 points\"], [{\"__cu__\": 20}, \"20 points\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"15\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_cu_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_cu_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_currency_cu_dropdown\" name=\"ch_currency_cu_dropdown\" required><option value=\"\">--------</option><option value=\"10\">10 points</option><option value=\"20\">20 points</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_cu_radio_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_cu_radio\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[{\"__cu__\": 10}, \"10 points\"], [{\"__cu__\": 20}, \"20 points\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_cu_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_cu_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_currency_cu_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_cu_radio-0\" name=\"ch_currency_cu_radio\" required value=\"10\"> <label for=\"id_ch_currency_cu_radio-0\">10 points</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_cu_radio-1\" name=\"ch_currency_cu_radio\" required value=\"20\"> <label for=\"id_ch_currency_cu_radio-1\">20 points</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_cu_radio_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_cu_radio\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[{\"__cu__\": 10}, \"10 points\"], [{\"__cu__\": 20}, \"20 points\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 10}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_cu_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_cu_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_currency_cu_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_currency_cu_radio-0\" name=\"ch_currency_cu_radio\" required value=\"10\"> <label for=\"id_ch_currency_cu_radio-0\">10 points</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_cu_radio-1\" name=\"ch_currency_cu_radio\" required value=\"20\"> <label for=\"id_ch_currency_cu_radio-1\">20 points</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_cu_radio_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_cu_radio\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[{\"__cu__\": 10}, \"10 points\"], [{\"__cu__\": 20}, \"20 points\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"20.0\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_currency_cu_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_cu_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_currency_cu_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_cu_radio-0\" name=\"ch_currency_cu_radio\" required value=\"10\"> <label for=\"id_ch_currency_cu_radio-0\">10 points</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_currency_cu_radio-1\" name=\"ch_currency_cu_radio\" required value=\"20\"> <label for=\"id_ch_currency_cu_radio-1\">20 points</label></div></div>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_currency_cu_radio_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_cu_radio\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[{\"__cu__\": 10}, \"10 points\"], [{\"__cu__\": 20}, \"20 points\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"15\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_cu_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_cu_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_currency_cu_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_cu_radio-0\" name=\"ch_currency_cu_radio\" required value=\"10\"> <label for=\"id_ch_currency_cu_radio-0\">10 points</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_cu_radio-1\" name=\"ch_currency_cu_radio\" required value=\"20\"> <label for=\"id_ch_currency_cu_radio-1\">20 points</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_cu_horizontal_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_cu_horizontal\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[{\"__cu__\": 10}, \"10 points\"], [{\"__cu__\": 20}, \"20 points\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_cu_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_cu_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_cu_horizontal-0\" name=\"ch_currency_cu_horizontal\" required value=\"10\">\n                <label for=\"id_ch_currency_cu_horizontal-0\" class=\"form-check-label\">10 points</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_cu_horizontal-1\" name=\"ch_currency_cu_horizontal\" required value=\"20\">\n                <label for=\"id_ch_currency_cu_horizontal-1\" class=\"form-check-label\">20 points</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_cu_horizontal_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_cu_horizontal\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[{\"__cu__\": 10}, \"10 points\"], [{\"__cu__\": 20}, \"20 points\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 10}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_cu_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_cu_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_currency_cu_horizontal-0\" name=\"ch_currency_cu_horizontal\" required value=\"10\">\n                <label for=\"id_ch_currency_cu_horizontal-0\" class=\"form-check-label\">10 points</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_cu_horizontal-1\" name=\"ch_currency_cu_horizontal\" required value=\"20\">\n                <label for=\"id_ch_currency_cu_horizontal-1\" class=\"form-check-label\">20 points</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_cu_horizontal_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_cu_horizontal\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[{\"__cu__\": 10}, \"10 points\"], [{\"__cu__\": 20}, \"20 points\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"20.0\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_currency_cu_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_cu_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_cu_horizontal-0\" name=\"ch_currency_cu_horizontal\" required value=\"10\">\n                <label for=\"id_ch_currency_cu_horizontal-0\" class=\"form-check-label\">10 points</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_currency_cu_horizontal-1\" name=\"ch_currency_cu_horizontal\" required value=\"20\">\n                <label for=\"id_ch_currency_cu_horizontal-1\" class=\"form-check-label\">20 points</label>\n            </div>\n            \n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_currency_cu_horizontal_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_cu_horizontal\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[{\"__cu__\": 10}, \"10 points\"], [{\"__cu__\": 20}, \"20 points\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"15\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_cu_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_cu_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_cu_horizontal-0\" name=\"ch_currency_cu_horizontal\" required value=\"10\">\n                <label for=\"id_ch_currency_cu_horizontal-0\" class=\"form-check-label\">10 points</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_cu_horizontal-1\" name=\"ch_currency_cu_horizontal\" required value=\"20\">\n                <label for=\"id_ch_currency_cu_horizontal-1\" class=\"form-check-label\">20 points</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_cu_blank_radio() {
    check_form(
        "{}",
        "[{\"name\": \"chb_currency_cu\", \"kind\": \"Currency\", \"label\": \"Chb Currency Cu\", \"widget\": \"RadioSelect\", \"choices\": [[{\"__cu__\": 10}, \"10 points\"], [{\"__cu__\": 20}, \"20 points\"]], \"min\": null, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'chb_currency_cu' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_chb_currency_cu\">Chb Currency Cu</label>\n        <div class=\"controls\">\n            <div id=\"id_chb_currency_cu\"><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_currency_cu-0\" name=\"chb_currency_cu\" value=\"10\"> <label for=\"id_chb_currency_cu-0\">10 points</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_currency_cu-1\" name=\"chb_currency_cu\" value=\"20\"> <label for=\"id_chb_currency_cu-1\">20 points</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_pairs_dropdown_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_pairs_dropdown\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[{\"__cu__\": 1}, \"one\"], [2, \"two\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_pairs_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_pairs_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_currency_pairs_dropdown\" name=\"ch_currency_pairs_dropdown\" required><option value=\"\">--------</option><option value=\"1\">one</option><option value=\"2\">two</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_pairs_dropdown_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_pairs_dropdown\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[{\"__cu__\": 1}, \"one\"], [2, \"two\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 2}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_pairs_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_pairs_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_currency_pairs_dropdown\" name=\"ch_currency_pairs_dropdown\" required><option value=\"\">--------</option><option value=\"1\">one</option><option selected value=\"2\">two</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_pairs_dropdown_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_pairs_dropdown\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[{\"__cu__\": 1}, \"one\"], [2, \"two\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"1\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_currency_pairs_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_pairs_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_currency_pairs_dropdown\" name=\"ch_currency_pairs_dropdown\" required><option value=\"\">--------</option><option selected value=\"1\">one</option><option value=\"2\">two</option></select>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_currency_pairs_dropdown_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_pairs_dropdown\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[{\"__cu__\": 1}, \"one\"], [2, \"two\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"3\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_pairs_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_pairs_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_currency_pairs_dropdown\" name=\"ch_currency_pairs_dropdown\" required><option value=\"\">--------</option><option value=\"1\">one</option><option value=\"2\">two</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_pairs_radio_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_pairs_radio\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[{\"__cu__\": 1}, \"one\"], [2, \"two\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_pairs_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_pairs_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_currency_pairs_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_pairs_radio-0\" name=\"ch_currency_pairs_radio\" required value=\"1\"> <label for=\"id_ch_currency_pairs_radio-0\">one</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_pairs_radio-1\" name=\"ch_currency_pairs_radio\" required value=\"2\"> <label for=\"id_ch_currency_pairs_radio-1\">two</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_pairs_radio_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_pairs_radio\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[{\"__cu__\": 1}, \"one\"], [2, \"two\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 2}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_pairs_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_pairs_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_currency_pairs_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_pairs_radio-0\" name=\"ch_currency_pairs_radio\" required value=\"1\"> <label for=\"id_ch_currency_pairs_radio-0\">one</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_currency_pairs_radio-1\" name=\"ch_currency_pairs_radio\" required value=\"2\"> <label for=\"id_ch_currency_pairs_radio-1\">two</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_pairs_radio_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_pairs_radio\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[{\"__cu__\": 1}, \"one\"], [2, \"two\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"1\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_currency_pairs_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_pairs_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_currency_pairs_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_currency_pairs_radio-0\" name=\"ch_currency_pairs_radio\" required value=\"1\"> <label for=\"id_ch_currency_pairs_radio-0\">one</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_pairs_radio-1\" name=\"ch_currency_pairs_radio\" required value=\"2\"> <label for=\"id_ch_currency_pairs_radio-1\">two</label></div></div>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_currency_pairs_radio_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_pairs_radio\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[{\"__cu__\": 1}, \"one\"], [2, \"two\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"3\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_pairs_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_pairs_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_currency_pairs_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_pairs_radio-0\" name=\"ch_currency_pairs_radio\" required value=\"1\"> <label for=\"id_ch_currency_pairs_radio-0\">one</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_pairs_radio-1\" name=\"ch_currency_pairs_radio\" required value=\"2\"> <label for=\"id_ch_currency_pairs_radio-1\">two</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_pairs_horizontal_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_pairs_horizontal\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[{\"__cu__\": 1}, \"one\"], [2, \"two\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_pairs_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_pairs_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_pairs_horizontal-0\" name=\"ch_currency_pairs_horizontal\" required value=\"1\">\n                <label for=\"id_ch_currency_pairs_horizontal-0\" class=\"form-check-label\">one</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_pairs_horizontal-1\" name=\"ch_currency_pairs_horizontal\" required value=\"2\">\n                <label for=\"id_ch_currency_pairs_horizontal-1\" class=\"form-check-label\">two</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_pairs_horizontal_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_pairs_horizontal\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[{\"__cu__\": 1}, \"one\"], [2, \"two\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 2}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_pairs_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_pairs_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_pairs_horizontal-0\" name=\"ch_currency_pairs_horizontal\" required value=\"1\">\n                <label for=\"id_ch_currency_pairs_horizontal-0\" class=\"form-check-label\">one</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_currency_pairs_horizontal-1\" name=\"ch_currency_pairs_horizontal\" required value=\"2\">\n                <label for=\"id_ch_currency_pairs_horizontal-1\" class=\"form-check-label\">two</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_pairs_horizontal_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_pairs_horizontal\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[{\"__cu__\": 1}, \"one\"], [2, \"two\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"1\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_currency_pairs_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_pairs_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_currency_pairs_horizontal-0\" name=\"ch_currency_pairs_horizontal\" required value=\"1\">\n                <label for=\"id_ch_currency_pairs_horizontal-0\" class=\"form-check-label\">one</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_pairs_horizontal-1\" name=\"ch_currency_pairs_horizontal\" required value=\"2\">\n                <label for=\"id_ch_currency_pairs_horizontal-1\" class=\"form-check-label\">two</label>\n            </div>\n            \n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_currency_pairs_horizontal_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_currency_pairs_horizontal\", \"kind\": \"Currency\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[{\"__cu__\": 1}, \"one\"], [2, \"two\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"3\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_currency_pairs_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_currency_pairs_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_pairs_horizontal-0\" name=\"ch_currency_pairs_horizontal\" required value=\"1\">\n                <label for=\"id_ch_currency_pairs_horizontal-0\" class=\"form-check-label\">one</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_currency_pairs_horizontal-1\" name=\"ch_currency_pairs_horizontal\" required value=\"2\">\n                <label for=\"id_ch_currency_pairs_horizontal-1\" class=\"form-check-label\">two</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_pairs_blank_radio() {
    check_form(
        "{}",
        "[{\"name\": \"chb_currency_pairs\", \"kind\": \"Currency\", \"label\": \"Chb Currency Pairs\", \"widget\": \"RadioSelect\", \"choices\": [[{\"__cu__\": 1}, \"one\"], [2, \"two\"]], \"min\": null, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'chb_currency_pairs' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_chb_currency_pairs\">Chb Currency Pairs</label>\n        <div class=\"controls\">\n            <div id=\"id_chb_currency_pairs\"><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_currency_pairs-0\" name=\"chb_currency_pairs\" value=\"1\"> <label for=\"id_chb_currency_pairs-0\">one</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_currency_pairs-1\" name=\"chb_currency_pairs\" value=\"2\"> <label for=\"id_chb_currency_pairs-1\">two</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_dropdown_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_dropdown\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[\"Red\", \"Red\"], [\"Blue <b>\", \"Blue <b>\"], [\"A & \\\"B\\\"\", \"A & \\\"B\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_string_dropdown\" name=\"ch_string_dropdown\" required><option value=\"\">--------</option><option value=\"Red\">Red</option><option value=\"Blue &lt;b&gt;\">Blue &lt;b&gt;</option><option value=\"A &amp; &#34;B&#34;\">A &amp; &#34;B&#34;</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_dropdown_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_dropdown\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[\"Red\", \"Red\"], [\"Blue <b>\", \"Blue <b>\"], [\"A & \\\"B\\\"\", \"A & \\\"B\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"Blue <b>\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_string_dropdown\" name=\"ch_string_dropdown\" required><option value=\"\">--------</option><option value=\"Red\">Red</option><option selected value=\"Blue &lt;b&gt;\">Blue &lt;b&gt;</option><option value=\"A &amp; &#34;B&#34;\">A &amp; &#34;B&#34;</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_dropdown_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_dropdown\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[\"Red\", \"Red\"], [\"Blue <b>\", \"Blue <b>\"], [\"A & \\\"B\\\"\", \"A & \\\"B\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"A & \\\"B\\\"\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_string_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_string_dropdown\" name=\"ch_string_dropdown\" required><option value=\"\">--------</option><option value=\"Red\">Red</option><option value=\"Blue &lt;b&gt;\">Blue &lt;b&gt;</option><option selected value=\"A &amp; &#34;B&#34;\">A &amp; &#34;B&#34;</option></select>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_string_dropdown_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_dropdown\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[\"Red\", \"Red\"], [\"Blue <b>\", \"Blue <b>\"], [\"A & \\\"B\\\"\", \"A & \\\"B\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"Green\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_string_dropdown\" name=\"ch_string_dropdown\" required><option value=\"\">--------</option><option value=\"Red\">Red</option><option value=\"Blue &lt;b&gt;\">Blue &lt;b&gt;</option><option value=\"A &amp; &#34;B&#34;\">A &amp; &#34;B&#34;</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_radio_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_radio\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[\"Red\", \"Red\"], [\"Blue <b>\", \"Blue <b>\"], [\"A & \\\"B\\\"\", \"A & \\\"B\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_string_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_radio-0\" name=\"ch_string_radio\" required value=\"Red\"> <label for=\"id_ch_string_radio-0\">Red</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_radio-1\" name=\"ch_string_radio\" required value=\"Blue &lt;b&gt;\"> <label for=\"id_ch_string_radio-1\">Blue &lt;b&gt;</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_radio-2\" name=\"ch_string_radio\" required value=\"A &amp; &#34;B&#34;\"> <label for=\"id_ch_string_radio-2\">A &amp; &#34;B&#34;</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_radio_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_radio\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[\"Red\", \"Red\"], [\"Blue <b>\", \"Blue <b>\"], [\"A & \\\"B\\\"\", \"A & \\\"B\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"Blue <b>\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_string_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_radio-0\" name=\"ch_string_radio\" required value=\"Red\"> <label for=\"id_ch_string_radio-0\">Red</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_string_radio-1\" name=\"ch_string_radio\" required value=\"Blue &lt;b&gt;\"> <label for=\"id_ch_string_radio-1\">Blue &lt;b&gt;</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_radio-2\" name=\"ch_string_radio\" required value=\"A &amp; &#34;B&#34;\"> <label for=\"id_ch_string_radio-2\">A &amp; &#34;B&#34;</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_radio_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_radio\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[\"Red\", \"Red\"], [\"Blue <b>\", \"Blue <b>\"], [\"A & \\\"B\\\"\", \"A & \\\"B\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"A & \\\"B\\\"\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_string_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_string_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_radio-0\" name=\"ch_string_radio\" required value=\"Red\"> <label for=\"id_ch_string_radio-0\">Red</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_radio-1\" name=\"ch_string_radio\" required value=\"Blue &lt;b&gt;\"> <label for=\"id_ch_string_radio-1\">Blue &lt;b&gt;</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_string_radio-2\" name=\"ch_string_radio\" required value=\"A &amp; &#34;B&#34;\"> <label for=\"id_ch_string_radio-2\">A &amp; &#34;B&#34;</label></div></div>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_string_radio_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_radio\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[\"Red\", \"Red\"], [\"Blue <b>\", \"Blue <b>\"], [\"A & \\\"B\\\"\", \"A & \\\"B\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"Green\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_string_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_radio-0\" name=\"ch_string_radio\" required value=\"Red\"> <label for=\"id_ch_string_radio-0\">Red</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_radio-1\" name=\"ch_string_radio\" required value=\"Blue &lt;b&gt;\"> <label for=\"id_ch_string_radio-1\">Blue &lt;b&gt;</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_radio-2\" name=\"ch_string_radio\" required value=\"A &amp; &#34;B&#34;\"> <label for=\"id_ch_string_radio-2\">A &amp; &#34;B&#34;</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_horizontal_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_horizontal\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[\"Red\", \"Red\"], [\"Blue <b>\", \"Blue <b>\"], [\"A & \\\"B\\\"\", \"A & \\\"B\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_horizontal-0\" name=\"ch_string_horizontal\" required value=\"Red\">\n                <label for=\"id_ch_string_horizontal-0\" class=\"form-check-label\">Red</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_horizontal-1\" name=\"ch_string_horizontal\" required value=\"Blue &lt;b&gt;\">\n                <label for=\"id_ch_string_horizontal-1\" class=\"form-check-label\">Blue <b></label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_horizontal-2\" name=\"ch_string_horizontal\" required value=\"A &amp; &#34;B&#34;\">\n                <label for=\"id_ch_string_horizontal-2\" class=\"form-check-label\">A & \"B\"</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_horizontal_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_horizontal\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[\"Red\", \"Red\"], [\"Blue <b>\", \"Blue <b>\"], [\"A & \\\"B\\\"\", \"A & \\\"B\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"Blue <b>\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_horizontal-0\" name=\"ch_string_horizontal\" required value=\"Red\">\n                <label for=\"id_ch_string_horizontal-0\" class=\"form-check-label\">Red</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_string_horizontal-1\" name=\"ch_string_horizontal\" required value=\"Blue &lt;b&gt;\">\n                <label for=\"id_ch_string_horizontal-1\" class=\"form-check-label\">Blue <b></label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_horizontal-2\" name=\"ch_string_horizontal\" required value=\"A &amp; &#34;B&#34;\">\n                <label for=\"id_ch_string_horizontal-2\" class=\"form-check-label\">A & \"B\"</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_horizontal_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_horizontal\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[\"Red\", \"Red\"], [\"Blue <b>\", \"Blue <b>\"], [\"A & \\\"B\\\"\", \"A & \\\"B\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"A & \\\"B\\\"\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_string_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_horizontal-0\" name=\"ch_string_horizontal\" required value=\"Red\">\n                <label for=\"id_ch_string_horizontal-0\" class=\"form-check-label\">Red</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_horizontal-1\" name=\"ch_string_horizontal\" required value=\"Blue &lt;b&gt;\">\n                <label for=\"id_ch_string_horizontal-1\" class=\"form-check-label\">Blue <b></label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_string_horizontal-2\" name=\"ch_string_horizontal\" required value=\"A &amp; &#34;B&#34;\">\n                <label for=\"id_ch_string_horizontal-2\" class=\"form-check-label\">A & \"B\"</label>\n            </div>\n            \n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_string_horizontal_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_horizontal\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[\"Red\", \"Red\"], [\"Blue <b>\", \"Blue <b>\"], [\"A & \\\"B\\\"\", \"A & \\\"B\\\"\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"Green\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_horizontal-0\" name=\"ch_string_horizontal\" required value=\"Red\">\n                <label for=\"id_ch_string_horizontal-0\" class=\"form-check-label\">Red</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_horizontal-1\" name=\"ch_string_horizontal\" required value=\"Blue &lt;b&gt;\">\n                <label for=\"id_ch_string_horizontal-1\" class=\"form-check-label\">Blue <b></label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_horizontal-2\" name=\"ch_string_horizontal\" required value=\"A &amp; &#34;B&#34;\">\n                <label for=\"id_ch_string_horizontal-2\" class=\"form-check-label\">A & \"B\"</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_blank_radio() {
    check_form(
        "{}",
        "[{\"name\": \"chb_string\", \"kind\": \"String\", \"label\": \"Chb String\", \"widget\": \"RadioSelect\", \"choices\": [[\"Red\", \"Red\"], [\"Blue <b>\", \"Blue <b>\"], [\"A & \\\"B\\\"\", \"A & \\\"B\\\"\"]], \"min\": null, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'chb_string' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_chb_string\">Chb String</label>\n        <div class=\"controls\">\n            <div id=\"id_chb_string\"><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_string-0\" name=\"chb_string\" value=\"Red\"> <label for=\"id_chb_string-0\">Red</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_string-1\" name=\"chb_string\" value=\"Blue &lt;b&gt;\"> <label for=\"id_chb_string-1\">Blue &lt;b&gt;</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_string-2\" name=\"chb_string\" value=\"A &amp; &#34;B&#34;\"> <label for=\"id_chb_string-2\">A &amp; &#34;B&#34;</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_pairs_dropdown_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_pairs_dropdown\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[\"r\", \"Red\"], [\"b\", \"Blue\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_pairs_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_pairs_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_string_pairs_dropdown\" name=\"ch_string_pairs_dropdown\" required><option value=\"\">--------</option><option value=\"r\">Red</option><option value=\"b\">Blue</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_pairs_dropdown_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_pairs_dropdown\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[\"r\", \"Red\"], [\"b\", \"Blue\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"r\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_pairs_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_pairs_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_string_pairs_dropdown\" name=\"ch_string_pairs_dropdown\" required><option value=\"\">--------</option><option selected value=\"r\">Red</option><option value=\"b\">Blue</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_pairs_dropdown_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_pairs_dropdown\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[\"r\", \"Red\"], [\"b\", \"Blue\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"b\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_string_pairs_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_pairs_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_string_pairs_dropdown\" name=\"ch_string_pairs_dropdown\" required><option value=\"\">--------</option><option value=\"r\">Red</option><option selected value=\"b\">Blue</option></select>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_string_pairs_dropdown_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_pairs_dropdown\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[\"r\", \"Red\"], [\"b\", \"Blue\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"R\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_pairs_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_pairs_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_string_pairs_dropdown\" name=\"ch_string_pairs_dropdown\" required><option value=\"\">--------</option><option value=\"r\">Red</option><option value=\"b\">Blue</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_pairs_radio_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_pairs_radio\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[\"r\", \"Red\"], [\"b\", \"Blue\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_pairs_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_pairs_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_string_pairs_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_pairs_radio-0\" name=\"ch_string_pairs_radio\" required value=\"r\"> <label for=\"id_ch_string_pairs_radio-0\">Red</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_pairs_radio-1\" name=\"ch_string_pairs_radio\" required value=\"b\"> <label for=\"id_ch_string_pairs_radio-1\">Blue</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_pairs_radio_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_pairs_radio\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[\"r\", \"Red\"], [\"b\", \"Blue\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"r\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_pairs_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_pairs_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_string_pairs_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_string_pairs_radio-0\" name=\"ch_string_pairs_radio\" required value=\"r\"> <label for=\"id_ch_string_pairs_radio-0\">Red</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_pairs_radio-1\" name=\"ch_string_pairs_radio\" required value=\"b\"> <label for=\"id_ch_string_pairs_radio-1\">Blue</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_pairs_radio_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_pairs_radio\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[\"r\", \"Red\"], [\"b\", \"Blue\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"b\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_string_pairs_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_pairs_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_string_pairs_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_pairs_radio-0\" name=\"ch_string_pairs_radio\" required value=\"r\"> <label for=\"id_ch_string_pairs_radio-0\">Red</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_string_pairs_radio-1\" name=\"ch_string_pairs_radio\" required value=\"b\"> <label for=\"id_ch_string_pairs_radio-1\">Blue</label></div></div>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_string_pairs_radio_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_pairs_radio\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[\"r\", \"Red\"], [\"b\", \"Blue\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"R\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_pairs_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_pairs_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_string_pairs_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_pairs_radio-0\" name=\"ch_string_pairs_radio\" required value=\"r\"> <label for=\"id_ch_string_pairs_radio-0\">Red</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_pairs_radio-1\" name=\"ch_string_pairs_radio\" required value=\"b\"> <label for=\"id_ch_string_pairs_radio-1\">Blue</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_pairs_horizontal_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_pairs_horizontal\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[\"r\", \"Red\"], [\"b\", \"Blue\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_pairs_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_pairs_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_pairs_horizontal-0\" name=\"ch_string_pairs_horizontal\" required value=\"r\">\n                <label for=\"id_ch_string_pairs_horizontal-0\" class=\"form-check-label\">Red</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_pairs_horizontal-1\" name=\"ch_string_pairs_horizontal\" required value=\"b\">\n                <label for=\"id_ch_string_pairs_horizontal-1\" class=\"form-check-label\">Blue</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_pairs_horizontal_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_pairs_horizontal\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[\"r\", \"Red\"], [\"b\", \"Blue\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"r\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_pairs_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_pairs_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_string_pairs_horizontal-0\" name=\"ch_string_pairs_horizontal\" required value=\"r\">\n                <label for=\"id_ch_string_pairs_horizontal-0\" class=\"form-check-label\">Red</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_pairs_horizontal-1\" name=\"ch_string_pairs_horizontal\" required value=\"b\">\n                <label for=\"id_ch_string_pairs_horizontal-1\" class=\"form-check-label\">Blue</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_pairs_horizontal_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_pairs_horizontal\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[\"r\", \"Red\"], [\"b\", \"Blue\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"b\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_string_pairs_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_pairs_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_pairs_horizontal-0\" name=\"ch_string_pairs_horizontal\" required value=\"r\">\n                <label for=\"id_ch_string_pairs_horizontal-0\" class=\"form-check-label\">Red</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_string_pairs_horizontal-1\" name=\"ch_string_pairs_horizontal\" required value=\"b\">\n                <label for=\"id_ch_string_pairs_horizontal-1\" class=\"form-check-label\">Blue</label>\n            </div>\n            \n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_string_pairs_horizontal_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_pairs_horizontal\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[\"r\", \"Red\"], [\"b\", \"Blue\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"R\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_pairs_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_pairs_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_pairs_horizontal-0\" name=\"ch_string_pairs_horizontal\" required value=\"r\">\n                <label for=\"id_ch_string_pairs_horizontal-0\" class=\"form-check-label\">Red</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_pairs_horizontal-1\" name=\"ch_string_pairs_horizontal\" required value=\"b\">\n                <label for=\"id_ch_string_pairs_horizontal-1\" class=\"form-check-label\">Blue</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_pairs_blank_radio() {
    check_form(
        "{}",
        "[{\"name\": \"chb_string_pairs\", \"kind\": \"String\", \"label\": \"Chb String Pairs\", \"widget\": \"RadioSelect\", \"choices\": [[\"r\", \"Red\"], [\"b\", \"Blue\"]], \"min\": null, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'chb_string_pairs' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_chb_string_pairs\">Chb String Pairs</label>\n        <div class=\"controls\">\n            <div id=\"id_chb_string_pairs\"><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_string_pairs-0\" name=\"chb_string_pairs\" value=\"r\"> <label for=\"id_chb_string_pairs-0\">Red</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_string_pairs-1\" name=\"chb_string_pairs\" value=\"b\"> <label for=\"id_chb_string_pairs-1\">Blue</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_numbers_dropdown_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_numbers_dropdown\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[1, \"1\"], [2.5, \"2.5\"], [true, \"True\"], [false, \"False\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_numbers_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_numbers_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_string_numbers_dropdown\" name=\"ch_string_numbers_dropdown\" required><option value=\"\">--------</option><option value=\"1\">1</option><option value=\"2.5\">2.5</option><option value=\"True\">True</option><option >False</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_numbers_dropdown_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_numbers_dropdown\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[1, \"1\"], [2.5, \"2.5\"], [true, \"True\"], [false, \"False\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"2.5\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_numbers_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_numbers_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_string_numbers_dropdown\" name=\"ch_string_numbers_dropdown\" required><option value=\"\">--------</option><option value=\"1\">1</option><option selected value=\"2.5\">2.5</option><option value=\"True\">True</option><option >False</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_numbers_dropdown_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_numbers_dropdown\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[1, \"1\"], [2.5, \"2.5\"], [true, \"True\"], [false, \"False\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"True\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_string_numbers_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_numbers_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_string_numbers_dropdown\" name=\"ch_string_numbers_dropdown\" required><option value=\"\">--------</option><option value=\"1\">1</option><option value=\"2.5\">2.5</option><option selected value=\"True\">True</option><option >False</option></select>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_string_numbers_dropdown_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_numbers_dropdown\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"Default\", \"choices\": [[1, \"1\"], [2.5, \"2.5\"], [true, \"True\"], [false, \"False\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"False\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_numbers_dropdown' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_numbers_dropdown\">Pick</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_string_numbers_dropdown\" name=\"ch_string_numbers_dropdown\" required><option value=\"\">--------</option><option value=\"1\">1</option><option value=\"2.5\">2.5</option><option value=\"True\">True</option><option selected>False</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_numbers_radio_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_numbers_radio\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"1\"], [2.5, \"2.5\"], [true, \"True\"], [false, \"False\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_numbers_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_numbers_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_string_numbers_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_radio-0\" name=\"ch_string_numbers_radio\" required value=\"1\"> <label for=\"id_ch_string_numbers_radio-0\">1</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_radio-1\" name=\"ch_string_numbers_radio\" required value=\"2.5\"> <label for=\"id_ch_string_numbers_radio-1\">2.5</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_radio-2\" name=\"ch_string_numbers_radio\" required value=\"True\"> <label for=\"id_ch_string_numbers_radio-2\">True</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_radio-3\" name=\"ch_string_numbers_radio\" required value=\"False\"> <label for=\"id_ch_string_numbers_radio-3\">False</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_numbers_radio_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_numbers_radio\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"1\"], [2.5, \"2.5\"], [true, \"True\"], [false, \"False\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"2.5\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_numbers_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_numbers_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_string_numbers_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_radio-0\" name=\"ch_string_numbers_radio\" required value=\"1\"> <label for=\"id_ch_string_numbers_radio-0\">1</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_string_numbers_radio-1\" name=\"ch_string_numbers_radio\" required value=\"2.5\"> <label for=\"id_ch_string_numbers_radio-1\">2.5</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_radio-2\" name=\"ch_string_numbers_radio\" required value=\"True\"> <label for=\"id_ch_string_numbers_radio-2\">True</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_radio-3\" name=\"ch_string_numbers_radio\" required value=\"False\"> <label for=\"id_ch_string_numbers_radio-3\">False</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_numbers_radio_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_numbers_radio\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"1\"], [2.5, \"2.5\"], [true, \"True\"], [false, \"False\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"True\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_string_numbers_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_numbers_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_string_numbers_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_radio-0\" name=\"ch_string_numbers_radio\" required value=\"1\"> <label for=\"id_ch_string_numbers_radio-0\">1</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_radio-1\" name=\"ch_string_numbers_radio\" required value=\"2.5\"> <label for=\"id_ch_string_numbers_radio-1\">2.5</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_string_numbers_radio-2\" name=\"ch_string_numbers_radio\" required value=\"True\"> <label for=\"id_ch_string_numbers_radio-2\">True</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_radio-3\" name=\"ch_string_numbers_radio\" required value=\"False\"> <label for=\"id_ch_string_numbers_radio-3\">False</label></div></div>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_string_numbers_radio_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_numbers_radio\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"1\"], [2.5, \"2.5\"], [true, \"True\"], [false, \"False\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"False\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_numbers_radio' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_numbers_radio\">Pick</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_string_numbers_radio\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_radio-0\" name=\"ch_string_numbers_radio\" required value=\"1\"> <label for=\"id_ch_string_numbers_radio-0\">1</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_radio-1\" name=\"ch_string_numbers_radio\" required value=\"2.5\"> <label for=\"id_ch_string_numbers_radio-1\">2.5</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_radio-2\" name=\"ch_string_numbers_radio\" required value=\"True\"> <label for=\"id_ch_string_numbers_radio-2\">True</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_string_numbers_radio-3\" name=\"ch_string_numbers_radio\" required value=\"False\"> <label for=\"id_ch_string_numbers_radio-3\">False</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_numbers_horizontal_empty() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_numbers_horizontal\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[1, \"1\"], [2.5, \"2.5\"], [true, \"True\"], [false, \"False\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_numbers_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_numbers_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_horizontal-0\" name=\"ch_string_numbers_horizontal\" required value=\"1\">\n                <label for=\"id_ch_string_numbers_horizontal-0\" class=\"form-check-label\">1</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_horizontal-1\" name=\"ch_string_numbers_horizontal\" required value=\"2.5\">\n                <label for=\"id_ch_string_numbers_horizontal-1\" class=\"form-check-label\">2.5</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_horizontal-2\" name=\"ch_string_numbers_horizontal\" required value=\"True\">\n                <label for=\"id_ch_string_numbers_horizontal-2\" class=\"form-check-label\">True</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_horizontal-3\" name=\"ch_string_numbers_horizontal\" required value=\"False\">\n                <label for=\"id_ch_string_numbers_horizontal-3\" class=\"form-check-label\">False</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_numbers_horizontal_stored() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_numbers_horizontal\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[1, \"1\"], [2.5, \"2.5\"], [true, \"True\"], [false, \"False\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"2.5\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_numbers_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_numbers_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_horizontal-0\" name=\"ch_string_numbers_horizontal\" required value=\"1\">\n                <label for=\"id_ch_string_numbers_horizontal-0\" class=\"form-check-label\">1</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_string_numbers_horizontal-1\" name=\"ch_string_numbers_horizontal\" required value=\"2.5\">\n                <label for=\"id_ch_string_numbers_horizontal-1\" class=\"form-check-label\">2.5</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_horizontal-2\" name=\"ch_string_numbers_horizontal\" required value=\"True\">\n                <label for=\"id_ch_string_numbers_horizontal-2\" class=\"form-check-label\">True</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_horizontal-3\" name=\"ch_string_numbers_horizontal\" required value=\"False\">\n                <label for=\"id_ch_string_numbers_horizontal-3\" class=\"form-check-label\">False</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_numbers_horizontal_submitted() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_numbers_horizontal\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[1, \"1\"], [2.5, \"2.5\"], [true, \"True\"], [false, \"False\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"True\", \"error\": \"Not that one\", \"help_text\": null}]",
        "{{ formfield 'ch_string_numbers_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_numbers_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_horizontal-0\" name=\"ch_string_numbers_horizontal\" required value=\"1\">\n                <label for=\"id_ch_string_numbers_horizontal-0\" class=\"form-check-label\">1</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_horizontal-1\" name=\"ch_string_numbers_horizontal\" required value=\"2.5\">\n                <label for=\"id_ch_string_numbers_horizontal-1\" class=\"form-check-label\">2.5</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_string_numbers_horizontal-2\" name=\"ch_string_numbers_horizontal\" required value=\"True\">\n                <label for=\"id_ch_string_numbers_horizontal-2\" class=\"form-check-label\">True</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_horizontal-3\" name=\"ch_string_numbers_horizontal\" required value=\"False\">\n                <label for=\"id_ch_string_numbers_horizontal-3\" class=\"form-check-label\">False</label>\n            </div>\n            \n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Not that one<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn choices_string_numbers_horizontal_other() {
    check_form(
        "{}",
        "[{\"name\": \"ch_string_numbers_horizontal\", \"kind\": \"String\", \"label\": \"Pick\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[1, \"1\"], [2.5, \"2.5\"], [true, \"True\"], [false, \"False\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"False\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_string_numbers_horizontal' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_string_numbers_horizontal\">Pick</label>\n        <div class=\"controls\">\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_horizontal-0\" name=\"ch_string_numbers_horizontal\" required value=\"1\">\n                <label for=\"id_ch_string_numbers_horizontal-0\" class=\"form-check-label\">1</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_horizontal-1\" name=\"ch_string_numbers_horizontal\" required value=\"2.5\">\n                <label for=\"id_ch_string_numbers_horizontal-1\" class=\"form-check-label\">2.5</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_ch_string_numbers_horizontal-2\" name=\"ch_string_numbers_horizontal\" required value=\"True\">\n                <label for=\"id_ch_string_numbers_horizontal-2\" class=\"form-check-label\">True</label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_string_numbers_horizontal-3\" name=\"ch_string_numbers_horizontal\" required value=\"False\">\n                <label for=\"id_ch_string_numbers_horizontal-3\" class=\"form-check-label\">False</label>\n            </div>\n            \n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_string_numbers_blank_radio() {
    check_form(
        "{}",
        "[{\"name\": \"chb_string_numbers\", \"kind\": \"String\", \"label\": \"Chb String Numbers\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"1\"], [2.5, \"2.5\"], [true, \"True\"], [false, \"False\"]], \"min\": null, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'chb_string_numbers' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_chb_string_numbers\">Chb String Numbers</label>\n        <div class=\"controls\">\n            <div id=\"id_chb_string_numbers\"><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_string_numbers-0\" name=\"chb_string_numbers\" value=\"1\"> <label for=\"id_chb_string_numbers-0\">1</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_string_numbers-1\" name=\"chb_string_numbers\" value=\"2.5\"> <label for=\"id_chb_string_numbers-1\">2.5</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_string_numbers-2\" name=\"chb_string_numbers\" value=\"True\"> <label for=\"id_chb_string_numbers-2\">True</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_chb_string_numbers-3\" name=\"chb_string_numbers\" value=\"False\"> <label for=\"id_chb_string_numbers-3\">False</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_money() {
    check_form(
        "{\"USE_POINTS\": false}",
        "[{\"name\": \"ch_money\", \"kind\": \"Currency\", \"label\": \"Ch Money\", \"widget\": \"Default\", \"choices\": [[{\"__cu__\": 0.5}, \"$0.50\"], [1, \"1\"], [{\"__cu__\": 1.25}, \"$1.25\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 1}, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_money' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_money\">Ch Money</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_money\" name=\"ch_money\" required><option value=\"\">--------</option><option value=\"0.50\">$0.50</option><option selected value=\"1\">1</option><option value=\"1.25\">$1.25</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_currency_money_radio() {
    check_form(
        "{\"USE_POINTS\": false}",
        "[{\"name\": \"ch_money_r\", \"kind\": \"Currency\", \"label\": \"Ch Money R\", \"widget\": \"RadioSelect\", \"choices\": [[{\"__cu__\": 0.5}, \"$0.50\"], [1, \"1\"], [{\"__cu__\": 1.25}, \"$1.25\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"1.250\", \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_money_r' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_money_r\">Ch Money R</label>\n        <div class=\"controls\">\n            <div id=\"id_ch_money_r\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_money_r-0\" name=\"ch_money_r\" required value=\"0.50\"> <label for=\"id_ch_money_r-0\">$0.50</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_ch_money_r-1\" name=\"ch_money_r\" required value=\"1\"> <label for=\"id_ch_money_r-1\">1</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_ch_money_r-2\" name=\"ch_money_r\" required value=\"1.25\"> <label for=\"id_ch_money_r-2\">$1.25</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_float_german() {
    check_form(
        "{\"LANGUAGE_CODE\": \"de\"}",
        "[{\"name\": \"ch_f_de\", \"kind\": \"Float\", \"label\": \"Ch F De\", \"widget\": \"Default\", \"choices\": [[0.5, \"0.5\"], [1.5, \"1.5\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": 1.5, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_f_de' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_f_de\">Ch F De</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_f_de\" name=\"ch_f_de\" required><option value=\"\">--------</option><option value=\"0.5\">0.5</option><option selected value=\"1.5\">1.5</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_empty_list() {
    check_form(
        "{}",
        "[{\"name\": \"ch_none\", \"kind\": \"String\", \"label\": \"Ch None\", \"widget\": \"Default\", \"choices\": [], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_none' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_none\">Ch None</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_none\" name=\"ch_none\" required><option value=\"\">--------</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn choices_ignore_min_max() {
    check_form(
        "{}",
        "[{\"name\": \"ch_mm\", \"kind\": \"Integer\", \"label\": \"Ch Mm\", \"widget\": \"Default\", \"choices\": [[1, \"1\"], [2, \"2\"]], \"min\": 1, \"max\": 2, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'ch_mm' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_ch_mm\">Ch Mm</label>\n        <div class=\"controls\">\n            <select class=\"form-select\" id=\"id_ch_mm\" name=\"ch_mm\" required><option value=\"\">--------</option><option value=\"1\">1</option><option value=\"2\">2</option></select>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn formfields_all_in_order() {
    check_form(
        "{}",
        "[{\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": \"12\", \"error\": \"Too young\", \"help_text\": null}, {\"name\": \"name\", \"kind\": \"String\", \"label\": \"Name\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"fav\", \"kind\": \"Integer\", \"label\": \"Fav\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"One\"], [2, \"Two <2>\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": \"Pick one\", \"help_text\": null}]",
        "<p>{{ formfields }}</p>",
        "{}",
        "<p>\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_age\">Your age</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_age\" max=\"125\" min=\"13\" name=\"age\" required value=\"12\">\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Too young<br/>\n        </div>\n    \n</div>\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_name\">Name</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" id=\"id_name\" name=\"name\" required value=\"\">\n        </div>\n    \n    \n    \n</div>\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_fav\">Fav</label>\n        <div class=\"controls\">\n            <div id=\"id_fav\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_fav-0\" name=\"fav\" required value=\"1\"> <label for=\"id_fav-0\">One</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_fav-1\" name=\"fav\" required value=\"2\"> <label for=\"id_fav-1\">Two &lt;2&gt;</label></div></div>\n        </div>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Pick one<br/>\n        </div>\n    \n</div></p>",
    );
}

#[test]
fn formfields_percent_spelling() {
    check_form(
        "{}",
        "[{\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"name\", \"kind\": \"String\", \"label\": \"Name\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"Ann\", \"error\": null, \"help_text\": null}, {\"name\": \"fav\", \"kind\": \"Integer\", \"label\": \"Fav\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"One\"], [2, \"Two <2>\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{% formfields %}|{% formfield \"name\" %}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_age\">Your age</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_age\" max=\"125\" min=\"13\" name=\"age\" required value=\"\">\n        </div>\n    \n    \n    \n</div>\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_name\">Name</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" id=\"id_name\" name=\"name\" required value=\"Ann\">\n        </div>\n    \n    \n    \n</div>\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_fav\">Fav</label>\n        <div class=\"controls\">\n            <div id=\"id_fav\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_fav-0\" name=\"fav\" required value=\"1\"> <label for=\"id_fav-0\">One</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_fav-1\" name=\"fav\" required value=\"2\"> <label for=\"id_fav-1\">Two &lt;2&gt;</label></div></div>\n        </div>\n    \n    \n    \n</div>|\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_name\">Name</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" id=\"id_name\" name=\"name\" required value=\"Ann\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn formfield_old_spelling() {
    check_form(
        "{}",
        "[{\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"name\", \"kind\": \"String\", \"label\": \"Name\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"fav\", \"kind\": \"Integer\", \"label\": \"Fav\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"One\"], [2, \"Two <2>\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield player.age }}\n{% formfield group.name %}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_age\">Your age</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_age\" max=\"125\" min=\"13\" name=\"age\" required value=\"\">\n        </div>\n    \n    \n    \n</div>\n\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_name\">Name</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" id=\"id_name\" name=\"name\" required value=\"\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn formfield_label_literal() {
    check_form(
        "{}",
        "[{\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"name\", \"kind\": \"String\", \"label\": \"Name\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"fav\", \"kind\": \"Integer\", \"label\": \"Fav\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"One\"], [2, \"Two <2>\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'age' label='How <b>old</b> are you?' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_age\">How <b>old</b> are you?</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_age\" max=\"125\" min=\"13\" name=\"age\" required value=\"\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn formfield_label_variable() {
    check_form(
        "{}",
        "[{\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"name\", \"kind\": \"String\", \"label\": \"Name\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"fav\", \"kind\": \"Integer\", \"label\": \"Fav\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"One\"], [2, \"Two <2>\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield player.name label=my_label }}",
        "{\"my_label\": \"Name & <i>surname</i>\"}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_name\">Name & <i>surname</i></label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" id=\"id_name\" name=\"name\" required value=\"\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn formfield_label_number() {
    check_form(
        "{}",
        "[{\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"name\", \"kind\": \"String\", \"label\": \"Name\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"fav\", \"kind\": \"Integer\", \"label\": \"Fav\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"One\"], [2, \"Two <2>\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'name' label=n }}",
        "{\"n\": 1234.5}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_name\">1234.5</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" id=\"id_name\" name=\"name\" required value=\"\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn formfield_name_variable() {
    check_form(
        "{}",
        "[{\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"name\", \"kind\": \"String\", \"label\": \"Name\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"fav\", \"kind\": \"Integer\", \"label\": \"Fav\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"One\"], [2, \"Two <2>\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ for f in names }}{{ formfield f }}{{ endfor }}",
        "{\"names\": [\"fav\", \"age\"]}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_fav\">Fav</label>\n        <div class=\"controls\">\n            <div id=\"id_fav\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_fav-0\" name=\"fav\" required value=\"1\"> <label for=\"id_fav-0\">One</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_fav-1\" name=\"fav\" required value=\"2\"> <label for=\"id_fav-1\">Two &lt;2&gt;</label></div></div>\n        </div>\n    \n    \n    \n</div>\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_age\">Your age</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_age\" max=\"125\" min=\"13\" name=\"age\" required value=\"\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn formfield_errors_tag() {
    check_form(
        "{}",
        "[{\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": \"Too <b>young</b>\", \"help_text\": null}, {\"name\": \"name\", \"kind\": \"String\", \"label\": \"Name\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"fav\", \"kind\": \"Integer\", \"label\": \"Fav\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"One\"], [2, \"Two <2>\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": \"Pick\", \"help_text\": null}]",
        "[{{ formfield_errors 'age' }}][{{ formfield_errors 'name' }}][{% formfield_errors f %}]",
        "{\"f\": \"fav\"}",
        "[<div class=\"form-control-errors\">Too <b>young</b></div>][][<div class=\"form-control-errors\">Pick</div>]",
    );
}

#[test]
fn form_field_input_only() {
    check_form(
        "{}",
        "[{\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": 30, \"error\": null, \"help_text\": null}, {\"name\": \"name\", \"kind\": \"String\", \"label\": \"Name\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"fav\", \"kind\": \"Integer\", \"label\": \"Fav\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"One\"], [2, \"Two <2>\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": 2, \"error\": null, \"help_text\": null}]",
        "{{ form.age }}|{{ form.name }}|{{ form.fav }}",
        "{}",
        "<input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_age\" max=\"125\" min=\"13\" name=\"age\" required value=\"30\">|<input type=\"text\" class=\"form-control\" id=\"id_name\" name=\"name\" required value=\"\">|<div id=\"id_fav\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_fav-0\" name=\"fav\" required value=\"1\"> <label for=\"id_fav-0\">One</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" checked id=\"id_fav-1\" name=\"fav\" required value=\"2\"> <label for=\"id_fav-1\">Two &lt;2&gt;</label></div></div>",
    );
}

#[test]
fn form_field_label() {
    check_form(
        "{}",
        "[{\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"name\", \"kind\": \"String\", \"label\": \"Name\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"fav\", \"kind\": \"Integer\", \"label\": \"Fav\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"One\"], [2, \"Two <2>\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ form.age.label }}|{{ form.fav.label }}|{{ form.age.label.text }}|{{ form.name.errors }}|{{ form.errors }}|{{ form.age.type }}",
        "{}",
        "<label for=\"id_age\">Your age</label>|<label for=\"id_fav\">Fav</label>|Your age|()|{}|IntegerField",
    );
}

#[test]
fn form_field_parts() {
    check_form(
        "{}",
        "[{\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": \"Too young\", \"help_text\": null}, {\"name\": \"name\", \"kind\": \"String\", \"label\": \"Name\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"fav\", \"kind\": \"Integer\", \"label\": \"Fav\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"One\"], [2, \"Two <2>\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ form.age.id }}|{{ form.age.name }}|{{ form.age.description }}|{{ form.age.errors }}|{{ form.name.errors }}",
        "{}",
        "id_age|age|None|['Too young']|[]",
    );
}

#[test]
fn form_field_errors_first() {
    check_form(
        "{}",
        "[{\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": \"Too young\", \"help_text\": null}, {\"name\": \"name\", \"kind\": \"String\", \"label\": \"Name\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"fav\", \"kind\": \"Integer\", \"label\": \"Fav\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"One\"], [2, \"Two <2>\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ if form.age.errors }}<b>{{ form.age.errors.0 }}</b>{{ endif }}{{ if form.name.errors }}no{{ endif }}",
        "{}",
        "<b>Too young</b>",
    );
}

#[test]
fn form_field_errors_loop() {
    check_form(
        "{}",
        "[{\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": \"Too young\", \"help_text\": null}, {\"name\": \"name\", \"kind\": \"String\", \"label\": \"Name\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"fav\", \"kind\": \"Integer\", \"label\": \"Fav\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"One\"], [2, \"Two <2>\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ for e in form.age.errors }}<li>{{ e }}</li>{{ endfor }}",
        "{}",
        "<li>Too young</li>",
    );
}

#[test]
fn form_choices_loop() {
    check_form(
        "{}",
        "[{\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"name\", \"kind\": \"String\", \"label\": \"Name\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"fav\", \"kind\": \"Integer\", \"label\": \"Fav\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"One\"], [2, \"Two <2>\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": 1, \"error\": null, \"help_text\": null}]",
        "{{ for choice in form.fav }}<td>{{ choice }}</td><td>{{ choice.label }}</td>{{ endfor }}",
        "{}",
        "<td><input class=\"form-check-input\" type=\"radio\" checked id=\"id_fav-0\" name=\"fav\" required value=\"1\"></td><td><label for=\"id_fav-0\">One</label></td><td><input class=\"form-check-input\" type=\"radio\" id=\"id_fav-1\" name=\"fav\" required value=\"2\"></td><td><label for=\"id_fav-1\">Two &lt;2&gt;</label></td>",
    );
}

#[test]
fn form_choice_by_index() {
    check_form(
        "{}",
        "[{\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"name\", \"kind\": \"String\", \"label\": \"Name\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"fav\", \"kind\": \"Integer\", \"label\": \"Fav\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"One\"], [2, \"Two <2>\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"2\", \"error\": null, \"help_text\": null}]",
        "{{ form.fav.0 }}|{{ form.fav.1.label }}|{{ form.fav.1.id }}",
        "{}",
        "<input class=\"form-check-input\" type=\"radio\" id=\"id_fav-0\" name=\"fav\" required value=\"1\">|<label for=\"id_fav-1\">Two &lt;2&gt;</label>|id_fav-1",
    );
}

#[test]
fn form_loop_over_fields() {
    check_form(
        "{}",
        "[{\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"name\", \"kind\": \"String\", \"label\": \"Name\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"fav\", \"kind\": \"Integer\", \"label\": \"Fav\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"One\"], [2, \"Two <2>\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ for field in form }}<th>{{ field.label }}</th>{{ formfield field }}{{ endfor }}",
        "{}",
        "<th><label for=\"id_age\">Your age</label></th>\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_age\">Your age</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_age\" max=\"125\" min=\"13\" name=\"age\" required value=\"\">\n        </div>\n    \n    \n    \n</div><th><label for=\"id_name\">Name</label></th>\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_name\">Name</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" id=\"id_name\" name=\"name\" required value=\"\">\n        </div>\n    \n    \n    \n</div><th><label for=\"id_fav\">Fav</label></th>\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_fav\">Fav</label>\n        <div class=\"controls\">\n            <div id=\"id_fav\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_fav-0\" name=\"fav\" required value=\"1\"> <label for=\"id_fav-0\">One</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_fav-1\" name=\"fav\" required value=\"2\"> <label for=\"id_fav-1\">Two &lt;2&gt;</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn form_loop_formfield_with_label() {
    check_form(
        "{}",
        "[{\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"name\", \"kind\": \"String\", \"label\": \"Name\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"fav\", \"kind\": \"Integer\", \"label\": \"Fav\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"One\"], [2, \"Two <2>\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ for field in form }}{{ formfield field label='X' }}{{ endfor }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_age\">X</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_age\" max=\"125\" min=\"13\" name=\"age\" required value=\"\">\n        </div>\n    \n    \n    \n</div>\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_name\">X</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" id=\"id_name\" name=\"name\" required value=\"\">\n        </div>\n    \n    \n    \n</div>\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_fav\">X</label>\n        <div class=\"controls\">\n            <div id=\"id_fav\" required><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_fav-0\" name=\"fav\" required value=\"1\"> <label for=\"id_fav-0\">One</label></div><div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" id=\"id_fav-1\" name=\"fav\" required value=\"2\"> <label for=\"id_fav-1\">Two &lt;2&gt;</label></div></div>\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn form_dropdown_options_loop() {
    check_form(
        "{}",
        "[{\"name\": \"color\", \"kind\": \"String\", \"label\": \"Color\", \"widget\": \"Default\", \"choices\": [[\"r\", \"Red\"], [\"b\", \"Blue\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"b\", \"error\": null, \"help_text\": null}]",
        "{{ for o in form.color }}{{ o }}{{ endfor }}",
        "{}",
        "<option value=\"r\">Red</option><option selected value=\"b\">Blue</option>",
    );
}

#[test]
fn formfields_checkbox_and_help() {
    check_form(
        "{}",
        "[{\"name\": \"agree\", \"kind\": \"Boolean\", \"label\": \"I agree <b>really</b>\", \"widget\": \"CheckboxInput\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": \"Tick it\", \"help_text\": null}, {\"name\": \"bio\", \"kind\": \"LongString\", \"label\": \"Bio\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": true, \"value\": \"hi\", \"error\": \"Longer!\", \"help_text\": \"Say <i>something</i>\"}]",
        "{{ formfields }}",
        "{}",
        "\n<div class=\"form-check has-errors\">\n    \n      <input type=\"checkbox\" class=\"form-check-input\" id=\"id_agree\" name=\"agree\" required value=\"y\">\n      <label class=\"form-check-label\" for=\"id_agree\">\n        I agree <b>really</b>\n      </label>\n    \n    \n    \n        <div class=\"form-control-errors\">\n            Tick it<br/>\n        </div>\n    \n</div>\n<div class=\"mb-3 _formfield has-errors\">\n    \n        <label class=\"col-form-label\" for=\"id_bio\">Bio</label>\n        <div class=\"controls\">\n            <textarea class=\"form-control\" id=\"id_bio\" name=\"bio\" value=\"hi\">\r\nhi</textarea>\n        </div>\n    \n    \n        <p>\n        <small>\n            <p class=\"form-text text-muted\">Say <i>something</i></p>\n        </small>\n        </p>\n    \n    \n        <div class=\"form-control-errors\">\n            Longer!<br/>\n        </div>\n    \n</div>",
    );
}

#[test]
fn formfield_label_currency_and_none() {
    check_form(
        "{}",
        "[{\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"name\", \"kind\": \"String\", \"label\": \"Name\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"fav\", \"kind\": \"Integer\", \"label\": \"Fav\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"One\"], [2, \"Two <2>\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'name' label=c }}{{ formfield 'age' label=None }}",
        "{\"c\": {\"__cu__\": 5}}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_name\">5 points</label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" id=\"id_name\" name=\"name\" required value=\"\">\n        </div>\n    \n    \n    \n</div>\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_age\">None</label>\n        <div class=\"controls\">\n            <input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_age\" max=\"125\" min=\"13\" name=\"age\" required value=\"\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn formfield_label_empty() {
    check_form(
        "{}",
        "[{\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"name\", \"kind\": \"String\", \"label\": \"Name\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"fav\", \"kind\": \"Integer\", \"label\": \"Fav\", \"widget\": \"RadioSelect\", \"choices\": [[1, \"One\"], [2, \"Two <2>\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ formfield 'name' label='' }}",
        "{}",
        "\n<div class=\"mb-3 _formfield\">\n    \n        <label class=\"col-form-label\" for=\"id_name\"></label>\n        <div class=\"controls\">\n            <input type=\"text\" class=\"form-control\" id=\"id_name\" name=\"name\" required value=\"\">\n        </div>\n    \n    \n    \n</div>",
    );
}

#[test]
fn form_inputs_alone() {
    check_form(
        "{}",
        "[{\"name\": \"agree\", \"kind\": \"Boolean\", \"label\": \"I agree <b>really</b>\", \"widget\": \"CheckboxInput\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": true, \"error\": null, \"help_text\": null}, {\"name\": \"bio\", \"kind\": \"LongString\", \"label\": \"Bio\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": true, \"value\": \"x & y\", \"error\": null, \"help_text\": \"Say <i>something</i>\"}, {\"name\": \"hz\", \"kind\": \"String\", \"label\": \"Hz\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[\"a\", \"A <b>\"], [\"b\", \"B\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"b\", \"error\": null, \"help_text\": null}, {\"name\": \"money9\", \"kind\": \"Currency\", \"label\": \"M\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 3}, \"error\": null, \"help_text\": null}, {\"name\": \"share9\", \"kind\": \"Float\", \"label\": \"S\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ form.agree }}|{{ form.bio }}|{{ form.hz }}|{{ form.money9 }}",
        "{}",
        "<input type=\"checkbox\" class=\"form-check-input\" checked id=\"id_agree\" name=\"agree\" required value=\"y\">|<textarea class=\"form-control\" id=\"id_bio\" name=\"bio\" value=\"x &amp; y\">\r\nx &amp; y</textarea>|\n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_hz-0\" name=\"hz\" required value=\"a\">\n                <label for=\"id_hz-0\" class=\"form-check-label\">A <b></label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" checked id=\"id_hz-1\" name=\"hz\" required value=\"b\">\n                <label for=\"id_hz-1\" class=\"form-check-label\">B</label>\n            </div>\n            |<div class=\"input-group input-group-narrow\"><input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_money9\" min=\"0\" name=\"money9\" required value=\"3\"><span class=\"input-group-text\">points</span></div>",
    );
}

#[test]
fn form_horizontal_choices_loop() {
    check_form(
        "{}",
        "[{\"name\": \"agree\", \"kind\": \"Boolean\", \"label\": \"I agree <b>really</b>\", \"widget\": \"CheckboxInput\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"bio\", \"kind\": \"LongString\", \"label\": \"Bio\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": \"Say <i>something</i>\"}, {\"name\": \"hz\", \"kind\": \"String\", \"label\": \"Hz\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[\"a\", \"A <b>\"], [\"b\", \"B\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"a\", \"error\": null, \"help_text\": null}, {\"name\": \"money9\", \"kind\": \"Currency\", \"label\": \"M\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"share9\", \"kind\": \"Float\", \"label\": \"S\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ for c in form.hz }}{{ c }}|{{ c.label }}|{{ c.label.text }}|{{ c.id }}|{{ c.data }}|{{ c.checked }};{{ endfor }}",
        "{}",
        "<input class=\"form-check-input\" type=\"radio\" checked id=\"id_hz-0\" name=\"hz\" required value=\"a\">|<label for=\"id_hz-0\">A &lt;b&gt;</label>|A <b>|id_hz-0|a|1;<input class=\"form-check-input\" type=\"radio\" id=\"id_hz-1\" name=\"hz\" required value=\"b\">|<label for=\"id_hz-1\">B</label>|B|id_hz-1|b|0;",
    );
}

#[test]
fn form_data_values() {
    check_form(
        "{}",
        "[{\"name\": \"agree\", \"kind\": \"Boolean\", \"label\": \"I agree <b>really</b>\", \"widget\": \"CheckboxInput\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": \"y\", \"error\": null, \"help_text\": null}, {\"name\": \"bio\", \"kind\": \"LongString\", \"label\": \"Bio\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": true, \"value\": \"text\", \"error\": null, \"help_text\": \"Say <i>something</i>\"}, {\"name\": \"hz\", \"kind\": \"String\", \"label\": \"Hz\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[\"a\", \"A <b>\"], [\"b\", \"B\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": \"b\", \"error\": null, \"help_text\": null}, {\"name\": \"money9\", \"kind\": \"Currency\", \"label\": \"M\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": \"4.4\", \"error\": null, \"help_text\": null}, {\"name\": \"share9\", \"kind\": \"Float\", \"label\": \"S\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": \"2,5\", \"error\": null, \"help_text\": null}, {\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": \"x\", \"error\": null, \"help_text\": null}]",
        "{{ form.agree.data }}|{{ form.bio.data }}|{{ form.hz.data }}|{{ form.money9.data }}|{{ form.share9.data }}|{{ form.age.data }}",
        "{}",
        "1|text|b|4 points|2.5|None",
    );
}

#[test]
fn form_data_stored() {
    check_form(
        "{}",
        "[{\"name\": \"agree\", \"kind\": \"Boolean\", \"label\": \"I agree <b>really</b>\", \"widget\": \"CheckboxInput\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": false, \"error\": null, \"help_text\": null}, {\"name\": \"bio\", \"kind\": \"LongString\", \"label\": \"Bio\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": \"Say <i>something</i>\"}, {\"name\": \"hz\", \"kind\": \"String\", \"label\": \"Hz\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[\"a\", \"A <b>\"], [\"b\", \"B\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"money9\", \"kind\": \"Currency\", \"label\": \"M\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": {\"__cu__\": 3}, \"error\": null, \"help_text\": null}, {\"name\": \"share9\", \"kind\": \"Float\", \"label\": \"S\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": 0.5, \"error\": null, \"help_text\": null}, {\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": 33, \"error\": null, \"help_text\": null}]",
        "{{ form.agree.data }}|{{ form.bio.data }}|{{ form.hz.data }}|{{ form.money9.data }}|{{ form.share9.data }}|{{ form.age.data }}",
        "{}",
        "0|None|None|3 points|0.5|33",
    );
}

#[test]
fn form_descriptions() {
    check_form(
        "{}",
        "[{\"name\": \"agree\", \"kind\": \"Boolean\", \"label\": \"I agree <b>really</b>\", \"widget\": \"CheckboxInput\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"bio\", \"kind\": \"LongString\", \"label\": \"Bio\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": \"Say <i>something</i>\"}, {\"name\": \"hz\", \"kind\": \"String\", \"label\": \"Hz\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[\"a\", \"A <b>\"], [\"b\", \"B\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"money9\", \"kind\": \"Currency\", \"label\": \"M\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"share9\", \"kind\": \"Float\", \"label\": \"S\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ form.bio.description }}|{{ form.age.description }}|{{ form.bio.name }}|{{ form.hz.type }}|{{ form.agree.type }}|{{ form.bio.type }}",
        "{}",
        "Say <i>something</i>|None|bio|RadioFieldHorizontal|CheckboxField|TextAreaField",
    );
}

#[test]
fn form_loop_all_kinds() {
    check_form(
        "{}",
        "[{\"name\": \"agree\", \"kind\": \"Boolean\", \"label\": \"I agree <b>really</b>\", \"widget\": \"CheckboxInput\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"bio\", \"kind\": \"LongString\", \"label\": \"Bio\", \"widget\": \"Default\", \"choices\": null, \"min\": null, \"max\": null, \"blank\": true, \"value\": null, \"error\": null, \"help_text\": \"Say <i>something</i>\"}, {\"name\": \"hz\", \"kind\": \"String\", \"label\": \"Hz\", \"widget\": \"RadioSelectHorizontal\", \"choices\": [[\"a\", \"A <b>\"], [\"b\", \"B\"]], \"min\": null, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"money9\", \"kind\": \"Currency\", \"label\": \"M\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}, {\"name\": \"share9\", \"kind\": \"Float\", \"label\": \"S\", \"widget\": \"Default\", \"choices\": null, \"min\": 0, \"max\": null, \"blank\": false, \"value\": 1.25, \"error\": null, \"help_text\": null}, {\"name\": \"age\", \"kind\": \"Integer\", \"label\": \"Your age\", \"widget\": \"Default\", \"choices\": null, \"min\": 13, \"max\": 125, \"blank\": false, \"value\": null, \"error\": null, \"help_text\": null}]",
        "{{ for field in form }}{{ field.label }}={{ field }};{{ endfor }}",
        "{}",
        "<label for=\"id_agree\">I agree &lt;b&gt;really&lt;/b&gt;</label>=<input type=\"checkbox\" class=\"form-check-input\" id=\"id_agree\" name=\"agree\" required value=\"y\">;<label for=\"id_bio\">Bio</label>=<textarea class=\"form-control\" id=\"id_bio\" name=\"bio\" value=\"\">\r\n</textarea>;<label for=\"id_hz\">Hz</label>=\n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_hz-0\" name=\"hz\" required value=\"a\">\n                <label for=\"id_hz-0\" class=\"form-check-label\">A <b></label>\n            </div>\n            \n            <div class=\"form-check form-check-inline\">\n                <input class=\"form-check-input\" type=\"radio\" id=\"id_hz-1\" name=\"hz\" required value=\"b\">\n                <label for=\"id_hz-1\" class=\"form-check-label\">B</label>\n            </div>\n            ;<label for=\"id_money9\">M</label>=<div class=\"input-group input-group-narrow\"><input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_money9\" min=\"0\" name=\"money9\" required value=\"\"><span class=\"input-group-text\">points</span></div>;<label for=\"id_share9\">S</label>=<input type=\"text\" class=\"form-control\" inputmode=\"decimal\" id=\"id_share9\" min=\"0\" name=\"share9\" required value=\"1.25\">;<label for=\"id_age\">Your age</label>=<input type=\"number\" class=\"form-control\" inputmode=\"numeric\" id=\"id_age\" max=\"125\" min=\"13\" name=\"age\" required value=\"\">;",
    );
}
