//! oTree's own output: each expected string is what oTree 6.0.15's template
//! engine rendered (run in a Python venv) for the same files, variables and
//! settings. Files marked true are page templates.
use super::check;

#[test]
fn prints_numbers_like_python() {
    check(
        &[(
            "app/t.html",
            "{{ i }}|{{ big }}|{{ neg }}|{{ f }}|{{ third }}|{{ three }}|{{ e16 }}|{{ e15 }}|{{ small }}|{{ negzero }}|{{ huge }}|{{ t }}|{{ ff }}|{{ n }}",
            false,
        )],
        "app/t.html",
        "{\"i\": 1234567, \"big\": 123456789012345678, \"neg\": -1234, \"f\": 1234.5, \"third\": 0.30000000000000004, \"three\": 3.0, \"e16\": 1e+16, \"e15\": 1000000000000000.0, \"small\": 1e-05, \"negzero\": -0.0, \"huge\": 1e+100, \"t\": true, \"ff\": false, \"n\": null}",
        "{}",
        "1234567|123456789012345678|-1234|1234.5|0.30000000000000004|3.0|1e+16|1000000000000000.0|1e-05|-0.0|1e+100|1|0|None",
    );
}

#[test]
fn prints_containers_like_python() {
    check(
        &[(
            "app/t.html",
            "{{ l }}|{{ d }}|{{ empty }}|{{ s }}|{{ q }}|{{ nested }}",
            false,
        )],
        "app/t.html",
        "{\"l\": [1, \"a'b\", 2.0, null, true, {\"__cu__\": 3}, \"é\\n\"], \"d\": {\"a\": [2], \"b\": 1}, \"empty\": {}, \"s\": \"<b>raw</b> & é\", \"q\": \"say \\\"hi\\\"\", \"nested\": [[1, [2]], {\"k\": \"v\"}]}",
        "{}",
        "[1, \"a'b\", 2.0, None, True, 3cu, 'é\\n']|{'a': [2], 'b': 1}||<b>raw</b> & é|say \"hi\"|[[1, [2]], {'k': 'v'}]",
    );
}

#[test]
fn thousand_separator_setting() {
    check(
        &[(
            "app/t.html",
            "{{ i }}|{{ f }}|{{ f|to2 }}|{{ c }}|{{ neg }}",
            false,
        )],
        "app/t.html",
        "{\"i\": 1234567, \"f\": 1234567.5, \"c\": {\"__cu__\": 1234567}, \"neg\": -1234}",
        "{\"THOUSAND_SEPARATOR\": \",\"}",
        "1,234,567|1,234,567.5|1,234,567.50|1,234,567 points|-1,234",
    );
}

#[test]
fn german_decimal_separator() {
    check(
        &[("app/t.html", "{{ i }}|{{ f }}|{{ f|to2 }}|{{ l }}", false)],
        "app/t.html",
        "{\"i\": 1234567, \"f\": 1234.5, \"l\": [1.5]}",
        "{\"LANGUAGE_CODE\": \"de\", \"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"EUR\"}",
        "1234567|1234,5|1234,50|[1.5]",
    );
}

#[test]
fn python_literals() {
    check(
        &[(
            "app/t.html",
            "{{ 'x' }}|{{ \"it's\" }}|{{ [1, 'a', 2.5] }}|{{ (1,) }}|{{ 'a', 'b' }}|{{ {'b': 1, 'a': None} }}|{{ -3 }}|{{ -2.5 }}|{{ 'a\\nb' }}|{{ None }}|{{ True }}|{{ 1_000 }}|{{ 0x1f }}|{{ .5 }}|{{ 1e3 }}|{{ r'\\d' }}|{{ 'a' 'b' }}|{{ () }}",
            false,
        )],
        "app/t.html",
        "{}",
        "{}",
        "x|it's|[1, 'a', 2.5]|(1,)|('a', 'b')|{'b': 1, 'a': None}|-3|-2.5|a\nb|None|1|1000|31|0.5|1000.0|\\d|ab|()",
    );
}

#[test]
fn or_chains_and_ternary() {
    check(
        &[(
            "app/t.html",
            "{{ a or b or 'z' }}|{{ a || b }}|{{ t ?? 'yes' :: 'no' }}|{{ a ?? 1 :: 2.5 }}|{{ b or a }}|{{ 'x or y' or a }}|{{ c or 'none' }}",
            false,
        )],
        "app/t.html",
        "{\"a\": 0, \"b\": \"\", \"t\": [1], \"c\": {\"__cu__\": 0}}",
        "{}",
        "z||yes|2.5|0|x or y|none",
    );
}

#[test]
fn filters() {
    check(
        &[(
            "app/t.html",
            "{{ s|escape }}|{{ s|safe }}|{{ n|default('d') }}|{{ 0|default(5) }}|{{ l|length }}|{{ s|length }}|{{ d|length }}|{{ 'Next'|gettext }}|{{ s|linebreaks }}|{{ s|truncate_(3) }}|{{ l|truncate_(2) }}|{{ s|escape(False) }}",
            false,
        )],
        "app/t.html",
        "{\"s\": \"<a href='x'>&\\\"é</a>\", \"n\": null, \"l\": [1, 2, 3], \"d\": {\"a\": 1}}",
        "{}",
        "&lt;a href=&#x27;x&#x27;&gt;&amp;&quot;é&lt;/a&gt;|<a href='x'>&\"é</a>|d|5|3|19|1|Next|<a href='x'>&\"é</a>|<a |[1, 2]|&lt;a href='x'&gt;&amp;\"é&lt;/a&gt;",
    );
}

#[test]
fn json_filter() {
    check(
        &[(
            "app/t.html",
            "{{ d|json }}|{{ s|json }}|{{ 3|json }}|{{ f|json }}|{{ n|json }}|{{ t|json }}|{{ c|json }}|{{ big|json }}|{{ 'x'|json }}",
            false,
        )],
        "app/t.html",
        "{\"d\": {\"a\": null, \"t\": true, \"z\": [1, 2.5, {\"__cu__\": 3}]}, \"s\": \"<a href='x'>&\\\"é\u{2028}</a>\", \"f\": 1e+100, \"n\": null, \"t\": [1.0, -0.0, 1e+16], \"c\": {\"__cu__\": 2.5}, \"big\": 12345678901234}",
        "{}",
        "{\"a\": null, \"t\": true, \"z\": [1, 2.5, 3]}|\"<a href='x'>&\\\"\\u00e9\\u2028</a>\"|3|1e+100|null|[1.0, -0.0, 1e+16]|3|12345678901234|\"x\"",
    );
}

#[test]
fn json_filter_money() {
    check(
        &[("app/t.html", "{{ c|json }}|{{ l|json }}", false)],
        "app/t.html",
        "{\"c\": {\"__cu__\": 2.5}, \"l\": [{\"__cu__\": 10}]}",
        "{\"USE_POINTS\": false}",
        "2.5|[10.0]",
    );
}

#[test]
fn to_places_filters() {
    check(
        &[(
            "app/t.html",
            "{{ 5.5|to0 }}|{{ 2.5|to0 }}|{{ 1234|to2 }}|{{ 0.125|to2 }}|{{ 2.675|to2 }}|{{ x|to1 }}|{{ x|to3 }}|{{ x|to4 }}|{{ c|to2 }}|{{ c|to0 }}|{{ neg|to1 }}|{{ t|to1 }}",
            false,
        )],
        "app/t.html",
        "{\"x\": 1.23456, \"c\": {\"__cu__\": 1234}, \"neg\": -0.05, \"t\": true}",
        "{}",
        "6|2|1234.00|0.12|2.67|1.2|1.235|1.2346|1234.00 points|1234 points|-0.1|1.0",
    );
}

#[test]
fn currency_filters() {
    check(
        &[(
            "app/t.html",
            "{{ 7|c }}|{{ 7.5|cu }}|{{ '2.5'|c }}|{{ x|c }}|{{ f|c }}|{{ c|c }}|{{ -1|c }}|{{ 1|c }}|{{ 0|c }}",
            false,
        )],
        "app/t.html",
        "{\"x\": 12, \"f\": 0.5, \"c\": {\"__cu__\": 4}}",
        "{}",
        "7 points|8 points|3 points|12 points|1 point|4 points|-1 points|1 point|0 points",
    );
}

#[test]
fn money_usd() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ a|to0 }}|{{ a|to3 }}|{{ 7|c }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}}",
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"USD\"}",
        "$1234.50|$0.01|$0.00|-$3.25|$1.00|$1234|$1234.500|$7.00",
    );
}

#[test]
fn money_eur() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ a|to0 }}|{{ a|to3 }}|{{ 7|c }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}}",
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"EUR\"}",
        "€1234.50|€0.01|€0.00|-€3.25|€1.00|€1234|€1234.500|€7.00",
    );
}

#[test]
fn money_gbp() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ a|to0 }}|{{ a|to3 }}|{{ 7|c }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}}",
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"GBP\"}",
        "£1234.50|£0.01|£0.00|-£3.25|£1.00|£1234|£1234.500|£7.00",
    );
}

#[test]
fn money_chf() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ a|to0 }}|{{ a|to3 }}|{{ 7|c }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}}",
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"CHF\"}",
        "CHF1234.50|CHF0.01|CHF0.00|-CHF3.25|CHF1.00|CHF1234|CHF1234.500|CHF7.00",
    );
}

#[test]
fn money_jpy() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ a|to0 }}|{{ a|to3 }}|{{ 7|c }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}}",
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"JPY\"}",
        "1235円|0円|0円|-3円|1円|1235円|1235.000円|7円",
    );
}

#[test]
fn money_unknown_code() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ a|to0 }}|{{ a|to3 }}|{{ 7|c }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}}",
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"XYZ\"}",
        "XYZ1234.50|XYZ0.01|XYZ0.00|-XYZ3.25|XYZ1.00|XYZ1234|XYZ1234.500|XYZ7.00",
    );
}

#[test]
fn money_eur_german() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ a|to0 }}|{{ a|to3 }}|{{ 7|c }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}}",
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"EUR\", \"LANGUAGE_CODE\": \"de\"}",
        "1234,50 €|0,01 €|0,00 €|-3,25 €|1,00 €|1234 €|1234,500 €|7,00 €",
    );
}

#[test]
fn money_eur_german_austria_lowercase() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ a|to0 }}|{{ a|to3 }}|{{ 7|c }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}}",
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"EUR\", \"LANGUAGE_CODE\": \"de-at\"}",
        "1234,50 €|0,01 €|0,00 €|-3,25 €|1,00 €|1234 €|1234,500 €|7,00 €",
    );
}

#[test]
fn money_eur_german_austria() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ a|to0 }}|{{ a|to3 }}|{{ 7|c }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}}",
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"EUR\", \"LANGUAGE_CODE\": \"de-AT\"}",
        "€ 1234,50|€ 0,01|€ 0,00|-€ 3,25|€ 1,00|€ 1234|€ 1234,500|€ 7,00",
    );
}

#[test]
fn money_chf_german() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ a|to0 }}|{{ a|to3 }}|{{ 7|c }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}}",
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"CHF\", \"LANGUAGE_CODE\": \"de\"}",
        "CHF 1234,50|CHF 0,01|CHF 0,00|-CHF 3,25|CHF 1,00|CHF 1234|CHF 1234,500|CHF 7,00",
    );
}

#[test]
fn money_jpy_japanese() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ a|to0 }}|{{ a|to3 }}|{{ 7|c }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}}",
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"JPY\", \"LANGUAGE_CODE\": \"ja\"}",
        "1235円|0円|0円|-3円|1円|1235円|1235.000円|7円",
    );
}

#[test]
fn money_unknown_language() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ a|to0 }}|{{ a|to3 }}|{{ 7|c }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}}",
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"XYZ\", \"LANGUAGE_CODE\": \"xx\"}",
        "1234,50 XYZ|0,01 XYZ|0,00 XYZ|-3,25 XYZ|1,00 XYZ|1234 XYZ|1234,500 XYZ|7,00 XYZ",
    );
}

#[test]
fn money_sek_swedish() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ a|to0 }}|{{ a|to3 }}|{{ 7|c }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}}",
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"SEK\", \"LANGUAGE_CODE\": \"sv\"}",
        "1234,50 kr|0,01 kr|0,00 kr|-3,25 kr|1,00 kr|1234 kr|1234,500 kr|7,00 kr",
    );
}

#[test]
fn money_eur_french() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ a|to0 }}|{{ a|to3 }}|{{ 7|c }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}}",
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"EUR\", \"LANGUAGE_CODE\": \"fr\"}",
        "1234,50 €|0,01 €|0,00 €|-3,25 €|1,00 €|1234 €|1234,500 €|7,00 €",
    );
}

#[test]
fn money_usd_spanish() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ a|to0 }}|{{ a|to3 }}|{{ 7|c }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}}",
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"USD\", \"LANGUAGE_CODE\": \"es\"}",
        "1234,50 $|0,01 $|0,00 $|-3,25 $|1,00 $|1234 $|1234,500 $|7,00 $",
    );
}

#[test]
fn money_eur_dutch() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ a|to0 }}|{{ a|to3 }}|{{ 7|c }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}}",
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"EUR\", \"LANGUAGE_CODE\": \"nl\"}",
        "€ 1234,50|€ 0,01|€ 0,00|-€ 3,25|€ 1,00|€ 1234|€ 1234,500|€ 7,00",
    );
}

#[test]
fn money_eur_dutch_belgium() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ a|to0 }}|{{ a|to3 }}|{{ 7|c }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}}",
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"EUR\", \"LANGUAGE_CODE\": \"nl-BE\"}",
        "1234,50 €|0,01 €|0,00 €|-3,25 €|1,00 €|1234 €|1234,500 €|7,00 €",
    );
}

#[test]
fn money_inr() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ a|to0 }}|{{ a|to3 }}|{{ 7|c }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}}",
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"INR\"}",
        "₹ 1234.50|₹ 0.01|₹ 0.00|-₹ 3.25|₹ 1.00|₹ 1234|₹ 1234.500|₹ 7.00",
    );
}

#[test]
fn money_gbp_no_decimals() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ a|to0 }}|{{ a|to3 }}|{{ 7|c }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}}",
        "{\"USE_POINTS\": false, \"REAL_WORLD_CURRENCY_CODE\": \"GBP\", \"REAL_WORLD_CURRENCY_DECIMAL_PLACES\": 0}",
        "£1235|£0|£0|-£3|£1|£1235|£1235.000|£7",
    );
}

#[test]
fn currency_points() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ half }}|{{ a|to2 }}|{{ one|to1 }}|{{ l }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}, \"half\": {\"__cu__\": 2.5}, \"l\": [{\"__cu__\": 2}]}",
        "{}",
        "1235 points|0 points|0 points|-3 points|1 point|3 points|1235.00 points|1.0 point|[2cu]",
    );
}

#[test]
fn currency_points_one_decimal() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ half }}|{{ a|to2 }}|{{ one|to1 }}|{{ l }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}, \"half\": {\"__cu__\": 2.5}, \"l\": [{\"__cu__\": 2}]}",
        "{\"POINTS_DECIMAL_PLACES\": 1}",
        "1234.5 points|0.0 points|0.0 points|-3.3 points|1.0 point|2.5 points|1234.50 points|1.0 point|[2.0cu]",
    );
}

#[test]
fn currency_points_custom_name() {
    check(
        &[(
            "app/t.html",
            "{{ a }}|{{ b }}|{{ z }}|{{ n }}|{{ one }}|{{ half }}|{{ a|to2 }}|{{ one|to1 }}|{{ l }}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"__cu__\": 1234.5}, \"b\": {\"__cu__\": 0.005}, \"z\": {\"__cu__\": 0}, \"n\": {\"__cu__\": -3.25}, \"one\": {\"__cu__\": 1}, \"half\": {\"__cu__\": 2.5}, \"l\": [{\"__cu__\": 2}]}",
        "{\"POINTS_CUSTOM_NAME\": \"tokens\"}",
        "1235 tokens|0 tokens|0 tokens|-3 tokens|1 tokens|3 tokens|1235.00 tokens|1.0 tokens|[2cu]",
    );
}

#[test]
fn if_elif_else() {
    check(
        &[(
            "app/t.html",
            "{% if a == 1 %}A{% elif a == 2 %}B{% else %}C{% endif %}|{{ if a == 3 }}A{{ elif a == 4 }}B{{ else }}C{{ endif }}|{% if not a %}N{% else %}Y{% endif %}",
            false,
        )],
        "app/t.html",
        "{\"a\": 2}",
        "{}",
        "B|C|Y",
    );
}

#[test]
fn if_branches_as_otree_splits_them() {
    check(
        &[(
            "app/t.html",
            "{% if a %}A{% else %}B{% elif 1 %}C{% endif %}|{% if not a %}N{% else %}Y{% else %}Z{% endif %}|{% elif x %}{% else %}{% empty %}",
            false,
        )],
        "app/t.html",
        "{\"a\": 2}",
        "{}",
        "AB|YZ|",
    );
}

#[test]
fn conditions() {
    check(
        &[(
            "app/t.html",
            "{% if a <= 2 and a >= 2 or x %}1{% endif %}{% if x or a and n %}2{% endif %}{% if not a == 3 %}3{% endif %}{% if a != 2 %}no{% endif %}{% if 'b' in s %}4{% endif %}{% if 'x' not in d %}5{% endif %}{% if 'y' in d %}6{% endif %}{% if 2 in l %}7{% endif %}{% if a in l %}8{% endif %}{% if s < 'abd' %}9{% endif %}{% if l == [1, 2] %}10{% endif %}{% if n == None %}11{% endif %}{% if a > 1.5 %}12{% endif %}{% if 1 == 1.0 %}13{% endif %}{% if True == 1 %}14{% endif %}{% if e %}no{% endif %}{% if l|length > 1 %}15{% endif %}",
            false,
        )],
        "app/t.html",
        "{\"a\": 2, \"x\": 0, \"s\": \"abc\", \"d\": {\"y\": 1}, \"l\": [1, 2], \"n\": null, \"e\": []}",
        "{}",
        "13456789101112131415",
    );
}

#[test]
fn currency_comparisons() {
    check(
        &[(
            "app/t.html",
            "{% if c == 5.4 %}eq{% endif %}|{% if c != 5.4 %}ne{% endif %}|{% if c < 5.4 %}lt{% endif %}|{% if 5.4 == c %}req{% endif %}|{% if c in l %}in{% endif %}|{% if c == 5 %}eq5{% endif %}|{% if c %}t{% endif %}|{% if z %}z{% else %}nz{% endif %}|{% if c > z %}gt{% endif %}|{% if m < 0.1 %}exact{% endif %}",
            false,
        )],
        "app/t.html",
        "{\"c\": {\"__cu__\": 5}, \"l\": [5], \"z\": {\"__cu__\": 0}, \"m\": {\"__cu__\": 0.1}}",
        "{\"USE_POINTS\": false}",
        "|ne|lt||in|eq5|t|nz|gt|exact",
    );
}

#[test]
fn for_loops() {
    check(
        &[(
            "app/t.html",
            "{% for x in l %}{{ forloop.counter }}:{{ x }},{% endfor %}|{% for a, b in d.items %}{{ forloop.counter0 }}{{ a }}={{ b }};{% empty %}none{% endfor %}|{% for x in e %}{{ x }}{% empty %}none{% endfor %}|{% for k in d %}{{ k }}{% endfor %}|{% for ch in s %}{{ ch }},{% endfor %}|{% for x in n %}{{ x }}{% empty %}nothing{% endfor %}|{% for a, b in pairs %}{{ a }}{{ b }}{% endfor %}|{% for x in l %}{% for y in l %}{{ forloop.counter }}{% endfor %}{{ forloop.counter }}{% endfor %}|{{ d.keys }}|{{ d.values }}",
            false,
        )],
        "app/t.html",
        "{\"l\": [7, 8], \"d\": {\"a\": 1, \"b\": 2}, \"e\": [], \"s\": \"hé\", \"n\": null, \"pairs\": [[1, 2], [3, 4]]}",
        "{}",
        "1:7,2:8,|0a=1;1b=2;|none|ab|h,é,|nothing|1234|121122|dict_keys(['a', 'b'])|dict_values([1, 2])",
    );
}

#[test]
fn dotted_lookups() {
    check(
        &[(
            "app/t.html",
            "{{ l.1 }}|{{ s.0 }}|{{ d.a.b }}|{{ d.a.l.0 }}|{{ num.1 }}|{{ C.NAME }}|{{ player.payoff }}",
            false,
        )],
        "app/t.html",
        "{\"l\": [5, 6], \"s\": \"héllo\", \"d\": {\"a\": {\"b\": \"deep\", \"l\": [9]}}, \"num\": {\"1\": \"one\"}, \"C\": {\"NAME\": \"Trust\"}, \"player\": {\"payoff\": {\"__cu__\": 12}}}",
        "{}",
        "6|h|deep|9|one|Trust|12 points",
    );
}

#[test]
fn with_and_includes() {
    check(
        &[
            (
                "app/t.html",
                "{% with x = a.b %}{{ x }}{% endwith %}|{% include 'app/inc.html' with p=1 & q='z' %}|{% include_sibling 'inc.html' %}|{% for i in l %}{% include 'app/loop.html' %}{% endfor %}|{{ include 'other/x.html' }}",
                false,
            ),
            ("app/inc.html", "[{{ p }}{{ q }}]", false),
            ("app/loop.html", "<{{ forloop.counter }}{{ i }}>", false),
            ("other/x.html", "x{{ a.b }}", false),
        ],
        "app/t.html",
        "{\"a\": {\"b\": 7}, \"p\": 0, \"q\": 0, \"l\": [8, 9]}",
        "{}",
        "7|[1z]|[00]|<18><29>|x7",
    );
}

#[test]
fn small_tags() {
    check(
        &[(
            "app/t.html",
            "{{ next_button }}|{% load otree static %}|{% trans 'Hi' %}|{{ trans \"Yo\" }}|{% blocktrans %}x{{ y }}{% endblocktrans %}|{% comment %}hidden {{ y }} {% formfield x %}{% endcomment %}|{{ ibis_tag_lvar }}{{ ibis_tag_rvar }}{{ ibis_tag_lblock }}{{ ibis_tag_rblock }}|{# note #}|{%next_button%}",
            false,
        )],
        "app/t.html",
        "{\"y\": 3}",
        "{}",
        "\n        <p>\n            <button class=\"otree-btn-next btn btn-primary\">Next</button>\n        </p>\n        ||Hi|Yo|x3||{{}}{%%}||\n        <p>\n            <button class=\"otree-btn-next btn btn-primary\">Next</button>\n        </p>\n        ",
    );
}

#[test]
fn mixed_delimiters() {
    check(
        &[(
            "app/t.html",
            "{{ x %}|{% x }}|{{ if x }}a{% endif }}|{{ '}' }}|{ {{ x }} }|a{",
            false,
        )],
        "app/t.html",
        "{\"x\": 1}",
        "{}",
        "1|1|a|}|{ 1 }|a{",
    );
}

#[test]
fn builtins() {
    check(
        &[(
            "app/t.html",
            "{% for i in range(3) %}{{ i }}{% endfor %}|{% if is_defined('a.b') %}yes{% endif %}|{% if is_defined('a.c') %}no{% endif %}|{% if is_defined('zz') %}no{% endif %}",
            false,
        )],
        "app/t.html",
        "{\"a\": {\"b\": 1}}",
        "{}",
        "012|yes||",
    );
}

#[test]
fn page_blocks_and_text_outside_blocks() {
    check(
        &[
            (
                "lay/L.html",
                "<html>{% block title %}T{% endblock %}|{% block content %}{% endblock %}|{% block scripts %}{% endblock %}</html>\n",
                false,
            ),
            (
                "app/P.html",
                "{% extends 'lay/L.html' %}\n{% block title %}X{{ super() }}{% endblock %}\n{% block content %}Y{{ v }}{% endblock %}\n{% block extra %}E{% endblock %}\n{{ v }}\n",
                true,
            ),
        ],
        "app/P.html",
        "{\"v\": 5}",
        "{}",
        "<html>XT|Y5|</html>\n\n\n\nE\n5\n",
    );
}

#[test]
fn page_otree5_spelling() {
    check(
        &[
            (
                "lay/L.html",
                "<html>{% block title %}T{% endblock %}|{% block content %}{% endblock %}|{% block scripts %}{% endblock %}</html>\n",
                false,
            ),
            (
                "app/P.html",
                "{{ extends 'lay/L.html' }}\n{{ block title }}Hello{{ endblock }}\n{{ block content }}\n<p>{{ player.name }}</p>\n{{ next_button }}\n{{ endblock }}\n",
                true,
            ),
        ],
        "app/P.html",
        "{\"player\": {\"name\": \"Ann\"}}",
        "{}",
        "<html>Hello|\n<p>Ann</p>\n\n        <p>\n            <button class=\"otree-btn-next btn btn-primary\">Next</button>\n        </p>\n        \n|</html>\n\n\n\n",
    );
}

#[test]
fn base_template_chain() {
    check(
        &[
            (
                "lay/L.html",
                "<html>{% block title %}T{% endblock %}|{% block content %}{% endblock %}|{% block scripts %}{% endblock %}</html>\n",
                false,
            ),
            (
                "app/Base.html",
                "{% extends 'lay/L.html' %}\n{% block content %}[{% block inner %}base{% endblock %}]{% endblock %}\n{% block foot %}F{% endblock %}\n",
                false,
            ),
            (
                "app/P.html",
                "{% extends 'app/Base.html' %}\n{% block inner %}page{{ super() }}{% endblock %}\n{% block scripts %}<script>1</script>{% endblock %}\n{% block foot %}G{% endblock %}",
                true,
            ),
        ],
        "app/P.html",
        "{}",
        "{}",
        "<html>T|[pagebase]|<script>1</script></html>\n\n\nG\n\n\n\n",
    );
}

#[test]
fn non_page_text_before_extends() {
    check(
        &[
            (
                "lay/L.html",
                "<html>{% block title %}T{% endblock %}|{% block content %}{% endblock %}|{% block scripts %}{% endblock %}</html>\n",
                false,
            ),
            (
                "app/X.html",
                "lead\n{% extends 'lay/L.html' %}{% block content %}C{% endblock %}tail",
                false,
            ),
        ],
        "app/X.html",
        "{}",
        "{}",
        "lead\n<html>T|C|</html>\ntail",
    );
}

#[test]
fn tags_spanning_lines_and_quoted_keywords() {
    check(
        &[(
            "app/t.html",
            "{{\n  player.name\n}}|{% if s == 'a or b' %}1{% endif %}|{% if s == 'x and y' or t %}2{% endif %}|{% if 'b' in 'abc' %}3{% endif %}|{% if x > -1 %}4{% endif %}|{{ a ?? b|c :: 'x' }}|{{ z|default('none') }}",
            false,
        )],
        "app/t.html",
        "{\"player\": {\"name\": \"Ann\"}, \"s\": \"a or b\", \"t\": 1, \"x\": 0, \"a\": 1, \"b\": 2.5, \"z\": {\"__cu__\": 0}}",
        "{}",
        "Ann|1|2|3|4|3 points|none",
    );
}

#[test]
fn python_reprs() {
    check(
        &[("app/t.html", "{{ l }}|{{ d }}|{{ 'a\"b' }}|{{ t }}", false)],
        "app/t.html",
        "{\"l\": [\"a\\\"b'c\", \"tab\\there\", \"back\\\\slash\", \"é x\", 1e-07, -2.5e+20], \"d\": {\"ké\": {\"__cu__\": 3}, \"n\": [null]}, \"t\": \"x y\"}",
        "{}",
        "['a\"b\\'c', 'tab\\there', 'back\\\\slash', 'é\\xa0x', 1e-07, -2.5e+20]|{'ké': 3cu, 'n': [None]}|a\"b|x y",
    );
}

#[test]
fn page_with_include_and_nested_blocks() {
    check(
        &[
            (
                "lay/L.html",
                "<html>{% block title %}T{% endblock %}|{% block content %}{% endblock %}|{% block scripts %}{% endblock %}</html>\n",
                false,
            ),
            (
                "app/P.html",
                "{% extends 'lay/L.html' %}\n{% block content %}<{% include 'app/part.html' %}{% block inner %}I{% endblock %}>{% endblock %}\n\n{% if show %}\n{% endif %}\n",
                true,
            ),
            ("app/part.html", "part {{ x|to2 }}{{ next_button }}", false),
        ],
        "app/P.html",
        "{\"x\": {\"__cu__\": 3}, \"show\": true}",
        "{}",
        "<html>T|<part 3.00 points\n        <p>\n            <button class=\"otree-btn-next btn btn-primary\">Next</button>\n        </p>\n        I>|</html>\n\n\n\n\n\n",
    );
}

#[test]
fn text_ending_in_brace_after_extends() {
    check(
        &[
            (
                "lay/L.html",
                "<html>{% block title %}T{% endblock %}|{% block content %}{% endblock %}|{% block scripts %}{% endblock %}</html>\n",
                false,
            ),
            (
                "app/X.html",
                "{% extends 'lay/L.html' %}{% block content %}C{% endblock %}x{",
                false,
            ),
        ],
        "app/X.html",
        "{}",
        "{}",
        "<html>T|C|</html>\nx{",
    );
}

#[test]
fn with_currency_and_loops_over_currency() {
    check(
        &[(
            "app/t.html",
            "{% with total = player.payoff %}{{ total|to2 }} {{ total|c }}{% endwith %}|{% for k, v in pay.items %}{{ k }}:{{ v }};{% endfor %}|{{ pay.a|json }}",
            false,
        )],
        "app/t.html",
        "{\"player\": {\"payoff\": {\"__cu__\": 12}}, \"pay\": {\"a\": {\"__cu__\": 1}, \"b\": {\"__cu__\": 2.5}}}",
        "{}",
        "12.00 points 12 points|a:1 point;b:3 points;|1",
    );
}
