//! Writing an oTree tag tree as a minijinja template.
//!
//! Most tags map one to one (`{% if %}`, `{% for %}`, `{% with %}`,
//! `{% block %}`, `{% include %}`). Where oTree's meaning differs from
//! minijinja's, the translation calls helpers registered in the environment:
//! comparisons (`py_eq(a, b)`, `py_in(a, b)`, ...) follow Python, `forloop`
//! is set in every loop, dict literals become `py_dict([...])`.
//!
//! Inheritance follows oTree too: in a template that extends another,
//! whatever is outside the parent's blocks (even whitespace, and blocks the
//! parent does not have) is printed after the parent's output. The
//! translation gathers it into a block `__otree_tail` that the host's layout
//! ends with (and text before a non-page template's `extends` into
//! `__otree_head`, which it starts with).
//!
//! Every line of the output maps back to a line of the original, so errors
//! name the line the author wrote.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use super::expr::{Condition, Expr, Lit, Primary, PrintExpr};
use super::parse::{For, If, Node, Otherwise, Src, SyntaxError, Unsupported};

/// The host's layout, as templates name it.
pub(crate) const LAYOUT: &str = "otree/Page.html";
/// The block the layout starts with: text before a non-page template's `extends`.
pub(crate) const HEAD_BLOCK: &str = "__otree_head";
/// The block the layout ends with: what a child template has outside the parent's blocks.
pub(crate) const TAIL_BLOCK: &str = "__otree_tail";

/// The layout names that mean the host's layout unless the project has its own.
const GLOBAL_LAYOUTS: [&str; 2] = ["global/Page.html", "global/Base.html"];

/// The marker oTree's `next_button` tag prints (its exact whitespace).
const NEXT_BUTTON: &str = "\n        <p>\n            <button class=\"otree-btn-next btn btn-primary\">Next</button>\n        </p>\n        ";

/// Words a template variable cannot be called in minijinja.
const RESERVED: [&str; 17] = [
    "loop",
    "super",
    "self",
    "true",
    "false",
    "none",
    "and",
    "or",
    "not",
    "in",
    "is",
    "if",
    "else",
    "recursive",
    "varargs",
    "kwargs",
    "caller",
];

/// A minijinja template written from an oTree one, with its line map.
#[derive(Debug, Default)]
pub(crate) struct Translated {
    pub source: String,
    /// `lines[i]` is the original line of generated line `i + 1`.
    pub lines: Vec<usize>,
}

impl Translated {
    fn new() -> Translated {
        Translated {
            source: String::new(),
            lines: vec![1],
        }
    }

    /// The current output line comes from `line` of the original.
    fn set_last_line(&mut self, line: usize) {
        match self.lines.last_mut() {
            Some(last) => *last = line,
            None => self.lines.push(line),
        }
    }

    fn at_line_start(&self) -> bool {
        self.source.is_empty() || self.source.ends_with('\n')
    }

    /// Copies template text, which starts at `line` of the original.
    fn text(&mut self, text: &str, mut line: usize) {
        if self.at_line_start() {
            self.set_last_line(line);
        }
        for c in text.chars() {
            self.source.push(c);
            if c == '\n' {
                line += 1;
                self.lines.push(line);
            }
        }
    }

    /// Writes a tag (`{{ ... }}` or `{% ... %}`, one line) for `line` of the
    /// original. If the current output line belongs to another original
    /// line, the tag's content starts a new output line, so that errors in it
    /// point at `line`.
    fn tag(&mut self, code: &str, line: usize) {
        if self.source.ends_with('{') {
            // A text ending in "{" would join the tag's opening braces.
            self.source.pop();
            self.source.push_str("{{ \"{\" }}");
        }
        if self.at_line_start() {
            self.set_last_line(line);
            self.source.push_str(code);
        } else if self.lines.last() == Some(&line) {
            self.source.push_str(code);
        } else {
            self.source.push_str(&code[..2]);
            self.source.push('\n');
            self.lines.push(line);
            self.source.push_str(&code[2..]);
        }
    }
}

/// What the translation needs to know about the other templates.
pub(crate) struct TemplateSet<'a> {
    /// Every experiment template: is it a page, and its tree.
    pub templates: HashMap<&'a str, (bool, &'a [Node])>,
    /// The block names of the host's layout.
    pub layout_blocks: HashSet<String>,
}

impl TemplateSet<'_> {
    /// The template an `extends` (or a page's implicit parent) names.
    pub fn resolve_parent(&self, target: &str, line: usize) -> Result<String, SyntaxError> {
        if target == LAYOUT {
            return Ok(LAYOUT.to_string());
        }
        if self.templates.contains_key(target) {
            return Ok(target.to_string());
        }
        if GLOBAL_LAYOUTS.contains(&target) {
            return Ok(LAYOUT.to_string());
        }
        Err(SyntaxError {
            line,
            message: format!(
                "extends '{target}', which is not one of the experiment's templates. Use \
                 {{{{ extends \"global/Page.html\" }}}} (or leave extends out) for the standard page"
            ),
        })
    }

    /// The parent of a template, if it has one (pages always do).
    pub fn parent_of(&self, name: &str) -> Result<Option<String>, SyntaxError> {
        let Some(&(is_page, nodes)) = self.templates.get(name) else {
            return Ok(None);
        };
        for n in nodes {
            if let Node::Extends { target, src } = n {
                return self.resolve_parent(target, src.line).map(Some);
            }
        }
        if is_page {
            return self.resolve_parent(LAYOUT, 1).map(Some);
        }
        Ok(None)
    }

    /// All block names of a template and the templates it extends.
    fn chain_blocks(&self, name: &str) -> Result<HashSet<String>, SyntaxError> {
        let mut names = HashSet::new();
        let mut seen = vec![];
        let mut current = Some(name.to_string());
        while let Some(n) = current {
            if seen.contains(&n) {
                return Err(SyntaxError {
                    line: 1,
                    message: format!(
                        "the templates extend each other in a circle: {}",
                        seen.join(" → ")
                    ),
                });
            }
            if n == LAYOUT {
                names.extend(self.layout_blocks.iter().cloned());
                break;
            }
            if let Some((_, nodes)) = self.templates.get(n.as_str()) {
                collect_blocks(nodes, &mut |name, _| {
                    names.insert(name.to_string());
                });
            }
            current = self.parent_of(&n)?;
            seen.push(n);
        }
        Ok(names)
    }

    fn is_extended(&self, name: &str) -> bool {
        self.templates
            .keys()
            .any(|t| *t != name && self.parent_of(t).ok().flatten().as_deref() == Some(name))
    }
}

fn collect_blocks<'n>(nodes: &'n [Node], f: &mut dyn FnMut(&'n str, &'n Src)) {
    for n in nodes {
        match n {
            Node::Block {
                name, body, src, ..
            } => {
                f(name, src);
                collect_blocks(body, f);
            }
            Node::If(i) => collect_if_blocks(i, f),
            Node::For(fr) => {
                collect_blocks(&fr.body, f);
                if let Some((e, _)) = &fr.empty {
                    collect_blocks(e, f);
                }
            }
            Node::With { body, .. } | Node::BlockTrans { body } => collect_blocks(body, f),
            _ => {}
        }
    }
}

fn collect_if_blocks<'n>(i: &'n If, f: &mut dyn FnMut(&'n str, &'n Src)) {
    collect_blocks(&i.then, f);
    match &i.otherwise {
        Otherwise::None => {}
        Otherwise::Elif(e) => collect_if_blocks(e, f),
        Otherwise::Else { body, .. } => collect_blocks(body, f),
    }
}

fn syntax(line: usize, message: impl Into<String>) -> SyntaxError {
    SyntaxError {
        line,
        message: message.into(),
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A name the template introduces or reads (variable, loop variable, alias).
fn check_name(name: &str, line: usize, what: &str) -> Result<(), SyntaxError> {
    if !is_identifier(name) {
        return Err(syntax(
            line,
            format!(
                "livehost cannot use '{name}' as {what}: use a name of ASCII letters, digits and _"
            ),
        ));
    }
    if RESERVED.contains(&name) || name.starts_with("_livehost") || name.starts_with("__otree") {
        return Err(syntax(
            line,
            format!(
                "livehost cannot use '{name}' as {what}: the name is reserved by its template \
                 engine. Rename it (in vars_for_template too, if it comes from there)"
            ),
        ));
    }
    Ok(())
}

/// A minijinja string literal.
pub(crate) fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn lit_code(l: &Lit, line: usize) -> Result<String, SyntaxError> {
    Ok(match l {
        Lit::None => "none".into(),
        Lit::Bool(b) => b.to_string(),
        Lit::Int(i) if *i < 0 => format!("({i})"),
        Lit::Int(i) => i.to_string(),
        Lit::Float(f) => {
            let s = if f.is_infinite() {
                "1e999".to_string()
            } else {
                format!("{:?}", f.abs())
            };
            if f.is_sign_negative() {
                format!("(-{s})")
            } else {
                s
            }
        }
        Lit::Str(s) => string_literal(s),
        Lit::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| lit_code(i, line))
                .collect::<Result<Vec<_>, _>>()?
                .join(", ")
        ),
        Lit::Tuple(items) => {
            let inner = items
                .iter()
                .map(|i| lit_code(i, line))
                .collect::<Result<Vec<_>, _>>()?;
            match inner.len() {
                0 => "py_tuple([])".into(),
                _ => format!("py_tuple([{}])", inner.join(", ")),
            }
        }
        Lit::Dict(pairs) => {
            let mut parts = vec![];
            for (k, v) in pairs {
                let Lit::Str(k) = k else {
                    return Err(syntax(
                        line,
                        "livehost supports dict literals with string keys only; write the keys in quotes",
                    ));
                };
                parts.push(format!("[{}, {}]", string_literal(k), lit_code(v, line)?));
            }
            format!("py_dict([{}])", parts.join(", "))
        }
        Lit::Unsupported(what) => {
            return Err(syntax(
                line,
                format!(
                    "livehost does not support {what} literals in templates; pass the value from vars_for_template"
                ),
            ));
        }
    })
}

fn var_code(words: &[String], line: usize) -> Result<String, SyntaxError> {
    let dotted = words.join(".");
    if words.iter().any(|w| w.is_empty()) {
        return Err(syntax(line, format!("Unparsable expression '{dotted}'")));
    }
    let first = &words[0];
    if first.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return Err(syntax(
            line,
            format!("Unparsable expression '{dotted}': a name cannot start with a digit"),
        ));
    }
    check_name(first, line, "a variable name")?;
    let mut code = first.clone();
    for w in &words[1..] {
        if w.bytes().all(|b| b.is_ascii_digit()) {
            let _ = write!(code, "[{w}]");
        } else if is_identifier(w) {
            let _ = write!(code, ".{w}");
        } else {
            let _ = write!(code, "[{}]", string_literal(w));
        }
    }
    Ok(code)
}

fn expr_code(e: &Expr, line: usize) -> Result<String, SyntaxError> {
    let mut code = match &e.primary {
        Primary::Lit(l) => lit_code(l, line)?,
        Primary::Var(words) => var_code(words, line)?,
        Primary::Super => "super()".into(),
        Primary::Range(args) => format!(
            "range({})",
            args.iter()
                .map(|a| lit_code(a, line))
                .collect::<Result<Vec<_>, _>>()?
                .join(", ")
        ),
        Primary::IsDefined(path) => format!("is_defined({})", string_literal(path)),
    };
    for f in &e.filters {
        code.push('|');
        code.push_str(&f.name);
        if !f.args.is_empty() {
            let args = f
                .args
                .iter()
                .map(|a| lit_code(a, line))
                .collect::<Result<Vec<_>, _>>()?;
            let _ = write!(code, "({})", args.join(", "));
        }
    }
    Ok(code)
}

fn print_code(p: &PrintExpr, line: usize) -> Result<String, SyntaxError> {
    Ok(match p {
        PrintExpr::Or(exprs) => exprs
            .iter()
            .map(|e| expr_code(e, line))
            .collect::<Result<Vec<_>, _>>()?
            .join(" or "),
        PrintExpr::Ternary(t, a, b) => format!(
            "({} if {} else {})",
            expr_code(a, line)?,
            expr_code(t, line)?,
            expr_code(b, line)?
        ),
    })
}

fn condition_code(c: &Condition, line: usize) -> Result<String, SyntaxError> {
    let mut groups = vec![];
    for group in c {
        let mut conds = vec![];
        for cond in group {
            let lhs = expr_code(&cond.lhs, line)?;
            let base = match &cond.op {
                None => lhs,
                Some((op, rhs)) => format!("{}({lhs}, {})", op.function(), expr_code(rhs, line)?),
            };
            conds.push(if cond.negated {
                format!("not ({base})")
            } else {
                base
            });
        }
        groups.push(conds);
    }
    let many = groups.len() > 1;
    Ok(groups
        .into_iter()
        .map(|g| {
            if many && g.len() > 1 {
                format!("({})", g.join(" and "))
            } else {
                g.join(" and ")
            }
        })
        .collect::<Vec<_>>()
        .join(" or "))
}

/// The refusal of a tag livehost does not have yet. One arm per tag, so
/// each can be replaced when the tag is implemented.
fn refuse(tag: Unsupported, src: &Src) -> SyntaxError {
    let (name, what) = match tag {
        Unsupported::Url => ("url", "it would give the address of an oTree view"),
        Unsupported::BackButton => ("back_button", "it would show oTree's back button"),
    };
    syntax(
        src.line,
        format!(
            "the '{name}' tag is not supported by livehost yet ({what}); remove it from the template for now"
        ),
    )
}

/// Translates one template.
struct Writer<'a> {
    name: &'a str,
    set: &'a TemplateSet<'a>,
    out: Translated,
}

impl Writer<'_> {
    fn nodes(&mut self, nodes: &[Node]) -> Result<(), SyntaxError> {
        for n in nodes {
            self.node(n)?;
        }
        Ok(())
    }

    fn node(&mut self, n: &Node) -> Result<(), SyntaxError> {
        match n {
            Node::Text { text, line } => self.out.text(text, *line),
            Node::Print { expr, src } => {
                let code = print_code(expr, src.line)?;
                self.out.tag(&format!("{{{{ {code} }}}}"), src.line);
            }
            Node::If(i) => {
                self.if_node(i, "if")?;
                self.out.tag("{% endif %}", i.end_line);
            }
            Node::For(f) => self.for_node(f)?,
            Node::With {
                alias,
                expr,
                body,
                src,
                end_line,
            } => {
                check_name(alias, src.line, "the name in a with tag")?;
                let code = expr_code(expr, src.line)?;
                self.out
                    .tag(&format!("{{% with {alias} = {code} %}}"), src.line);
                self.nodes(body)?;
                self.out.tag("{% endwith %}", *end_line);
            }
            Node::Block {
                name,
                body,
                src,
                end_line,
            } => {
                self.out.tag(&format!("{{% block {name} %}}"), src.line);
                self.nodes(body)?;
                self.out.tag("{% endblock %}", *end_line);
            }
            Node::Include {
                sibling,
                target,
                vars,
                src,
            } => self.include(*sibling, target, vars, src)?,
            Node::Extends { src, .. } => {
                return Err(syntax(
                    src.line,
                    "a template extends at most one other template, with one extends tag at its top \
                     (outside blocks): remove or move this one",
                ));
            }
            Node::Comment | Node::Nothing => {}
            Node::BlockTrans { body } => self.nodes(body)?,
            Node::NextButton { src } => {
                self.out.tag(
                    &format!("{{{{ {} }}}}", string_literal(NEXT_BUTTON)),
                    src.line,
                );
            }
            Node::Trans { expr, src } => {
                let code = expr_code(expr, src.line)?;
                self.out.tag(&format!("{{{{ {code} }}}}"), src.line);
            }
            Node::Fixed { text, src } => {
                self.out
                    .tag(&format!("{{{{ {} }}}}", string_literal(text)), src.line);
            }
            Node::FormFields { src } => {
                self.out.tag("{{ __otree_formfields() }}", src.line);
            }
            Node::FormField { field, label, src } => {
                let mut code = expr_code(field, src.line)?;
                if let Some(label) = label {
                    code.push_str(", ");
                    code.push_str(&expr_code(label, src.line)?);
                }
                self.out
                    .tag(&format!("{{{{ __otree_formfield({code}) }}}}"), src.line);
            }
            Node::FormFieldErrors { field, src } => {
                let code = expr_code(field, src.line)?;
                self.out.tag(
                    &format!("{{{{ __otree_formfield_errors({code}) }}}}"),
                    src.line,
                );
            }
            Node::Static { path, src } => {
                let code = expr_code(path, src.line)?;
                self.out.tag(
                    &format!("{{{{ _livehost.static_base ~ ({code}) }}}}"),
                    src.line,
                );
            }
            Node::Chat {
                channel,
                nickname,
                src,
            } => {
                let arg = |e: &Option<_>| match e {
                    Some(e) => expr_code(e, src.line),
                    None => Ok("none".to_string()),
                };
                let (channel, nickname) = (arg(channel)?, arg(nickname)?);
                self.out.tag(
                    &format!("{{{{ __otree_chat({channel}, {nickname}) }}}}"),
                    src.line,
                );
            }
            Node::Unsupported { tag, src } => return Err(refuse(*tag, src)),
        }
        Ok(())
    }

    fn if_node(&mut self, i: &If, keyword: &str) -> Result<(), SyntaxError> {
        let cond = condition_code(&i.cond, i.src.line)?;
        self.out
            .tag(&format!("{{% {keyword} {cond} %}}"), i.src.line);
        self.nodes(&i.then)?;
        match &i.otherwise {
            Otherwise::None => {}
            Otherwise::Elif(e) => self.if_node(e, "elif")?,
            Otherwise::Else { body, line } => {
                self.out.tag("{% else %}", *line);
                self.nodes(body)?;
            }
        }
        Ok(())
    }

    fn for_node(&mut self, f: &For) -> Result<(), SyntaxError> {
        for v in &f.vars {
            check_name(v, f.src.line, "a loop variable")?;
        }
        let code = expr_code(&f.expr, f.src.line)?;
        self.out.tag(
            &format!(
                "{{% for {} in {code} %}}{{% set forloop = {{\"counter0\": loop.index0, \"counter\": loop.index}} %}}",
                f.vars.join(", ")
            ),
            f.src.line,
        );
        self.nodes(&f.body)?;
        if let Some((empty, line)) = &f.empty {
            self.out.tag("{% else %}", *line);
            self.nodes(empty)?;
        }
        self.out.tag("{% endfor %}", f.end_line);
        Ok(())
    }

    fn include(
        &mut self,
        sibling: bool,
        target: &Expr,
        vars: &[(String, Expr)],
        src: &Src,
    ) -> Result<(), SyntaxError> {
        let tag = if sibling {
            "include_sibling"
        } else {
            "include"
        };
        let target_code = match (&target.primary, target.filters.is_empty()) {
            (Primary::Lit(Lit::Str(name)), true) => {
                let path = if sibling {
                    if name.contains('/') {
                        return Err(syntax(
                            src.line,
                            "Argument to 'include_sibling' must be a file name with no path parts",
                        ));
                    }
                    match self.name.rsplit_once('/') {
                        Some((dir, _)) => format!("{dir}/{name}"),
                        None => name.clone(),
                    }
                } else {
                    name.clone()
                };
                if !self.set.templates.contains_key(path.as_str()) {
                    return Err(syntax(
                        src.line,
                        format!(
                            "Loader cannot locate the template file '{path}'. Ensure that the template \
                             exists and that you used the syntax {{{{ include_sibling 'xyz.html' }}}} \
                             or {{{{ include 'my_app/xyz.html' }}}}"
                        ),
                    ));
                }
                string_literal(&path)
            }
            _ if sibling => {
                return Err(syntax(
                    src.line,
                    "livehost needs the file name of include_sibling written as a string, e.g. {{ include_sibling 'xyz.html' }}",
                ));
            }
            _ => expr_code(target, src.line)?,
        };
        for (name, e) in vars {
            check_name(name, src.line, &format!("a variable passed by {tag}"))?;
            let code = expr_code(e, src.line)?;
            self.out
                .tag(&format!("{{% with {name} = {code} %}}"), src.line);
        }
        self.out
            .tag(&format!("{{% include {target_code} %}}"), src.line);
        for _ in vars {
            self.out.tag("{% endwith %}", src.line);
        }
        Ok(())
    }
}

/// Translates template `name` (a page template if `is_page`).
pub(crate) fn translate(
    name: &str,
    nodes: &[Node],
    set: &TemplateSet,
) -> Result<Translated, SyntaxError> {
    // Block names: identifiers, each defined once.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut problem = None;
    collect_blocks(nodes, &mut |block, src| {
        if problem.is_some() {
            return;
        }
        if block.is_empty() {
            problem = Some(syntax(
                src.line,
                "a block needs a name, e.g. {{ block content }}",
            ));
        } else if !is_identifier(block) || block.starts_with("__otree") {
            problem = Some(syntax(
                src.line,
                format!(
                    "livehost cannot use '{block}' as a block name: use a name of ASCII letters, digits and _"
                ),
            ));
        } else if let Some(first) = seen.insert(block, src.line) {
            problem = Some(syntax(
                src.line,
                format!(
                    "the block '{block}' is defined twice in this template (first in line {first}); keep one"
                ),
            ));
        }
    });
    if let Some(p) = problem {
        return Err(p);
    }

    let is_page = set.templates.get(name).is_some_and(|t| t.0);
    let extends_at = nodes.iter().position(|n| matches!(n, Node::Extends { .. }));
    let parent = set.parent_of(name)?;
    let mut w = Writer {
        name,
        set,
        out: Translated::new(),
    };

    let Some(parent) = parent else {
        // A root template: printed as it is; if others extend it, it offers
        // them the head and tail blocks.
        let extended = set.is_extended(name);
        if extended {
            w.out
                .tag(&format!("{{% block {HEAD_BLOCK} %}}{{% endblock %}}"), 1);
        }
        w.nodes(nodes)?;
        if extended {
            let last = w.out.lines.last().copied().unwrap_or(1);
            w.out
                .tag(&format!("{{% block {TAIL_BLOCK} %}}{{% endblock %}}"), last);
        }
        return Ok(w.out);
    };

    let inherited = set.chain_blocks(&parent)?;
    let (line, lead, rest): (usize, &[Node], Vec<&Node>) = match extends_at {
        Some(i) => {
            let Node::Extends { src, .. } = &nodes[i] else {
                unreachable!()
            };
            if is_page {
                // oTree puts a page's own text after its parent's output.
                let rest = nodes
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, n)| n);
                (src.line, &[], rest.collect())
            } else {
                (src.line, &nodes[..i], nodes[i + 1..].iter().collect())
            }
        }
        None => (1, &[], nodes.iter().collect()),
    };
    w.out.tag(
        &format!("{{% extends {} %}}", string_literal(&parent)),
        line,
    );
    if lead
        .iter()
        .any(|n| !matches!(n, Node::Nothing | Node::Comment))
    {
        w.out.tag(&format!("{{% block {HEAD_BLOCK} %}}"), line);
        w.nodes(lead)?;
        w.out.tag("{{ super() }}{% endblock %}", line);
    }
    let (overrides, tail): (Vec<&Node>, Vec<&Node>) = rest
        .into_iter()
        .partition(|n| matches!(n, Node::Block { name, .. } if inherited.contains(name)));
    for n in overrides {
        w.node(n)?;
    }
    if tail
        .iter()
        .any(|n| !matches!(n, Node::Nothing | Node::Comment))
    {
        w.out.tag(
            &format!("{{% block {TAIL_BLOCK} %}}{{{{ super() }}}}"),
            line,
        );
        for n in tail {
            w.node(n)?;
        }
        let last = w.out.lines.last().copied().unwrap_or(line);
        w.out.tag("{% endblock %}", last);
    }
    Ok(w.out)
}

/// The block names of the host's layout (it is minijinja's own syntax).
pub(crate) fn layout_blocks(source: &str) -> HashSet<String> {
    source
        .split("{%")
        .skip(1)
        .filter_map(|s| {
            let inner = s.split("%}").next()?.trim().trim_start_matches('-').trim();
            let name = inner.strip_prefix("block")?.trim();
            is_identifier(name).then(|| name.to_string())
        })
        .collect()
}
