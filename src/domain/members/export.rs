//! The users table as a CSV file: every member a filter selects, in the import's columns (so an
//! export imports back unchanged), read in pages after a key so that an export of any size
//! holds one page in memory, and written with the formula guard (docs/SECURITY.md G4).

use super::list::{filtered, Filter};
use super::search::SearchIndex;
use crate::db::enums::{AuditAction, MemberKind};
use crate::db::ids::{AccountId, DepartmentId, MemberId, OrgId, RoleId};
use crate::db::schema::{departments, member_roles, members, roles};
use crate::db::DbConnection;
use crate::domain::audit;
use crate::domain::import::cells::{protect, COLUMNS, ROLE_SEPARATOR};
use crate::domain::Actor;
use diesel::prelude::*;
use std::collections::HashMap;
use time::PrimitiveDateTime;

/// Rows read (and written out) at a time.
pub const EXPORT_PAGE_ROWS: i64 = 1_000;

/// The UTF-8 byte-order mark: spreadsheet programs then read the file as UTF-8.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// One member as the export writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRow {
    pub id: MemberId,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub kind: MemberKind,
    /// The department's name.
    pub department: Option<String>,
    pub position: String,
    /// The member's role names, sorted.
    pub roles: Vec<String>,
}

impl ExportRow {
    /// The cells in the order of [`COLUMNS`], as stored (before the formula guard).
    pub fn cells(&self) -> [String; COLUMNS.len()] {
        let mut roles = String::new();
        for (i, role) in self.roles.iter().enumerate() {
            if i > 0 {
                roles.push(ROLE_SEPARATOR);
            }
            roles.push_str(role);
        }
        [
            self.email.clone().unwrap_or_default(),
            self.phone.clone().unwrap_or_default(),
            self.first_name.clone(),
            self.last_name.clone(),
            self.kind.as_str().to_owned(),
            self.department.clone().unwrap_or_default(),
            self.position.clone(),
            roles,
        ]
    }
}

/// The card columns a page reads.
type Card = (
    MemberId,
    Option<String>,
    Option<String>,
    String,
    String,
    MemberKind,
    Option<DepartmentId>,
    String,
    Option<AccountId>,
);

/// Up to `limit` of `org_id`'s members matching `f` (every filter of the users table, status
/// included), by key, after `after`; their department names and role names come in one query
/// each for the whole page.
pub fn export_page(
    conn: &mut DbConnection,
    org_id: OrgId,
    f: &Filter,
    after: Option<MemberId>,
    limit: i64,
) -> QueryResult<Vec<ExportRow>> {
    let mut q = filtered(org_id, f, true, SearchIndex::of(conn));
    if let Some(after) = after {
        q = q.filter(members::id.gt(after));
    }
    let cards: Vec<Card> = q
        .order(members::id.asc())
        .limit(limit)
        .select((
            members::id,
            members::email,
            members::phone,
            members::first_name,
            members::last_name,
            members::kind,
            members::department_id,
            members::position,
            members::account_id,
        ))
        .load(conn)?;
    if cards.is_empty() {
        return Ok(Vec::new());
    }

    // A card not yet in the organisation is exported with the terms its page shows: its own
    // joined with its latest invitation's (`invitations::card_terms`).
    let outside: Vec<MemberId> = cards
        .iter()
        .filter(|c| c.8.is_none())
        .map(|c| c.0)
        .collect();
    let mut offered = crate::domain::invitations::offered_terms(conn, &outside)?;
    let member_ids: Vec<MemberId> = cards.iter().map(|c| c.0).collect();
    let mut role_ids: HashMap<MemberId, Vec<RoleId>> = HashMap::new();
    for part in member_ids.chunks(crate::db::ROWS_PER_STATEMENT) {
        for (member, role) in member_roles::table
            .filter(member_roles::member_id.eq_any(part))
            .select((member_roles::member_id, member_roles::role_id))
            .load::<(MemberId, RoleId)>(conn)?
        {
            role_ids.entry(member).or_default().push(role);
        }
    }
    let terms: Vec<crate::domain::invitations::CardTerms> = cards
        .iter()
        .map(|c| {
            let own = (role_ids.remove(&c.0).unwrap_or_default(), c.6);
            crate::domain::invitations::joined_terms(own, offered.remove(&c.0))
        })
        .collect();

    let mut department_ids: Vec<DepartmentId> = terms.iter().filter_map(|t| t.1).collect();
    department_ids.sort_unstable();
    department_ids.dedup();
    let department_names: HashMap<DepartmentId, String> = names_of(&department_ids, |part| {
        departments::table
            .filter(departments::org_id.eq(org_id))
            .filter(departments::id.eq_any(part))
            .select((departments::id, departments::name))
            .load(conn)
    })?;
    let mut all_roles: Vec<RoleId> = terms.iter().flat_map(|t| t.0.iter().copied()).collect();
    all_roles.sort_unstable();
    all_roles.dedup();
    let role_names: HashMap<RoleId, String> = names_of(&all_roles, |part| {
        roles::table
            .filter(roles::org_id.eq(org_id))
            .filter(roles::id.eq_any(part))
            .select((roles::id, roles::name))
            .load(conn)
    })?;

    Ok(cards
        .into_iter()
        .zip(terms)
        .map(
            |((id, email, phone, first_name, last_name, kind, _, position, _), (ids, dep))| {
                let mut roles: Vec<String> = ids
                    .iter()
                    .filter_map(|r| role_names.get(r).cloned())
                    .collect();
                // The same order on both backends (their collations differ).
                roles.sort_by(|a, b| a.to_lowercase().cmp(&b.to_lowercase()).then(a.cmp(b)));
                ExportRow {
                    id,
                    email,
                    phone,
                    first_name,
                    last_name,
                    kind,
                    department: dep.and_then(|d| department_names.get(&d).cloned()),
                    position,
                    roles,
                }
            },
        )
        .collect())
}

/// The names of `ids`, read a statement's worth at a time by `load`.
fn names_of<K: std::hash::Hash + Eq + Copy>(
    ids: &[K],
    mut load: impl FnMut(&[K]) -> QueryResult<Vec<(K, String)>>,
) -> QueryResult<HashMap<K, String>> {
    let mut names = HashMap::new();
    for part in ids.chunks(crate::db::ROWS_PER_STATEMENT) {
        names.extend(load(part)?);
    }
    Ok(names)
}

/// A piece of the CSV file (`,`, CRLF, UTF-8): the rows, each cell behind the formula guard;
/// the file's first piece starts with the byte-order mark and the header row.
pub fn csv_chunk(rows: &[ExportRow], first: bool) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::with_capacity(128 * rows.len() + 64);
    if first {
        out.extend_from_slice(UTF8_BOM);
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    if first {
        w.write_record(COLUMNS)?;
    }
    for row in rows {
        w.write_record(row.cells().iter().map(|c| protect(c).into_owned()))?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The filter as the audit trail keeps it (nothing: every member), the department by its name
/// at the time (another organisation's department, which selects nobody, by its number).
pub fn describe_filter(
    conn: &mut DbConnection,
    org_id: OrgId,
    f: &Filter,
) -> QueryResult<audit::Details> {
    if f.status.is_none() && f.kind.is_none() && f.department_id.is_none() && f.q.is_none() {
        return Ok(audit::Details::None);
    }
    let department = match f.department_id {
        Some(id) => departments::table
            .filter(departments::id.eq(id))
            .filter(departments::org_id.eq(org_id))
            .select(departments::name)
            .first(conn)
            .optional()?
            .or_else(|| Some(format!("#{id}"))),
        None => None,
    };
    Ok(audit::Details::Export {
        status: f.status,
        kind: f.kind,
        department,
        q: f.q.as_ref().map(|q| q.typed().to_owned()),
    })
}

/// Records an export as it starts (how many rows it will hold is not known yet), with its
/// filter in the details.
pub fn record_export(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    f: &Filter,
) -> QueryResult<()> {
    let details = describe_filter(conn, org_id, f)?;
    audit::record(
        conn,
        now,
        audit::Event {
            org_id: Some(org_id),
            actor_account_id: Some(actor.account_id),
            action: AuditAction::UsersExported,
            subject: audit::Subject::None,
            details,
            request_id: &actor.request_id,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> ExportRow {
        ExportRow {
            id: MemberId::from_raw(1),
            email: None,
            phone: Some("+79161234567".into()),
            first_name: "=HYPERLINK(\"x\")".into(),
            last_name: "O'Brien, Jr.".into(),
            kind: MemberKind::Customer,
            department: Some("Sales".into()),
            position: "@SUM(1)".into(),
            roles: vec!["Admin".into(), "Staff".into()],
        }
    }

    #[test]
    fn chunks_read_back_as_the_import_columns() {
        let mut file = csv_chunk(&[row()], true).unwrap();
        file.extend(csv_chunk(&[row()], false).unwrap());
        assert!(file.starts_with(UTF8_BOM));
        let text = std::str::from_utf8(&file[UTF8_BOM.len()..]).unwrap();
        assert!(text.ends_with("\r\n"));
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(reader.headers().unwrap(), COLUMNS.as_slice());
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), 2);
        let cells: Vec<&str> = records[0].iter().collect();
        assert_eq!(
            cells,
            [
                "",
                "'+79161234567",
                "'=HYPERLINK(\"x\")",
                "O'Brien, Jr.",
                MemberKind::Customer.as_str(),
                "Sales",
                "'@SUM(1)",
                "Admin|Staff",
            ]
        );
    }
}
