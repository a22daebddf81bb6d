//! Reading an oTree template: the lexer and the tag tree, as oTree builds them.
//!
//! The lexer cuts the text into plain text and instructions: `{# ... #}` is
//! a comment; an instruction opens with `{{` or `{%` and closes at the first
//! `}}` or `%}` (either pair works for either opening), and its first word
//! is the keyword. The parser then builds the tree, checking what oTree
//! checks (a page's content inside blocks, matching end tags).

use super::expr::{
    Condition, Delim, Expr, ExprError, Lit, Primary, PrintExpr, parse_condition, parse_expr,
    parse_print, smart_split, split_char, split_on,
};

/// The tag stack always holds the template itself below the open tags; if
/// it ever did not, the template is refused rather than the host stopped.
const UNBALANCED: &str = "the tags do not nest: check that every opening tag has its closing tag";

/// One token: text or an instruction.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub is_text: bool,
    /// The raw text, or the instruction's content without delimiters, trimmed.
    pub text: String,
    pub keyword: String,
    /// The line the token starts on (1-based).
    pub line: usize,
}

/// A syntax error at a line of the original file.
#[derive(Debug, Clone)]
pub(crate) struct SyntaxError {
    pub line: usize,
    pub message: String,
}

fn err<T>(line: usize, message: impl Into<String>) -> Result<T, SyntaxError> {
    Err(SyntaxError {
        line,
        message: message.into(),
    })
}

/// Cuts a template into tokens. With `lenient`, an unclosed comment or
/// instruction ends the token list instead of failing.
pub(crate) fn lex(src: &str, lenient: bool) -> Result<Vec<Token>, SyntaxError> {
    let mut tokens = vec![];
    let mut i = 0;
    let mut line = 1;
    let opens_instruction = |s: &str| s.starts_with("{{") || s.starts_with("{%");
    while i < src.len() {
        let rest = &src[i..];
        if let Some(comment) = rest.strip_prefix("{#") {
            let start_line = line;
            match comment.find("#}") {
                Some(end) => {
                    line += rest[..2 + end].matches('\n').count();
                    i += 2 + end + 2;
                }
                None if lenient => break,
                None => return err(start_line, "Unclosed comment tag: close it with #}"),
            }
        } else if opens_instruction(rest) {
            let body = &rest[2..];
            let end = body
                .match_indices("}}")
                .map(|(j, _)| j)
                .chain(body.match_indices("%}").map(|(j, _)| j))
                .min();
            match end {
                Some(end) => {
                    let text = body[..end].trim().to_string();
                    let keyword = text.split_whitespace().next().unwrap_or("").to_string();
                    tokens.push(Token {
                        is_text: false,
                        text,
                        keyword,
                        line,
                    });
                    line += body[..end].matches('\n').count();
                    i += 2 + end + 2;
                }
                None if lenient => break,
                None => return err(line, "Unclosed instruction tag: close it with }} (or %})"),
            }
        } else {
            let end = rest
                .char_indices()
                .find(|&(j, _)| {
                    j > 0 && (rest[j..].starts_with("{#") || opens_instruction(&rest[j..]))
                })
                .map(|(j, _)| j)
                .unwrap_or(rest.len());
            let text = &rest[..end];
            tokens.push(Token {
                is_text: true,
                text: text.to_string(),
                keyword: String::new(),
                line,
            });
            line += text.matches('\n').count();
            i += end;
        }
    }
    Ok(tokens)
}

/// Where a tag was in the original file.
#[derive(Debug, Clone)]
pub(crate) struct Src {
    pub line: usize,
}

/// The tags livehost refuses for now (each is added later).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unsupported {
    Url,
    BackButton,
}

impl Unsupported {
    fn from_keyword(k: &str) -> Option<Unsupported> {
        Some(match k {
            "url" => Unsupported::Url,
            "back_button" => Unsupported::BackButton,
            _ => return None,
        })
    }
}

/// A node of the tag tree.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    Text {
        text: String,
        line: usize,
    },
    Print {
        expr: PrintExpr,
        src: Src,
    },
    If(If),
    For(For),
    With {
        alias: String,
        expr: Expr,
        body: Vec<Node>,
        src: Src,
        end_line: usize,
    },
    Block {
        name: String,
        body: Vec<Node>,
        src: Src,
        end_line: usize,
    },
    Include {
        sibling: bool,
        target: Expr,
        vars: Vec<(String, Expr)>,
        src: Src,
    },
    Extends {
        target: String,
        src: Src,
    },
    /// `{% comment %}`: parsed, never rendered.
    Comment,
    /// `{% blocktrans %}`: renders its content.
    BlockTrans {
        body: Vec<Node>,
    },
    NextButton {
        src: Src,
    },
    Trans {
        expr: Expr,
        src: Src,
    },
    /// Tags that print a fixed text (`ibis_tag_lvar` prints `{{`).
    Fixed {
        text: &'static str,
        src: Src,
    },
    /// `{{ formfields }}`: every field of the page's form.
    FormFields {
        src: Src,
    },
    /// `{{ formfield 'name' label=... }}`: the field (a name or a field of
    /// `form`), with the label the template gives, if any.
    FormField {
        field: Expr,
        label: Option<Expr>,
        src: Src,
    },
    /// `{{ formfield_errors 'name' }}`.
    FormFieldErrors {
        field: Expr,
        src: Src,
    },
    /// `{{ static 'path' }}`: the address of a file of the project's
    /// `_static/`.
    Static {
        path: Expr,
        src: Src,
    },
    /// `{{ chat }}`, `{{ chat nickname=... channel=... }}`: oTree's chat box.
    Chat {
        channel: Option<Expr>,
        nickname: Option<Expr>,
        src: Src,
    },
    /// `load`, `csrf_token`, and `else`/`elif`/`empty` where they mean nothing.
    Nothing,
    Unsupported {
        tag: Unsupported,
        src: Src,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct If {
    pub cond: Condition,
    pub then: Vec<Node>,
    /// The `elif` (a nested If) or `else` branch.
    pub otherwise: Otherwise,
    pub src: Src,
    pub end_line: usize,
}

#[derive(Debug, Clone)]
pub(crate) enum Otherwise {
    None,
    Elif(Box<If>),
    Else { body: Vec<Node>, line: usize },
}

#[derive(Debug, Clone)]
pub(crate) struct For {
    pub vars: Vec<String>,
    pub expr: Expr,
    pub body: Vec<Node>,
    pub empty: Option<(Vec<Node>, usize)>,
    pub src: Src,
    pub end_line: usize,
}

/// A child of an open tag while parsing: a node, or a branch marker.
enum Item {
    Node(Node),
    Elif(Condition, Src),
    Else(Src),
    Empty(Src),
}

/// An open tag that waits for its end word.
struct Open {
    token: Token,
    kind: OpenKind,
    children: Vec<Item>,
}

enum OpenKind {
    Root,
    If(Condition),
    For(Vec<String>, Expr),
    With(String, Expr),
    Block(String),
    Comment,
    BlockTrans,
}

impl OpenKind {
    fn end_word(&self) -> &'static str {
        match self {
            OpenKind::Root => "",
            OpenKind::If(_) => "endif",
            OpenKind::For(..) => "endfor",
            OpenKind::With(..) => "endwith",
            OpenKind::Block(_) => "endblock",
            OpenKind::Comment => "endcomment",
            OpenKind::BlockTrans => "endblocktrans",
        }
    }
}

const END_WORDS: [&str; 6] = [
    "endfor",
    "endif",
    "endwith",
    "endblock",
    "endcomment",
    "endblocktrans",
];

fn src(token: &Token) -> Src {
    Src { line: token.line }
}

fn expr_err(token: &Token) -> impl Fn(ExprError) -> SyntaxError + '_ {
    move |e| SyntaxError {
        line: token.line,
        message: e.0,
    }
}

/// Nodes from the children of a closed tag; markers that mean nothing here vanish.
fn plain(items: Vec<Item>) -> Vec<Node> {
    items
        .into_iter()
        .map(|i| match i {
            Item::Node(n) => n,
            _ => Node::Nothing,
        })
        .collect()
}

/// oTree's `if` branching: the first `elif` splits off a nested if; without
/// one, the first `else` splits the branches. Other markers mean nothing.
fn build_if(cond: Condition, src: Src, mut items: Vec<Item>, end_line: usize) -> If {
    if let Some(i) = items.iter().position(|x| matches!(x, Item::Elif(..))) {
        let rest = items.split_off(i + 1);
        let Some(Item::Elif(c, s)) = items.pop() else {
            unreachable!()
        };
        let nested = build_if(c, s, rest, end_line);
        return If {
            cond,
            then: plain(items),
            otherwise: Otherwise::Elif(Box::new(nested)),
            src,
            end_line,
        };
    }
    if let Some(i) = items.iter().position(|x| matches!(x, Item::Else(_))) {
        let rest = items.split_off(i + 1);
        let Some(Item::Else(s)) = items.pop() else {
            unreachable!()
        };
        return If {
            cond,
            then: plain(items),
            otherwise: Otherwise::Else {
                body: plain(rest),
                line: s.line,
            },
            src,
            end_line,
        };
    }
    If {
        cond,
        then: plain(items),
        otherwise: Otherwise::None,
        src,
        end_line,
    }
}

/// Reads the `with a=b & c=d` part of an include tag.
fn include_args(token: &Token, tag: &str) -> Result<(Expr, Vec<(String, Expr)>), SyntaxError> {
    let malformed = || SyntaxError {
        line: token.line,
        message: format!("Malformed '{tag}' tag."),
    };
    let parts = split_on(&token.text[tag.len()..], &[Delim::Text("with")], false);
    let target = parse_expr(&parts[0]).map_err(expr_err(token))?;
    let mut vars = vec![];
    match parts.len() {
        1 => {}
        2 => {
            for chunk in split_char(&parts[1], '&') {
                let chunk = chunk.trim();
                if chunk.is_empty() {
                    continue;
                }
                let (name, e) = chunk.split_once('=').ok_or_else(malformed)?;
                vars.push((
                    name.trim().to_string(),
                    parse_expr(e.trim()).map_err(expr_err(token))?,
                ));
            }
        }
        _ => return Err(malformed()),
    }
    Ok((target, vars))
}

/// A token that is neither a known tag nor an end word: a print tag, or an
/// unknown tag (its keyword then says what was meant).
fn print_node(token: &Token) -> Result<Node, SyntaxError> {
    match parse_print(&token.text) {
        Ok(expr) => Ok(Node::Print {
            expr,
            src: src(token),
        }),
        Err(e) => {
            // `{{ word arg }}` reads as a tag livehost does not know.
            let second = token.text.split_whitespace().nth(1).unwrap_or("");
            let looks_like_tag = token
                .keyword
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_')
                && second.starts_with(|c: char| {
                    c.is_alphanumeric() || c == '_' || c == '"' || c == '\''
                });
            if looks_like_tag && !e.0.starts_with("Unrecognised filter") {
                err(
                    token.line,
                    format!(
                        "unknown tag '{}': livehost does not support it (yet), and '{}' is not an \
                         expression either. Remove the tag, or write what it should print as an expression",
                        token.keyword, token.text
                    ),
                )
            } else if e.0.starts_with("Unparsable expression") {
                err(
                    token.line,
                    format!(
                        "{}: an expression is a variable (player.payoff), a literal ('text', 3, [1, 2]) \
                         or one of those with filters (|c, |to2, |default('x'), ...)",
                        e.0
                    ),
                )
            } else {
                err(token.line, e.0)
            }
        }
    }
}

/// Builds the tag tree of a template. A page template must keep all its
/// content inside blocks.
pub(crate) fn parse(src_text: &str, is_page: bool) -> Result<Vec<Node>, SyntaxError> {
    let tokens = lex(src_text, false)?;
    let mut stack = vec![Open {
        token: Token {
            is_text: false,
            text: String::new(),
            keyword: String::new(),
            line: 1,
        },
        kind: OpenKind::Root,
        children: vec![],
    }];
    let mut blocks_open = 0usize;

    for token in tokens {
        if token.is_text {
            if is_page && blocks_open == 0 && !token.text.trim().is_empty() {
                let leading = &token.text[..token.text.len() - token.text.trim_start().len()];
                return err(
                    token.line + leading.matches('\n').count(),
                    "All content must be inside a block tag. Put it between {{ block content }} \
                     and {{ endblock }} (or another block)",
                );
            }
            let node = Node::Text {
                text: token.text.clone(),
                line: token.line,
            };
            let Some(top) = stack.last_mut() else {
                return err(token.line, UNBALANCED);
            };
            top.children.push(Item::Node(node));
            continue;
        }
        let rest = token.text[token.keyword.len()..].trim().to_string();
        let Some(top) = stack.last_mut() else {
            return err(token.line, UNBALANCED);
        };
        let item = match token.keyword.as_str() {
            "" => {
                return err(
                    token.line,
                    "Empty instruction tag: write a variable or tag between the braces, or remove them",
                );
            }
            "if" | "for" | "with" | "block" | "comment" | "blocktrans" => {
                let kind = match token.keyword.as_str() {
                    "if" => {
                        if rest.is_empty() {
                            return err(token.line, "Malformed tag: 'if' needs a condition");
                        }
                        OpenKind::If(parse_condition(&rest).map_err(expr_err(&token))?)
                    }
                    "for" => {
                        let (vars, e) = parse_for(&token)?;
                        OpenKind::For(vars, e)
                    }
                    "with" => {
                        let Some((alias, e)) = token.text[4..].split_once('=') else {
                            return err(
                                token.line,
                                "Malformed tag: write {{ with name = expression }}",
                            );
                        };
                        let e = parse_expr(e.trim()).map_err(expr_err(&token))?;
                        OpenKind::With(alias.trim().to_string(), e)
                    }
                    "block" => {
                        blocks_open += 1;
                        OpenKind::Block(token.text[5..].trim().to_string())
                    }
                    "comment" => OpenKind::Comment,
                    _ => OpenKind::BlockTrans,
                };
                stack.push(Open {
                    token,
                    kind,
                    children: vec![],
                });
                continue;
            }
            "elif" => {
                if rest.is_empty() {
                    return err(token.line, "Malformed tag: 'elif' needs a condition");
                }
                Item::Elif(
                    parse_condition(&rest).map_err(expr_err(&token))?,
                    src(&token),
                )
            }
            "else" => {
                if token.text != "else" {
                    return err(
                        token.line,
                        format!(
                            "Invalid 'else' tag: \"{}\". Use {{{{ elif condition }}}} for another condition",
                            token.text
                        ),
                    );
                }
                Item::Else(src(&token))
            }
            "empty" => Item::Empty(src(&token)),
            "include" | "include_sibling" => {
                let sibling = token.keyword == "include_sibling";
                let (target, vars) = include_args(
                    &token,
                    if sibling {
                        "include_sibling"
                    } else {
                        "include"
                    },
                )?;
                Item::Node(Node::Include {
                    sibling,
                    target,
                    vars,
                    src: src(&token),
                })
            }
            "extends" => {
                let target = match parse_expr(&rest).map_err(expr_err(&token))? {
                    Expr {
                        primary: Primary::Lit(Lit::Str(name)),
                        filters,
                    } if filters.is_empty() && !rest.is_empty() => name,
                    _ => {
                        return err(
                            token.line,
                            "Malformed 'extends' tag. The template name must be a string literal.",
                        );
                    }
                };
                Item::Node(Node::Extends {
                    target,
                    src: src(&token),
                })
            }
            "load" | "csrf_token" => Item::Node(Node::Nothing),
            "next_button" => Item::Node(Node::NextButton { src: src(&token) }),
            // oTree's formfields tag takes no arguments and ignores any.
            "formfields" => Item::Node(Node::FormFields { src: src(&token) }),
            "formfield" => Item::Node(parse_formfield(&token)?),
            "chat" => {
                // As oTree: at most two arguments, `channel=` and
                // `nickname=` (written without spaces around the =).
                let args: Vec<&str> = token.text.split_whitespace().skip(1).collect();
                if args.len() > 2 {
                    return err(token.line, "{{ chat }} tag takes at most 2 arguments");
                }
                let (mut channel, mut nickname) = (None, None);
                for arg in args {
                    if let Some(e) = arg.strip_prefix("channel=") {
                        channel = Some(parse_expr(e).map_err(expr_err(&token))?);
                    } else if let Some(e) = arg.strip_prefix("nickname=") {
                        nickname = Some(parse_expr(e).map_err(expr_err(&token))?);
                    }
                }
                Item::Node(Node::Chat {
                    channel,
                    nickname,
                    src: src(&token),
                })
            }
            "static" => {
                let words = smart_split(&token.text);
                if words.len() != 2 {
                    return err(
                        token.line,
                        "'static' takes at least one argument (path to file)",
                    );
                }
                Item::Node(Node::Static {
                    path: parse_expr(&words[1]).map_err(expr_err(&token))?,
                    src: src(&token),
                })
            }
            "formfield_errors" => {
                let words: Vec<&str> = token.text.split_whitespace().collect();
                if words.len() != 2 {
                    return err(
                        token.line,
                        "1 argument required: write {{ formfield_errors 'field_name' }}",
                    );
                }
                Item::Node(Node::FormFieldErrors {
                    field: parse_expr(words[1]).map_err(expr_err(&token))?,
                    src: src(&token),
                })
            }
            "trans" => {
                let args = smart_split(&token.text);
                if args.len() != 2 {
                    return err(
                        token.line,
                        format!("trans tag takes 1 argument, not {}", args.len() - 1),
                    );
                }
                let expr = parse_expr(&args[1]).map_err(expr_err(&token))?;
                Item::Node(Node::Trans {
                    expr,
                    src: src(&token),
                })
            }
            "ibis_tag_lvar" | "ibis_tag_rvar" | "ibis_tag_lblock" | "ibis_tag_rblock" => {
                let text = match token.keyword.as_str() {
                    "ibis_tag_lvar" => "{{",
                    "ibis_tag_rvar" => "}}",
                    "ibis_tag_lblock" => "{%",
                    _ => "%}",
                };
                Item::Node(Node::Fixed {
                    text,
                    src: src(&token),
                })
            }
            k if END_WORDS.contains(&k) => {
                let expected = top.kind.end_word();
                if expected.is_empty() {
                    return err(
                        token.line,
                        format!("Unexpected tag '{k}': nothing is open that it could close"),
                    );
                }
                if expected != k {
                    return err(
                        token.line,
                        format!(
                            "Unexpected '{k}' tag. Was expecting the following closing tag: '{expected}'."
                        ),
                    );
                }
                let Some(open) = stack.pop() else {
                    return err(token.line, UNBALANCED);
                };
                let node = close(open, token.line)?;
                if k == "endblock" {
                    blocks_open -= 1;
                }
                let Some(top) = stack.last_mut() else {
                    return err(token.line, UNBALANCED);
                };
                top.children.push(Item::Node(node));
                continue;
            }
            k => match Unsupported::from_keyword(k) {
                Some(tag) => Item::Node(Node::Unsupported {
                    tag,
                    src: src(&token),
                }),
                None => Item::Node(print_node(&token)?),
            },
        };
        let Some(top) = stack.last_mut() else {
            return err(token.line, UNBALANCED);
        };
        top.children.push(item);
    }
    if stack.len() > 1
        && let Some(open) = stack.pop()
    {
        return err(
            open.token.line,
            format!(
                "Unexpected end of template. Was expecting a closing tag '{}' to close the '{}' tag opened in line {}.",
                open.kind.end_word(),
                open.token.keyword,
                open.token.line
            ),
        );
    }
    match stack.pop() {
        Some(root) => Ok(plain(root.children)),
        None => err(1, UNBALANCED),
    }
}

/// `formfield FIELD [label=LABEL]`, read as oTree reads it: the arguments
/// split as Django's smart_split does; `player.x` or `group.x` (the older
/// spelling) means the field named x.
fn parse_formfield(token: &Token) -> Result<Node, SyntaxError> {
    let args = smart_split(&token.text);
    let args = &args[1.min(args.len())..];
    if args.is_empty() {
        return err(
            token.line,
            "formfield tag requires the name of the field, e.g. {{ formfield 'contribution' }}",
        );
    }
    if args.len() > 2 {
        return err(
            token.line,
            format!(
                "formfield tag takes 1 or 2 arguments, not {}. Delete the keyword 'with' or make \
                 sure there are no spaces around the =",
                args.len()
            ),
        );
    }
    let field = match args[0]
        .strip_prefix("player.")
        .or_else(|| args[0].strip_prefix("group."))
    {
        Some(rest) => {
            let name = rest.split('.').next().unwrap_or("");
            let is_name = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_');
            if !is_name {
                return err(token.line, format!("Unparsable expression '{}'", args[0]));
            }
            Expr {
                primary: Primary::Lit(Lit::Str(name.to_string())),
                filters: vec![],
            }
        }
        None => parse_expr(&args[0]).map_err(expr_err(token))?,
    };
    let label = match args.get(1) {
        None => None,
        Some(a) => match a.strip_prefix("label=") {
            Some(l) => Some(parse_expr(l).map_err(expr_err(token))?),
            None => {
                return err(
                    token.line,
                    format!(
                        "the second argument of formfield must be label=..., e.g. {{{{ formfield \
                         'contribution' label=\"How much?\" }}}}, not {a}"
                    ),
                );
            }
        },
    };
    Ok(Node::FormField {
        field,
        label,
        src: src(token),
    })
}

/// oTree's `for\s+(\w+(?:,\s*\w+)*)\s+in\s+(.+)`.
fn parse_for(token: &Token) -> Result<(Vec<String>, Expr), SyntaxError> {
    let malformed = || SyntaxError {
        line: token.line,
        message: "Malformed tag: write {{ for item in list }} or {{ for a, b in pairs }}".into(),
    };
    let after = token.text.strip_prefix("for").ok_or_else(malformed)?;
    let rest = after.trim_start();
    if rest.len() == after.len() {
        return Err(malformed());
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut vars = vec![];
    let mut s = rest;
    loop {
        let end = s.find(|c: char| !is_word(c)).unwrap_or(s.len());
        if end == 0 {
            return Err(malformed());
        }
        vars.push(s[..end].to_string());
        s = &s[end..];
        match s.strip_prefix(',') {
            Some(r) => s = r.trim_start(),
            None => break,
        }
    }
    let t = s.trim_start();
    if t.len() == s.len() {
        return Err(malformed());
    }
    let t = t.strip_prefix("in").ok_or_else(malformed)?;
    let e = t.trim_start();
    if e.len() == t.len() || e.is_empty() {
        return Err(malformed());
    }
    let e = e.split('\n').next().unwrap_or("");
    Ok((vars, parse_expr(e).map_err(expr_err(token))?))
}

/// Builds the node of a tag whose end word was found.
fn close(open: Open, end_line: usize) -> Result<Node, SyntaxError> {
    let s = src(&open.token);
    Ok(match open.kind {
        OpenKind::Root => unreachable!("the root is never closed"),
        OpenKind::If(cond) => Node::If(build_if(cond, s, open.children, end_line)),
        OpenKind::For(vars, expr) => {
            let mut items = open.children;
            let empty = match items.iter().position(|x| matches!(x, Item::Empty(_))) {
                Some(i) => {
                    let rest = items.split_off(i + 1);
                    let Some(Item::Empty(e)) = items.pop() else {
                        unreachable!()
                    };
                    Some((plain(rest), e.line))
                }
                None => None,
            };
            Node::For(For {
                vars,
                expr,
                body: plain(items),
                empty,
                src: s,
                end_line,
            })
        }
        OpenKind::With(alias, expr) => Node::With {
            alias,
            expr,
            body: plain(open.children),
            src: s,
            end_line,
        },
        OpenKind::Block(name) => Node::Block {
            name,
            body: plain(open.children),
            src: s,
            end_line,
        },
        OpenKind::Comment => Node::Comment,
        OpenKind::BlockTrans => Node::BlockTrans {
            body: plain(open.children),
        },
    })
}

/// Whether a text is written as an oTree template: it has a `block` or
/// `extends` tag outside comments.
pub(crate) fn has_block_or_extends(text: &str) -> bool {
    let tokens = lex(text, true).unwrap_or_default();
    let mut in_comment = 0usize;
    for t in tokens.iter().filter(|t| !t.is_text) {
        match t.keyword.as_str() {
            "comment" => in_comment += 1,
            "endcomment" => in_comment = in_comment.saturating_sub(1),
            "block" | "extends" if in_comment == 0 => return true,
            _ => {}
        }
    }
    false
}
