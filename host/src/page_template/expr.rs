//! oTree's expressions: what may stand in `{{ ... }}`, in an `{% if %}`
//! condition, or as a tag's argument.
//!
//! An expression is a Python literal or a dotted variable, followed by
//! filters (`|name` or `|name(literal, ...)`). A print tag may chain
//! expressions with `or` / `||` (the first truthy one prints) or use the
//! ternary `test ?? a :: b`. Conditions are `[not] a [op b]` joined by `and`
//! (binding tighter) and `or`, without brackets.

/// A Python literal (what `ast.literal_eval` accepts).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Lit {
    None,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    List(Vec<Lit>),
    Tuple(Vec<Lit>),
    Dict(Vec<(Lit, Lit)>),
    /// Literals Python has but livehost does not print: sets, bytes, complex numbers.
    Unsupported(&'static str),
}

/// The first part of an expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Primary {
    Lit(Lit),
    /// A dotted name: `player.payoff` → ["player", "payoff"].
    Var(Vec<String>),
    /// `super()` inside a block.
    Super,
    /// `range(...)`, one of oTree's template built-ins.
    Range(Vec<Lit>),
    /// `is_defined('a.b')`, one of oTree's template built-ins.
    IsDefined(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Filter {
    pub name: String,
    pub args: Vec<Lit>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Expr {
    pub primary: Primary,
    pub filters: Vec<Filter>,
}

/// What a print tag prints.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PrintExpr {
    /// `a or b or c` / `a || b`: the first truthy value, else the last.
    Or(Vec<Expr>),
    /// `test ?? a :: b`.
    Ternary(Box<Expr>, Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    In,
    NotIn,
}

impl CmpOp {
    pub fn function(self) -> &'static str {
        match self {
            CmpOp::Eq => "py_eq",
            CmpOp::Ne => "py_ne",
            CmpOp::Lt => "py_lt",
            CmpOp::Gt => "py_gt",
            CmpOp::Le => "py_le",
            CmpOp::Ge => "py_ge",
            CmpOp::In => "py_in",
            CmpOp::NotIn => "py_not_in",
        }
    }
}

/// One condition: `[not] lhs [op rhs]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cond {
    pub negated: bool,
    pub lhs: Expr,
    pub op: Option<(CmpOp, Expr)>,
}

/// Conditions joined by `or` (outer) and `and` (inner).
pub(crate) type Condition = Vec<Vec<Cond>>;

/// The filters oTree's templates know (`name`, number of literal arguments
/// allowed: min..=max).
pub(crate) const FILTERS: &[(&str, usize, usize)] = &[
    ("c", 0, 0),
    ("cu", 0, 0),
    ("default", 1, 1),
    ("escape", 0, 1),
    ("gettext", 0, 0),
    ("json", 0, 0),
    ("length", 0, 0),
    ("linebreaks", 0, 0),
    ("safe", 0, 0),
    ("to0", 0, 0),
    ("to1", 0, 0),
    ("to2", 0, 0),
    ("to3", 0, 0),
    ("to4", 0, 0),
    ("truncate_", 1, 1),
];

// ---------------------------------------------------------------------------
// Splitting that skips quoted text, like oTree's `splitc` and `splitre`.

/// Splits on `delim` outside quotes (oTree's `splitc`).
pub(crate) fn split_char(s: &str, delim: char) -> Vec<String> {
    let mut parts = vec![];
    let mut buf = String::new();
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in s.chars() {
        if let Some(q) = quote {
            buf.push(c);
            if c == q && !escaped {
                quote = None;
            }
        } else if c == delim {
            parts.push(std::mem::take(&mut buf));
        } else {
            buf.push(c);
            if c == '"' || c == '\'' {
                quote = Some(c);
            }
        }
        escaped = c == '\\' && !escaped;
    }
    parts.push(buf);
    parts
}

/// The end of a quoted string starting at byte `i`, if it is closed.
fn quoted_end(s: &str, i: usize) -> Option<usize> {
    let q = s[i..].chars().next()?;
    let mut escaped = false;
    for (j, c) in s[i + 1..].char_indices() {
        if escaped {
            if c == '\n' {
                return None;
            }
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == q {
            return Some(i + 1 + j + 1);
        }
    }
    None
}

/// A delimiter for [`split_on`].
#[derive(Clone, Copy)]
pub(crate) enum Delim {
    /// Literal text.
    Text(&'static str),
    /// A word with whitespace on both sides (`\s+word\s+`).
    Word(&'static str),
}

fn match_delim(s: &str, i: usize, d: Delim) -> Option<usize> {
    match d {
        Delim::Text(t) => s[i..].starts_with(t).then(|| i + t.len()),
        Delim::Word(w) => {
            let rest = &s[i..];
            let ws = rest.len() - rest.trim_start().len();
            if ws == 0 {
                return None;
            }
            let after = &rest[ws..];
            if !after.starts_with(w) {
                return None;
            }
            let tail = &after[w.len()..];
            let ws2 = tail.len() - tail.trim_start().len();
            if ws2 == 0 {
                return None;
            }
            Some(i + ws + w.len() + ws2)
        }
    }
}

/// Splits on any of `delims` outside quoted strings (oTree's `splitre`);
/// with `keep`, the delimiters found are kept as parts of their own.
pub(crate) fn split_on(s: &str, delims: &[Delim], keep: bool) -> Vec<String> {
    let mut parts = vec![];
    let mut last = 0;
    let mut i = 0;
    while let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) {
        if (c == '"' || c == '\'')
            && let Some(end) = quoted_end(s, i)
        {
            i = end;
            continue;
        }
        if let Some(end) = delims.iter().find_map(|d| match_delim(s, i, *d)) {
            parts.push(s[last..i].to_string());
            if keep {
                parts.push(s[i..end].to_string());
            }
            last = end;
            i = end;
            continue;
        }
        i += c.len_utf8();
    }
    parts.push(s[last..].to_string());
    parts
}

// ---------------------------------------------------------------------------
// Python literals.

struct LitParser<'a> {
    s: &'a str,
    i: usize,
    depth: usize,
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl LitParser<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if c == ' ' || c == '\t' || c == '\x0c' || (self.depth > 0 && (c == '\n' || c == '\r'))
            {
                self.i += c.len_utf8();
            } else if c == '\\' && self.s[self.i + 1..].starts_with('\n') {
                self.i += 2;
            } else {
                break;
            }
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.i += c.len_utf8();
            true
        } else {
            false
        }
    }

    /// The whole text as one literal (a bare `a, b` is a tuple).
    fn parse_all(&mut self) -> Option<Lit> {
        let first = self.item()?;
        let lit = if self.eat(',') {
            let mut items = vec![first];
            loop {
                self.skip_ws();
                if self.i >= self.s.len() {
                    break;
                }
                items.push(self.item()?);
                if !self.eat(',') {
                    break;
                }
            }
            Lit::Tuple(items)
        } else {
            first
        };
        self.skip_ws();
        (self.i == self.s.len()).then_some(lit)
    }

    /// A comma-separated list up to `close`.
    fn items(&mut self, close: char) -> Option<(Vec<Lit>, bool)> {
        let mut items = vec![];
        let mut trailing_comma = false;
        loop {
            if self.eat(close) {
                return Some((items, trailing_comma));
            }
            items.push(self.item()?);
            trailing_comma = self.eat(',');
            if !trailing_comma {
                return self.eat(close).then_some((items, false));
            }
        }
    }

    fn item(&mut self) -> Option<Lit> {
        self.skip_ws();
        let sign = match self.peek() {
            Some('-') => {
                self.i += 1;
                Some(-1)
            }
            Some('+') => {
                self.i += 1;
                Some(1)
            }
            _ => None,
        };
        let atom = self.atom()?;
        let atom = match (sign, atom) {
            (None, a) => a,
            (Some(s), Lit::Int(i)) => Lit::Int(i * s as i128),
            (Some(s), Lit::Float(f)) => Lit::Float(f * s as f64),
            (Some(_), u @ Lit::Unsupported("complex number")) => u,
            _ => return None,
        };
        // `1+2j`: a complex number, which livehost does not print.
        let save = self.i;
        self.skip_ws();
        if matches!(
            atom,
            Lit::Int(_) | Lit::Float(_) | Lit::Unsupported("complex number")
        ) && matches!(self.peek(), Some('+' | '-'))
        {
            self.i += 1;
            self.skip_ws();
            if let Some(Lit::Unsupported("complex number")) = self.atom() {
                return Some(Lit::Unsupported("complex number"));
            }
            return None;
        }
        self.i = save;
        Some(atom)
    }

    fn atom(&mut self) -> Option<Lit> {
        self.skip_ws();
        let c = self.peek()?;
        match c {
            '[' => {
                self.i += 1;
                self.depth += 1;
                let (items, _) = self.items(']')?;
                self.depth -= 1;
                Some(Lit::List(items))
            }
            '(' => {
                self.i += 1;
                self.depth += 1;
                let (mut items, comma) = self.items(')')?;
                self.depth -= 1;
                if items.len() == 1 && !comma {
                    items.pop()
                } else {
                    Some(Lit::Tuple(items))
                }
            }
            '{' => {
                self.i += 1;
                self.depth += 1;
                if self.eat('}') {
                    self.depth -= 1;
                    return Some(Lit::Dict(vec![]));
                }
                let first = self.item()?;
                let lit = if self.eat(':') {
                    let mut pairs = vec![(first, self.item()?)];
                    while self.eat(',') {
                        if self.eat('}') {
                            self.depth -= 1;
                            return Some(Lit::Dict(pairs));
                        }
                        let k = self.item()?;
                        if !self.eat(':') {
                            return None;
                        }
                        pairs.push((k, self.item()?));
                    }
                    if !self.eat('}') {
                        return None;
                    }
                    Lit::Dict(pairs)
                } else {
                    while self.eat(',') {
                        if self.eat('}') {
                            self.depth -= 1;
                            return Some(Lit::Unsupported("set"));
                        }
                        self.item()?;
                    }
                    if !self.eat('}') {
                        return None;
                    }
                    Lit::Unsupported("set")
                };
                self.depth -= 1;
                Some(lit)
            }
            '0'..='9' | '.' => self.number(),
            c if c.is_alphabetic() || c == '_' || c == '"' || c == '\'' => {
                let start = self.i;
                while let Some(c) = self.peek().filter(|c| is_ident_char(*c)) {
                    self.i += c.len_utf8();
                }
                let word = &self.s[start..self.i];
                if matches!(self.peek(), Some('"' | '\'')) {
                    let prefix = word.to_ascii_lowercase();
                    if !["", "r", "u", "b", "br", "rb"].contains(&prefix.as_str()) {
                        return None; // f-strings are not literals
                    }
                    return self.strings(&prefix);
                }
                match word {
                    "True" => Some(Lit::Bool(true)),
                    "False" => Some(Lit::Bool(false)),
                    "None" => Some(Lit::None),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// One or more adjacent string literals (Python joins them).
    fn strings(&mut self, first_prefix: &str) -> Option<Lit> {
        let mut text = String::new();
        let mut bytes = first_prefix.contains('b');
        let mut prefix = first_prefix.to_string();
        loop {
            text.push_str(&self.string(prefix.contains('r'), prefix.contains('b'))?);
            let save = self.i;
            self.skip_ws();
            let start = self.i;
            while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                self.i += 1;
            }
            let p = self.s[start..self.i].to_ascii_lowercase();
            if matches!(self.peek(), Some('"' | '\''))
                && ["", "r", "u", "b", "br", "rb"].contains(&p.as_str())
            {
                if p.contains('b') != bytes {
                    return None; // str and bytes cannot be joined
                }
                bytes = p.contains('b');
                prefix = p;
            } else {
                self.i = save;
                break;
            }
        }
        Some(if bytes {
            Lit::Unsupported("bytes")
        } else {
            Lit::Str(text)
        })
    }

    fn string(&mut self, raw: bool, bytes: bool) -> Option<String> {
        let q = self.peek()?;
        let triple = self.s[self.i..].starts_with(&q.to_string().repeat(3));
        self.i += if triple { 3 } else { 1 };
        let mut out = String::new();
        loop {
            let c = self.peek()?;
            if triple {
                if self.s[self.i..].starts_with(&q.to_string().repeat(3)) {
                    self.i += 3;
                    return Some(out);
                }
            } else if c == q {
                self.i += 1;
                return Some(out);
            } else if c == '\n' {
                return None;
            }
            self.i += c.len_utf8();
            if c != '\\' {
                out.push(c);
                continue;
            }
            let e = self.peek()?;
            self.i += e.len_utf8();
            if raw {
                out.push('\\');
                out.push(e);
                continue;
            }
            match e {
                '\n' => {}
                '\\' | '\'' | '"' => out.push(e),
                'a' => out.push('\x07'),
                'b' => out.push('\x08'),
                'f' => out.push('\x0c'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'v' => out.push('\x0b'),
                '0'..='7' => {
                    let mut n = e.to_digit(8)?;
                    for _ in 0..2 {
                        match self.peek().and_then(|d| d.to_digit(8)) {
                            Some(d) => {
                                n = n * 8 + d;
                                self.i += 1;
                            }
                            None => break,
                        }
                    }
                    out.push(char::from_u32(n)?);
                }
                'x' | 'u' | 'U' if !(bytes && e != 'x') => {
                    let len = match e {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    let hex = self.s.get(self.i..self.i + len)?;
                    let n = u32::from_str_radix(hex, 16).ok()?;
                    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                        return None;
                    }
                    self.i += len;
                    out.push(char::from_u32(n)?);
                }
                'N' if !bytes => return None, // \N{...}: not supported
                other => {
                    out.push('\\');
                    out.push(other);
                }
            }
        }
    }

    fn number(&mut self) -> Option<Lit> {
        let rest = &self.s[self.i..];
        let lower = rest.to_ascii_lowercase();
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
            if lower.starts_with(prefix) {
                let digits: String = rest[2..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                self.i += 2 + digits.len();
                let clean = digits.strip_prefix('_').unwrap_or(&digits);
                if clean.is_empty() || clean.ends_with('_') || clean.contains("__") {
                    return None;
                }
                return i128::from_str_radix(&clean.replace('_', ""), radix)
                    .ok()
                    .map(Lit::Int);
            }
        }
        let bytes = rest.as_bytes();
        let mut j = 0;
        let digits = |j: &mut usize| -> bool {
            let start = *j;
            while *j < bytes.len()
                && (bytes[*j].is_ascii_digit() || (bytes[*j] == b'_' && *j > start))
            {
                *j += 1;
            }
            *j > start && bytes[*j - 1] != b'_'
        };
        let has_int = digits(&mut j);
        let mut is_float = false;
        if j < bytes.len() && bytes[j] == b'.' {
            j += 1;
            is_float = true;
            let save = j;
            if !digits(&mut j) {
                j = save;
                if !has_int {
                    return None;
                }
            }
        } else if !has_int {
            return None;
        }
        if j < bytes.len() && (bytes[j] == b'e' || bytes[j] == b'E') {
            let mut k = j + 1;
            if k < bytes.len() && (bytes[k] == b'+' || bytes[k] == b'-') {
                k += 1;
            }
            if digits(&mut k) {
                j = k;
                is_float = true;
            }
        }
        let imaginary = j < bytes.len() && (bytes[j] == b'j' || bytes[j] == b'J');
        if imaginary {
            j += 1;
        }
        if rest[j..].chars().next().is_some_and(is_ident_char) {
            return None;
        }
        let text = rest[..j].replace('_', "");
        self.i += j;
        if imaginary {
            return Some(Lit::Unsupported("complex number"));
        }
        if is_float {
            return text.parse::<f64>().ok().map(Lit::Float);
        }
        // Python forbids leading zeros in non-zero decimal integers.
        if text.len() > 1 && text.starts_with('0') && text.bytes().any(|b| b != b'0') {
            return None;
        }
        text.parse::<i128>().ok().map(Lit::Int)
    }
}

/// Python's `ast.literal_eval(text)`: the literal, or None when the text is
/// not one.
pub(crate) fn literal_eval(text: &str) -> Option<Lit> {
    let text = text.trim_start_matches([' ', '\t']);
    if text.is_empty() {
        return None;
    }
    LitParser {
        s: text,
        i: 0,
        depth: 0,
    }
    .parse_all()
}

// ---------------------------------------------------------------------------
// Expressions.

/// `^([\w.]+)\((.*)\)$`: a name followed by an argument list.
fn split_call(s: &str) -> Option<(&str, &str)> {
    let open = s.find('(')?;
    let name = &s[..open];
    if name.is_empty() || !name.chars().all(|c| is_ident_char(c) || c == '.') {
        return None;
    }
    let args = s[open + 1..].strip_suffix(')')?;
    if args.contains('\n') {
        return None;
    }
    Some((name, args))
}

/// An error found while reading an expression.
#[derive(Debug)]
pub(crate) struct ExprError(pub String);

fn parse_args(args: &str) -> Result<Vec<Lit>, ExprError> {
    split_char(args, ',')
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .map(|a| {
            literal_eval(a).ok_or_else(|| {
                ExprError(format!(
                    "Unparsable argument '{a}'. Arguments must be valid Python literals."
                ))
            })
        })
        .collect()
}

/// Reads one expression: a literal or dotted name, then filters.
pub(crate) fn parse_expr(text: &str) -> Result<Expr, ExprError> {
    let parts = split_char(text.trim(), '|');
    let primary_text = parts[0].trim();
    let primary = match literal_eval(primary_text) {
        Some(lit) => Primary::Lit(lit),
        None => {
            if let Some((name, args)) = split_call(primary_text) {
                let args = parse_args(args)?;
                match (name, args.as_slice()) {
                    ("super", []) => Primary::Super,
                    ("range", a)
                        if !a.is_empty()
                            && a.len() <= 3
                            && a.iter().all(|x| matches!(x, Lit::Int(_))) =>
                    {
                        Primary::Range(args)
                    }
                    ("is_defined", [Lit::Str(path)]) => Primary::IsDefined(path.clone()),
                    _ => {
                        return Err(ExprError(format!(
                            "'{primary_text}' calls a function or method. livehost renders pages from \
                             the data the app sends, so a template cannot call code: compute the \
                             value in vars_for_template and print that variable instead"
                        )));
                    }
                }
            } else if !primary_text.is_empty()
                && primary_text.chars().all(|c| is_ident_char(c) || c == '.')
            {
                Primary::Var(primary_text.split('.').map(str::to_string).collect())
            } else {
                return Err(ExprError(format!("Unparsable expression '{primary_text}'")));
            }
        }
    };
    let mut filters = vec![];
    for f in &parts[1..] {
        let f = f.trim();
        let (name, args) = match split_call(f) {
            Some((name, args)) => (name, parse_args(args)?),
            None => (f, vec![]),
        };
        let Some(&(_, min, max)) = FILTERS.iter().find(|(n, _, _)| *n == name) else {
            let known: Vec<&str> = FILTERS.iter().map(|f| f.0).collect();
            return Err(ExprError(format!(
                "Unrecognised filter name '{name}'; oTree's filters are {}",
                known.join(", ")
            )));
        };
        if args.len() < min || args.len() > max {
            let takes = if min == max {
                format!("{min}")
            } else {
                format!("{min} to {max}")
            };
            return Err(ExprError(format!(
                "the filter '{name}' takes {takes} argument(s), not {}",
                args.len()
            )));
        }
        filters.push(Filter {
            name: name.to_string(),
            args,
        });
    }
    Ok(Expr { primary, filters })
}

/// Reads what a print tag holds.
pub(crate) fn parse_print(text: &str) -> Result<PrintExpr, ExprError> {
    let chunks = split_on(text, &[Delim::Text("??"), Delim::Text("::")], true);
    if chunks.len() == 5 && chunks[1] == "??" && chunks[3] == "::" {
        return Ok(PrintExpr::Ternary(
            Box::new(parse_expr(&chunks[0])?),
            Box::new(parse_expr(&chunks[2])?),
            Box::new(parse_expr(&chunks[4])?),
        ));
    }
    let exprs = split_on(text, &[Delim::Word("or"), Delim::Text("||")], false)
        .iter()
        .map(|e| parse_expr(e))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(PrintExpr::Or(exprs))
}

const OPS: [(&str, CmpOp); 8] = [
    ("==", CmpOp::Eq),
    ("!=", CmpOp::Ne),
    ("<", CmpOp::Lt),
    (">", CmpOp::Gt),
    ("<=", CmpOp::Le),
    (">=", CmpOp::Ge),
    ("not in", CmpOp::NotIn),
    ("in", CmpOp::In),
];

/// Text up to the first newline (a regex `.` does not match one).
fn line_part(s: &str) -> &str {
    s.split('\n').next().unwrap_or("")
}

/// `not\s+` at the start of `s`: the rest after it.
fn strip_not(s: &str) -> Option<&str> {
    let rest = s.strip_prefix("not")?;
    let trimmed = rest.trim_start();
    (trimmed.len() < rest.len()).then_some(trimmed)
}

/// oTree's `(not\s+)?(.+?)\s+(op)\s+(.+)`: lhs, op, rhs of one condition.
fn split_comparison(s: &str) -> Option<(&str, CmpOp, &str)> {
    for (i, c) in s.char_indices().skip(1) {
        if s[..i].contains('\n') {
            return None;
        }
        if !c.is_whitespace() {
            continue;
        }
        let after_ws = s[i..].trim_start();
        for (text, op) in OPS {
            let Some(rest) = after_ws.strip_prefix(text) else {
                continue;
            };
            let rhs = rest.trim_start();
            if rhs.len() == rest.len() {
                continue;
            }
            let rhs = line_part(rhs);
            if !rhs.is_empty() {
                return Some((&s[..i], op, rhs));
            }
        }
    }
    None
}

fn parse_cond(s: &str) -> Result<Cond, ExprError> {
    let attempts: Vec<(bool, &str)> = match strip_not(s) {
        Some(rest) => vec![(true, rest), (false, s)],
        None => vec![(false, s)],
    };
    for (negated, text) in &attempts {
        if let Some((lhs, op, rhs)) = split_comparison(text) {
            return Ok(Cond {
                negated: *negated,
                lhs: parse_expr(lhs)?,
                op: Some((op, parse_expr(rhs)?)),
            });
        }
    }
    let (negated, text) = match strip_not(s) {
        Some(rest) if !line_part(rest).is_empty() => (true, rest),
        _ => (false, s),
    };
    Ok(Cond {
        negated,
        lhs: parse_expr(line_part(text))?,
        op: None,
    })
}

/// Reads an `if`/`elif` condition (the text after the keyword).
pub(crate) fn parse_condition(text: &str) -> Result<Condition, ExprError> {
    split_on(text, &[Delim::Word("or")], false)
        .iter()
        .map(|group| {
            split_on(group, &[Delim::Word("and")], false)
                .iter()
                .map(|c| parse_cond(c))
                .collect()
        })
        .collect()
}

/// Splits like Django's `smart_split`: on whitespace, keeping quoted parts whole.
pub(crate) fn smart_split(s: &str) -> Vec<String> {
    let mut parts = vec![];
    let mut buf = String::new();
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in s.chars() {
        match quote {
            Some(q) => {
                buf.push(c);
                if c == q && !escaped {
                    quote = None;
                }
                escaped = c == '\\' && !escaped;
                continue;
            }
            None if c.is_whitespace() => {
                if !buf.is_empty() {
                    parts.push(std::mem::take(&mut buf));
                }
            }
            None => {
                buf.push(c);
                if c == '"' || c == '\'' {
                    quote = Some(c);
                }
            }
        }
        escaped = false;
    }
    if !buf.is_empty() {
        parts.push(buf);
    }
    parts
}
