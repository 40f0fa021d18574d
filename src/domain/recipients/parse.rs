//! The reading itself: the text is cut into tokens (words, quoted names, angle brackets, hard
//! breaks), then the tokens of each stretch between hard breaks are grouped into items.
//! Linear in the length of the text, whatever it holds.

use super::{Item, ItemProblem, Recipient};
use crate::domain::contact::{EmailAddress, PersonName};
use crate::domain::phone::PhoneRules;

/// The most digits a phone number has (E.164).
const MAX_PHONE_DIGITS: usize = 15;
/// The most words a phone number typed with spaces is read from (`+1 ( 202 ) 555 - 0101` is 7),
/// which keeps the reading linear whatever the text.
const MAX_PHONE_WORDS: usize = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A run of characters up to a separator, `<` or a quoted name.
    Word,
    /// `"…"` with its quotes, recognised only when an angle bracket follows it.
    Quoted,
    /// `<…>`; unclosed when no `>` comes before the next hard break (it then ends at the next
    /// separator).
    Angle { closed: bool },
}

/// A token: its kind and its byte span in the text.
#[derive(Debug, Clone, Copy)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
}

/// A comma, a semicolon or a new line: always ends an item.
fn is_hard(c: char) -> bool {
    matches!(c, ',' | ';' | '\n' | '\r')
}

fn is_separator(c: char) -> bool {
    is_hard(c) || c.is_whitespace()
}

/// Cuts the text into stretches (between hard breaks) of tokens.
struct Lexer<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
    /// A search for `>` from before this char index already failed: no `>` until a hard break.
    no_gt_before: usize,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Lexer {
            text,
            chars: text.char_indices().collect(),
            no_gt_before: 0,
        }
    }

    fn byte(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.text.len(), |&(b, _)| b)
    }

    fn char(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|&(_, c)| c)
    }

    /// The char index just past the closing quote, when the `"` at `i` opens a quoted display
    /// name: closed on the same line and followed (after spaces) by `<`.
    fn quoted_end(&self, i: usize) -> Option<usize> {
        let mut j = i + 1;
        loop {
            match self.char(j)? {
                '"' => break,
                '\n' | '\r' => return None,
                _ => j += 1,
            }
        }
        let end = j + 1;
        let mut k = end;
        while let Some(c) = self.char(k) {
            if c == '<' {
                return Some(end);
            }
            if is_hard(c) || !c.is_whitespace() {
                return None;
            }
            k += 1;
        }
        None
    }

    /// The char index just past the `<…>` starting at `i`, and whether it is closed.
    fn angle_end(&mut self, i: usize) -> (usize, bool) {
        if i >= self.no_gt_before {
            let mut j = i + 1;
            while let Some(c) = self.char(j) {
                if c == '>' {
                    return (j + 1, true);
                }
                if is_hard(c) {
                    break;
                }
                j += 1;
            }
            self.no_gt_before = j;
        }
        let mut j = i + 1;
        while self.char(j).is_some_and(|c| !is_separator(c)) {
            j += 1;
        }
        (j, false)
    }

    fn stretches(mut self) -> Vec<Vec<Token>> {
        let mut stretches = vec![Vec::new()];
        let mut i = 0;
        while let Some(c) = self.char(i) {
            if is_hard(c) {
                stretches.push(Vec::new());
                i += 1;
                continue;
            }
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            let (kind, end) = if c == '<' {
                let (end, closed) = self.angle_end(i);
                (Kind::Angle { closed }, end)
            } else if let Some(end) = (c == '"').then(|| self.quoted_end(i)).flatten() {
                (Kind::Quoted, end)
            } else {
                let mut j = i + 1;
                while let Some(c) = self.char(j) {
                    if is_separator(c) || c == '<' || (c == '"' && self.quoted_end(j).is_some()) {
                        break;
                    }
                    j += 1;
                }
                (Kind::Word, j)
            };
            let token = Token {
                kind,
                start: self.byte(i),
                end: self.byte(end),
            };
            if let Some(stretch) = stretches.last_mut() {
                stretch.push(token);
            }
            i = end;
        }
        stretches
    }
}

/// The items of the text, in order, before duplicates are looked for.
pub(super) fn items(text: &str, phones: &PhoneRules) -> Vec<Item> {
    let mut items = Vec::new();
    for stretch in Lexer::new(text).stretches() {
        Grouper {
            text,
            phones,
            items: &mut items,
        }
        .stretch(&stretch);
    }
    items
}

/// Groups the tokens of one stretch into items.
struct Grouper<'t, 'i> {
    text: &'t str,
    phones: &'i PhoneRules,
    items: &'i mut Vec<Item>,
}

impl<'t> Grouper<'t, '_> {
    fn slice(&self, t: &Token) -> &'t str {
        &self.text[t.start..t.end]
    }

    fn stretch(&mut self, tokens: &[Token]) {
        // Words (and a quoted name) that may be the display name of an angle bracket to come.
        let mut name: Vec<Token> = Vec::new();
        let mut i = 0;
        while let Some(&token) = tokens.get(i) {
            i += 1;
            match token.kind {
                Kind::Angle { closed } => {
                    self.named(&name, token, closed);
                    name.clear();
                }
                Kind::Quoted => name.push(token),
                Kind::Word => {
                    let word = self.slice(&token);
                    if !word.contains('@') && !looks_like_phone(word) {
                        name.push(token);
                        continue;
                    }
                    self.alone(&name);
                    name.clear();
                    if looks_like_phone(word) {
                        i = self.phone(tokens, i - 1);
                    } else {
                        self.alone(&[token]);
                    }
                }
            }
        }
        self.alone(&name);
    }

    /// Each token its own item, without a display name.
    fn alone(&mut self, tokens: &[Token]) {
        for token in tokens {
            let raw = self.slice(token).to_owned();
            let outcome = if raw.contains('@') {
                EmailAddress::parse(&raw)
                    .map(Recipient::Email)
                    .map_err(ItemProblem::from)
            } else if count_digits(&raw) == 0 {
                Err(ItemProblem::NotAContact)
            } else {
                self.phones
                    .parse(&raw)
                    .map(Recipient::Phone)
                    .map_err(ItemProblem::from)
            };
            self.items.push(Item {
                raw,
                first_name: None,
                last_name: None,
                outcome,
            });
        }
    }

    /// A phone number typed from `tokens[first]` with the following words made only of digits
    /// and `-().`, up to 15 digits: the longest of these runs that is a valid number (so
    /// `+49 30 1234 5678` is not cut after the valid `+49 30 1234`), else the whole run.
    /// Returns the index of the first token after it.
    fn phone(&mut self, tokens: &[Token], first: usize) -> usize {
        let mut typed = self.slice(&tokens[first]).to_owned();
        let mut digits = count_digits(&typed);
        let mut best = self.phones.parse(&typed).ok().map(|e164| (first, e164));
        let mut last = first;
        while let Some(next) = tokens.get(last + 1) {
            let word = self.slice(next);
            let more = count_digits(word);
            if next.kind != Kind::Word
                || !continues_phone(word)
                || digits + more > MAX_PHONE_DIGITS
                || last + 1 - first >= MAX_PHONE_WORDS
            {
                break;
            }
            typed.push(' ');
            typed.push_str(word);
            digits += more;
            last += 1;
            if let Ok(e164) = self.phones.parse(&typed) {
                best = Some((last, e164));
            }
        }
        let (last, outcome) = match best {
            Some((end, e164)) => (end, Ok(Recipient::Phone(e164))),
            None => (last, self.phones.parse(&typed).map(Recipient::Phone)),
        };
        self.items.push(Item {
            raw: self.text[tokens[first].start..tokens[last].end].to_owned(),
            first_name: None,
            last_name: None,
            outcome: outcome.map_err(ItemProblem::from),
        });
        last + 1
    }

    /// `Name <address>`: what is in the brackets is always an e-mail address.
    fn named(&mut self, name: &[Token], angle: Token, closed: bool) {
        let start = name.first().map_or(angle.start, |t| t.start);
        let address = &self.text[angle.start + 1..angle.end];
        let outcome = match address.strip_suffix('>') {
            Some(inner) if closed => EmailAddress::parse(inner)
                .map(Recipient::Email)
                .map_err(ItemProblem::from),
            _ => Err(ItemProblem::MalformedEmail),
        };
        let (first_name, last_name) = self.names(name);
        self.items.push(Item {
            raw: self.text[start..angle.end].to_owned(),
            first_name,
            last_name,
            outcome,
        });
    }

    /// First and last name from a display name: `"Last, First"`, or words (the last word is
    /// the last name, a single word a first name).
    fn names(&self, name: &[Token]) -> (Option<PersonName>, Option<PersonName>) {
        let unquote = |t: &Token| {
            let s = self.slice(t);
            match t.kind {
                Kind::Quoted => s.get(1..s.len() - 1).unwrap_or(""),
                _ => s,
            }
        };
        if let [quoted @ Token {
            kind: Kind::Quoted, ..
        }] = name
        {
            if let Some((last, first)) = unquote(quoted).split_once(',') {
                return (cleaned(first), cleaned(last));
            }
        }
        let words: Vec<&str> = name
            .iter()
            .flat_map(|t| unquote(t).split_whitespace())
            .collect();
        match words.split_last() {
            None => (None, None),
            Some((only, [])) => (cleaned(only), None),
            Some((last, rest)) => (cleaned(&rest.join(" ")), cleaned(last)),
        }
    }
}

fn cleaned(name: &str) -> Option<PersonName> {
    PersonName::parse(name)
}

fn count_digits(s: &str) -> usize {
    s.chars().filter(char::is_ascii_digit).count()
}

/// A word that starts a phone number: digits and `+-().`, at least one digit, `+` only first.
fn looks_like_phone(word: &str) -> bool {
    let rest = word.strip_prefix('+').unwrap_or(word);
    count_digits(rest) > 0
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || "-().".contains(c))
}

/// A word that may continue a phone number typed with spaces: digits and `-().` only.
fn continues_phone(word: &str) -> bool {
    word.chars()
        .all(|c| c.is_ascii_digit() || "-().".contains(c))
}
