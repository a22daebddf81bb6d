//! livehost's template errors: each is checked for its template, line and
//! message; where oTree 6.0.15 rejects the same template too, the line is the
//! one oTree reported (quoted above the test).
use super::check_error;

#[test]
fn formfield_without_a_field() {
    // oTree: TemplateSyntaxError: formfield tag requires the name of the field (line 4)
    check_error(
        &[(
            "app/P.html",
            "{{ block title }}T{{ endblock }}\n{{ block content }}\n<p>\n{{ formfield }}\n</p>{{ endblock }}",
            true,
        )],
        "app/P.html",
        "{}",
        true,
        "app/P.html",
        4,
        "formfield tag requires the name of the field",
    );
}

#[test]
fn formfield_with_three_arguments() {
    // oTree: TemplateSyntaxError: formfield tag takes 1 or 2 arguments, not 3. (line 3)
    check_error(
        &[(
            "app/P.html",
            "{{ block content }}\n<p>\n{{ formfield 'age' with label='Age' }}\n</p>{{ endblock }}",
            true,
        )],
        "app/P.html",
        "{}",
        true,
        "app/P.html",
        3,
        "formfield tag takes 1 or 2 arguments, not 3. Delete the keyword 'with'",
    );
}

#[test]
fn formfield_with_something_else_than_a_label() {
    // oTree: TemplateSyntaxError: Error while parsing the 'formfield' tag AssertionError (line 2)
    check_error(
        &[(
            "app/P.html",
            "{{ block content }}\n{{ formfield 'age' title='Age' }}{{ endblock }}",
            true,
        )],
        "app/P.html",
        "{}",
        true,
        "app/P.html",
        2,
        "the second argument of formfield must be label=",
    );
}

#[test]
fn formfield_errors_takes_one_argument() {
    // oTree: TemplateSyntaxError: 1 argument required (line 4)
    check_error(
        &[(
            "app/P.html",
            "{{ block title }}T{{ endblock }}\n{{ block content }}\n<p>\n{{ formfield_errors }}\n</p>{{ endblock }}",
            true,
        )],
        "app/P.html",
        "{}",
        true,
        "app/P.html",
        4,
        "1 argument required",
    );
}

#[test]
fn formfield_of_a_field_the_form_does_not_have() {
    // oTree: ValueError: Field not found in form: age (line 4)
    check_error(
        &[(
            "app/P.html",
            "{{ block title }}T{{ endblock }}\n{{ block content }}\n<p>\n{{ formfield 'age' }}\n</p>{{ endblock }}",
            true,
        )],
        "app/P.html",
        "{}",
        false,
        "app/P.html",
        4,
        "Field not found in form: 'age' (the page has no form_fields)",
    );
}

#[test]
fn formfield_errors_of_a_field_the_form_does_not_have() {
    // oTree: ValueError: Field not found in form: age (line 3)
    check_error(
        &[(
            "app/P.html",
            "{{ block content }}\n<p>\n{% formfield_errors 'age' %}\n</p>{{ endblock }}",
            true,
        )],
        "app/P.html",
        "{}",
        false,
        "app/P.html",
        3,
        "Field not found in form: 'age'",
    );
}

#[test]
fn formfield_of_a_number() {
    // oTree: TypeError: formfield argument should be a string (line 2)
    check_error(
        &[(
            "app/P.html",
            "{{ block content }}\n{{ formfield 3 }}{{ endblock }}",
            true,
        )],
        "app/P.html",
        "{}",
        false,
        "app/P.html",
        2,
        "formfield argument should be a string, e.g. {{ formfield 'contribution' }}, not a int",
    );
}

#[test]
fn refuses_url() {
    // livehost's own refusal (oTree accepts this at compile time)
    check_error(
        &[(
            "app/P.html",
            "{{ block title }}T{{ endblock }}\n{{ block content }}\n<p>\n{% url 'Home' %}\n</p>{{ endblock }}",
            true,
        )],
        "app/P.html",
        "{}",
        true,
        "app/P.html",
        4,
        "the 'url' tag is not supported by livehost yet",
    );
}

#[test]
fn refuses_back_button() {
    // livehost's own refusal (oTree accepts this at compile time)
    check_error(
        &[(
            "app/P.html",
            "{{ block title }}T{{ endblock }}\n{{ block content }}\n<p>\n{{ back_button }}\n</p>{{ endblock }}",
            true,
        )],
        "app/P.html",
        "{}",
        true,
        "app/P.html",
        4,
        "the 'back_button' tag is not supported by livehost yet",
    );
}

#[test]
fn refuses_unknown_tag() {
    // oTree: TemplateSyntaxError: Unparsable expression 'formfield_label 'x'' (line 3, in "formfield_label")
    check_error(
        &[(
            "app/P.html",
            "{% block content %}\n\n{% formfield_label 'x' %}{% endblock %}",
            true,
        )],
        "app/P.html",
        "{}",
        true,
        "app/P.html",
        3,
        "unknown tag 'formfield_label': livehost does not support it",
    );
}

#[test]
fn refuses_method_call() {
    // livehost's own refusal (oTree accepts this at compile time)
    check_error(
        &[(
            "app/P.html",
            "{% block content %}\n{{ player.total() }}{% endblock %}",
            true,
        )],
        "app/P.html",
        "{}",
        true,
        "app/P.html",
        2,
        "compute the value in vars_for_template",
    );
}

#[test]
fn refuses_method_call_with_argument() {
    // livehost's own refusal (oTree accepts this at compile time)
    check_error(
        &[(
            "app/t.html",
            "a\nb\n{% if foo.bar('x') %}{% endif %}",
            false,
        )],
        "app/t.html",
        "{}",
        true,
        "app/t.html",
        3,
        "'foo.bar('x')' calls a function or method",
    );
}

#[test]
fn unclosed_block() {
    // oTree: TemplateSyntaxError: Unexpected end of template. Was expecting a closing tag 'endblock' to close the 'block' tag opened in line 2. (line 2, in "block"
    check_error(
        &[(
            "app/P.html",
            "{% block title %}X{% endblock %}\n{% block content %}\n<p>hi</p>\n",
            true,
        )],
        "app/P.html",
        "{}",
        true,
        "app/P.html",
        2,
        "Was expecting a closing tag 'endblock' to close the 'block' tag opened in line 2",
    );
}

#[test]
fn unclosed_if_in_block() {
    // oTree: TemplateSyntaxError: Unexpected 'endblock' tag. Was expecting the following closing tag: 'endif'. (line 3, in "endblock")
    check_error(
        &[(
            "app/P.html",
            "{% block content %}\n{% if x %}\n{% endblock %}",
            true,
        )],
        "app/P.html",
        "{}",
        true,
        "app/P.html",
        3,
        "Unexpected 'endblock' tag. Was expecting the following closing tag: 'endif'",
    );
}

#[test]
fn content_outside_block() {
    // oTree: TemplateSyntaxError: All content must be inside a block tag (line 3, in "<p>stray</p>")
    check_error(
        &[(
            "app/P.html",
            "{% block title %}X{% endblock %}\n\n<p>stray</p>\n{% block content %}{% endblock %}",
            true,
        )],
        "app/P.html",
        "{}",
        true,
        "app/P.html",
        3,
        "All content must be inside a block tag",
    );
}

#[test]
fn content_outside_block_after_extends() {
    // livehost's own refusal (oTree accepts this at compile time)
    check_error(
        &[(
            "app/P.html",
            "{{ extends 'global/Page.html' }}\nhello",
            true,
        )],
        "app/P.html",
        "{}",
        true,
        "app/P.html",
        2,
        "All content must be inside a block tag",
    );
}

#[test]
fn unknown_filter() {
    // oTree: TemplateSyntaxError: Unrecognised filter name 'upper' (line 2, in "x|upper")
    check_error(
        &[("app/t.html", "line1\n{{ x|upper }}", false)],
        "app/t.html",
        "{}",
        true,
        "app/t.html",
        2,
        "Unrecognised filter name 'upper'",
    );
}

#[test]
fn unknown_filter_in_condition() {
    // oTree: TemplateSyntaxError: Unrecognised filter name 'lower' (line 1, in "if")
    check_error(
        &[("app/t.html", "{% if x|lower == 'a' %}{% endif %}", false)],
        "app/t.html",
        "{}",
        true,
        "app/t.html",
        1,
        "Unrecognised filter name 'lower'",
    );
}

#[test]
fn unclosed_comment() {
    // oTree: TemplateLexingError: Unclosed comment tag (line 2)
    check_error(
        &[("app/t.html", "a\n{# note\n\n", false)],
        "app/t.html",
        "{}",
        true,
        "app/t.html",
        2,
        "Unclosed comment tag",
    );
}

#[test]
fn unclosed_instruction() {
    // oTree: TemplateLexingError: Unclosed instruction tag (line 3)
    check_error(
        &[("app/t.html", "a\n\n{{ x \n", false)],
        "app/t.html",
        "{}",
        true,
        "app/t.html",
        3,
        "Unclosed instruction tag",
    );
}

#[test]
fn empty_instruction() {
    // oTree: TemplateSyntaxError: Empty instruction tag (line 2, in "")
    check_error(
        &[("app/t.html", "a\n{{ }}", false)],
        "app/t.html",
        "{}",
        true,
        "app/t.html",
        2,
        "Empty instruction tag",
    );
}

#[test]
fn unexpected_end_tag() {
    // oTree: TemplateSyntaxError: Unexpected tag (line 2, in "endif")
    check_error(
        &[("app/t.html", "a\n{% endif %}", false)],
        "app/t.html",
        "{}",
        true,
        "app/t.html",
        2,
        "Unexpected tag 'endif'",
    );
}

#[test]
fn else_if_instead_of_elif() {
    // oTree: TemplateSyntaxError: Invalid 'else' tag: "else if b". (line 2, in "else")
    check_error(
        &[(
            "app/t.html",
            "{% if a %}\n{% else if b %}{% endif %}",
            false,
        )],
        "app/t.html",
        "{}",
        true,
        "app/t.html",
        2,
        "Invalid 'else' tag",
    );
}

#[test]
fn unparsable_expression() {
    // oTree: TemplateSyntaxError: Unparsable expression 'a = b' (line 2, in "a")
    check_error(
        &[("app/t.html", "\n{{ a = b }}", false)],
        "app/t.html",
        "{}",
        true,
        "app/t.html",
        2,
        "Unparsable expression 'a = b'",
    );
}

#[test]
fn malformed_for() {
    // oTree: TemplateSyntaxError: Malformed tag (line 1, in "for")
    check_error(
        &[("app/t.html", "{% for x y %}{% endfor %}", false)],
        "app/t.html",
        "{}",
        true,
        "app/t.html",
        1,
        "Malformed tag",
    );
}

#[test]
fn extends_must_be_string() {
    // oTree: TemplateSyntaxError: Malformed 'extends' tag. The template name must be a string literal. (line 1, in "extends")
    check_error(
        &[("app/t.html", "{% extends base %}", false)],
        "app/t.html",
        "{}",
        true,
        "app/t.html",
        1,
        "The template name must be a string literal",
    );
}

#[test]
fn filter_argument_must_be_literal() {
    // oTree: TemplateSyntaxError: Unparsable argument 'y'. Arguments must be valid Python literals. (line 1, in "x|default(y)")
    check_error(
        &[("app/t.html", "{{ x|default(y) }}", false)],
        "app/t.html",
        "{}",
        true,
        "app/t.html",
        1,
        "Unparsable argument 'y'",
    );
}

#[test]
fn undefined_variable() {
    // oTree: UndefinedVariable: Cannot resolve the variable 'player.nme' (line 2, in "player.nme")
    check_error(
        &[("app/t.html", "a\n{{ player.nme }}", false)],
        "app/t.html",
        "{\"player\": {\"name\": \"x\"}}",
        false,
        "app/t.html",
        2,
        "Cannot resolve the variable 'player.nme'",
    );
}

#[test]
fn undefined_top_variable_in_condition() {
    // oTree: TemplateRenderingError: Error evaluating the condition in the 'if' tag (line 3, in "if") (see previous error for specific details)
    check_error(
        &[("app/t.html", "a\n\n{% if missing > 2 %}{% endif %}", false)],
        "app/t.html",
        "{}",
        false,
        "app/t.html",
        3,
        "Cannot resolve the variable 'missing'",
    );
}

#[test]
fn undefined_variable_in_include() {
    // oTree: UndefinedVariable: Cannot resolve the variable 'nope' (line 3, in "nope")
    check_error(
        &[
            ("app/t.html", "a\n{% include 'app/inc.html' %}", false),
            ("app/inc.html", "x\ny\n{{ nope }}", false),
        ],
        "app/t.html",
        "{}",
        false,
        "app/inc.html",
        3,
        "Cannot resolve the variable 'nope'",
    );
}

#[test]
fn undefined_variable_in_page_block() {
    // livehost's own refusal (oTree accepts this at compile time)
    check_error(
        &[(
            "app/P.html",
            "{% block title %}T{% endblock %}\n{% block content %}\n\n{{ C.MISSING }}\n{% endblock %}",
            true,
        )],
        "app/P.html",
        "{\"C\": {}}",
        false,
        "app/P.html",
        4,
        "Cannot resolve the variable 'C.MISSING'",
    );
}

#[test]
fn comparison_type_error() {
    // oTree: TemplateRenderingError: Error evaluating the condition in the 'if' tag (line 2, in "if") (see previous error for specific details)
    check_error(
        &[("app/t.html", "\n{% if s < 1 %}{% endif %}", false)],
        "app/t.html",
        "{\"s\": \"abc\"}",
        false,
        "app/t.html",
        2,
        "'<' not supported between instances of 'str' and 'int'",
    );
}

#[test]
fn filter_type_error() {
    // oTree: TemplateRenderingError: Error applying filter 'length' to variable (line 3, in "n|length") (see previous error for specific details)
    check_error(
        &[("app/t.html", "\n\n{{ n|length }}", false)],
        "app/t.html",
        "{\"n\": 5}",
        false,
        "app/t.html",
        3,
        "object of type 'int' has no len()",
    );
}

#[test]
fn missing_include() {
    // livehost's own refusal (oTree accepts this at compile time)
    check_error(
        &[("app/t.html", "\n{% include 'app/nope.html' %}", false)],
        "app/t.html",
        "{}",
        true,
        "app/t.html",
        2,
        "Loader cannot locate the template file 'app/nope.html'",
    );
}
