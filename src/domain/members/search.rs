//! How the users table's search text is looked up: a trigram index scoped to the organisation
//! where the text is long enough, the exact `LIKE` wherever the index's answer is not exact
//! (issue 10 P1); the conditions `list` puts into its page and count queries.

use super::condition::{Condition, Piece};
use crate::db::ids::OrgId;
use crate::db::DbConnection;

/// Escapes `%`, `_` and `\\` for a `LIKE … ESCAPE '\\'` pattern.
pub(crate) fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// How a search text is looked up (issue 10 P1). Three or more characters go through a trigram
/// index scoped to the organisation: on SQLite FTS5 `members_search`, kept by triggers and keyed
/// by organisation (migration 000019); on PostgreSQL a GIN index over the card's trigrams hashed
/// with its organisation (`member_grams`), on a table of the texts kept by triggers, also
/// `members_search` (migration 000021). The exact `LIKE … ESCAPE` condition decides wherever
/// the index's answer is not itself exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SearchIndex {
    /// FTS5, and the matches lead: few of them, each looked up by key.
    Fts5,
    /// PostgreSQL's per-organisation trigrams lead.
    Grams,
    /// No index condition: the organisation's rows are read in the page's order (through the
    /// index that gives it, where there is one) and `LIKE` keeps the first that match (many
    /// matches: collecting every match would be most of the work; and PostgreSQL's estimate
    /// for a text's trigrams together is far too low, so it would read and sort every match).
    /// `on_sqlite`: the statement may be kept prepared (see `condition`).
    InOrder { on_sqlite: bool },
}

/// Above this many matches a page reads the organisation's rows in order rather than every
/// match. 10,000 cards, SQLite: "ivan" (2,349 matches) 6.4 ms led by FTS5, 0.17 ms newest first
/// by `LIKE` alone; "petrov12" (18 matches) 0.3 ms led by FTS5. PostgreSQL `EXPLAIN ANALYZE`:
/// "ivan" 2.3 ms led by the trigrams against 0.19 ms newest first, "petrov12" 0.07 ms led.
/// Counted in every status: a status filter leaves the index the same matches to collect, and
/// the rows read in order are about as dense in matches within a status as across them ("ivan"
/// among the invited, 469 of 2,000 cards: 0.50 ms led, 0.14 ms in order).
const MANY_MATCHES: i64 = 500;

/// Shorter texts have no trigram to look up: `LIKE` alone reads them.
const MIN_INDEXED_CHARS: usize = 3;

/// Whether a lowered search text is long enough for a trigram index.
fn indexable(lowered: &str) -> bool {
    lowered.chars().count() >= MIN_INDEXED_CHARS
}

/// The FTS5 row key of a card: its organisation in the high bits (migration 000019).
const ORG_KEY_SHIFT: u32 = 40;

impl SearchIndex {
    pub(super) fn of(conn: &DbConnection) -> Self {
        match conn {
            DbConnection::Sqlite(_) => SearchIndex::Fts5,
            DbConnection::Pg(_) => SearchIndex::Grams,
        }
    }

    /// How a page is read when the filters other than the status match `matches` cards: with
    /// many, in the page's order whatever it is — also where no index gives the order
    /// (PostgreSQL by name), as the organisation's rows are then read and sorted either way
    /// ("ivan" on PostgreSQL by name 2.1 ms in order against 4.3 ms led; by last invitation,
    /// before its index, 2.6 against 4.6 ms; on SQLite by last invitation, before its index,
    /// 1.07 ms in order against 1.36 ms with FTS5 as a filter).
    pub(super) fn for_page(self, matches: i64) -> Self {
        if matches <= MANY_MATCHES {
            return self;
        }
        SearchIndex::InOrder {
            on_sqlite: self.on_sqlite(),
        }
    }

    /// How a list that needs every card whose text matches (the invitations list's search)
    /// names them: FTS5 on SQLite (6,000 invitations, 10,000 cards: "ivan" 169 → 285 req/s,
    /// "petrov12" 177 → 524 against `LIKE`); PostgreSQL's trigrams, which re-read each match,
    /// were no better than `LIKE` over the organisation's cards for all of a common text's
    /// matches ("ivan" 98 → 74, "petrov12" 111 → 161), so `LIKE` alone reads them there.
    pub(super) fn for_every_match(self) -> Self {
        match self {
            SearchIndex::Grams => SearchIndex::InOrder { on_sqlite: false },
            index => index,
        }
    }

    /// Whether the database is SQLite, whose statements with a search may be kept prepared.
    fn on_sqlite(self) -> bool {
        matches!(
            self,
            SearchIndex::Fts5 | SearchIndex::InOrder { on_sqlite: true }
        )
    }

    /// Whether the index's answer is the exact substring match, with no `LIKE` needed after it:
    /// FTS5's phrase of trigrams with `detail=full` is; hashed trigrams are a superset.
    fn exact(self) -> bool {
        self == SearchIndex::Fts5
    }

    /// The index's condition naming the organisation's cards whose text holds every word it can
    /// look up; None when it can look up none of them.
    fn condition(self, org_id: OrgId, words: &[String]) -> Option<Condition> {
        if matches!(self, SearchIndex::InOrder { .. }) || !words.iter().any(|w| indexable(w)) {
            return None;
        }
        if self == SearchIndex::Grams {
            let mut pieces = vec![Piece::Sql(
                "members.id IN (SELECT member_id FROM members_search WHERE ".into(),
            )];
            pieces.extend(grams_pieces(org_id, words));
            pieces.push(Piece::Sql(")".into()));
            return Some(Condition::new(pieces, false));
        }
        let (first, last) = fts5_keys(org_id);
        Some(Condition::new(
            vec![
                Piece::Sql("members.id IN (SELECT rowid - ".into()),
                Piece::Key(first),
                Piece::Sql(" FROM members_search WHERE members_search MATCH ".into()),
                Piece::Text(fts5_query(words)),
                Piece::Sql(" AND rowid BETWEEN ".into()),
                Piece::Key(first),
                Piece::Sql(" AND ".into()),
                Piece::Key(last),
                Piece::Sql(")".into()),
            ],
            true,
        ))
    }

    /// On SQLite, for a text FTS5 answers: the organisation's matches joined to their cards,
    /// the matches read first (`CROSS JOIN` keeps SQLite to that order) and each card looked up
    /// by key — what the counts per status of a search read. The `FROM` clause, and the
    /// condition on the matches. ("ivan" in 10,000 cards: 0.66 ms, against 0.86 ms for the same
    /// cards named by `IN (…)`, which first copies the matches into a temporary table.)
    pub(super) fn fts5_join(
        self,
        org_id: OrgId,
        words: &[String],
    ) -> Option<(Vec<Piece>, Vec<Condition>)> {
        if self != SearchIndex::Fts5 || !words.iter().any(|w| indexable(w)) {
            return None;
        }
        let (first, last) = fts5_keys(org_id);
        let matching = Condition::new(
            vec![
                Piece::Sql("members_search MATCH ".into()),
                Piece::Text(fts5_query(words)),
                Piece::Sql(" AND members_search.rowid BETWEEN ".into()),
                Piece::Key(first),
                Piece::Sql(" AND ".into()),
                Piece::Key(last),
            ],
            true,
        );
        let mut conditions = vec![matching];
        conditions.extend(self.likes("members.search_text", words, true));
        Some((
            vec![
                Piece::Sql(
                    "members_search CROSS JOIN members ON members.id = members_search.rowid - "
                        .into(),
                ),
                Piece::Key(first),
            ],
            conditions,
        ))
    }

    /// The conditions on `members` that find every word: the index's, when it can answer, and
    /// the exact `LIKE` of each word its answer does not settle.
    pub(super) fn search(self, org_id: OrgId, words: &[String]) -> Vec<Condition> {
        let condition = self.condition(org_id, words);
        let settled = condition.is_some();
        let mut clauses: Vec<_> = condition.into_iter().collect();
        if settled {
            clauses.extend(self.likes("members.search_text", words, self.on_sqlite()));
        } else {
            clauses.extend(
                words
                    .iter()
                    .map(|w| like("members.search_text", w, self.on_sqlite())),
            );
        }
        clauses
    }

    /// The `LIKE` of each word the index's condition does not settle: every word on
    /// PostgreSQL (hashed trigrams are a superset), on SQLite those too short for trigrams.
    fn likes(self, column: &str, words: &[String], keep_prepared: bool) -> Vec<Condition> {
        words
            .iter()
            .filter(|w| !(self.exact() && indexable(w)))
            .map(|w| like(column, w, keep_prepared))
            .collect()
    }

    /// On PostgreSQL, for a text the index answers: the conditions on the search table alone,
    /// which keeps each card's status too (migration 000022) — what the counts per status of a
    /// search read instead of looking every match up among the cards.
    pub(super) fn on_search_table(self, org_id: OrgId, words: &[String]) -> Option<Vec<Condition>> {
        if self != SearchIndex::Grams || !words.iter().any(|w| indexable(w)) {
            return None;
        }
        let mut conditions = vec![Condition::new(grams_pieces(org_id, words), false)];
        conditions.extend(self.likes("search_text", words, false));
        Some(conditions)
    }
}

/// The first and last FTS5 row keys of an organisation's cards.
fn fts5_keys(org_id: OrgId) -> (i64, i64) {
    let first = org_id.get() << ORG_KEY_SHIFT;
    (first, first + (1 << ORG_KEY_SHIFT) - 1)
}

/// One FTS5 query: a phrase of each word long enough for trigrams, all of them (the trigrams of
/// a word in a row: the exact substring).
fn fts5_query(words: &[String]) -> String {
    let phrases: Vec<String> = words
        .iter()
        .filter(|w| indexable(w))
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    phrases.join(" ")
}

/// PostgreSQL's index conditions on `members_search` up to their bound texts: for each word long
/// enough, every trigram of it, hashed with the organisation. The left side is the index's
/// expression, word for word.
fn grams_pieces(org_id: OrgId, words: &[String]) -> Vec<Piece> {
    // A literal of our own integer id, never the request's.
    let org = org_id.get();
    let mut pieces = Vec::new();
    for word in words.iter().filter(|w| indexable(w)) {
        if !pieces.is_empty() {
            pieces.push(Piece::Sql(" AND ".into()));
        }
        pieces.push(Piece::Sql(format!(
            "member_grams(org_id, search_text) @> member_grams({org}, "
        )));
        pieces.push(Piece::Text(word.clone()));
        pieces.push(Piece::Sql(")".into()));
    }
    pieces
}

/// The exact substring condition on `column`, with its bound pattern.
fn like(column: &str, lowered: &str, keep_prepared: bool) -> Condition {
    Condition::new(
        vec![
            Piece::Sql(format!("{column} LIKE ")),
            Piece::Text(format!("%{}%", escape_like(lowered))),
            Piece::Sql(" ESCAPE '\\'".into()),
        ],
        keep_prepared,
    )
}
