//! The organisation's audit page (`/admin/audit`) offers as a filter exactly the actions that
//! are recorded with an organisation (docs/PRODUCT.md §2.15): every event recorded for it can be
//! chosen, and nothing is offered that never appears there. Read from the source, so that an
//! action added later is covered without a scenario that records it.
//!
//! How the source is read: an `Event { … }` literal (`domain::audit::Event`) whose `org_id` is
//! not literally `None` may carry an organisation, and every `AuditAction::X` its file names
//! goes with it, except where named inside a literal with `org_id: None`. That holds as long as
//! a helper taking the action as a parameter is private to its file (every caller in the same
//! file), which is checked too.

use invitely::db::enums::AuditAction;
use invitely::domain::audit::ORG_ACTIONS;
use regex::Regex;
use std::collections::BTreeSet;

/// The text of each `Event {…}` literal in `code`, braces balanced.
fn event_literals(code: &str) -> Vec<&str> {
    let start = Regex::new(r"\bEvent\s*\{").unwrap();
    start
        .find_iter(code)
        .map(|m| {
            let mut depth = 0;
            for (i, c) in code[m.end() - 1..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            return &code[m.start()..m.end() + i];
                        }
                    }
                    _ => {}
                }
            }
            panic!("unbalanced Event literal: {}", &code[m.start()..]);
        })
        .collect()
}

/// The names of the public functions in `code` that take an `AuditAction` as a parameter.
fn public_fns_taking_an_action(code: &str) -> Vec<String> {
    let decl = Regex::new(r"\bpub(?:\([^)]*\))?\s+fn\s+(\w+)[^(]*\(").unwrap();
    decl.captures_iter(code)
        .filter_map(|c| {
            let open = c.get(0).unwrap().end();
            let mut depth = 1;
            let close = code[open..].char_indices().find_map(|(i, ch)| {
                match ch {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                (depth == 0).then_some(open + i)
            })?;
            code[open..close]
                .contains("AuditAction")
                .then(|| c[1].to_owned())
        })
        .collect()
}

#[test]
fn the_org_audit_filter_offers_every_action_recorded_with_an_organisation() {
    let action = Regex::new(r"\bAuditAction::(\w+)").unwrap();
    let org_less = Regex::new(r"\borg_id\s*:\s*None\s*[,}]").unwrap();
    let mut recorded_with_org: BTreeSet<String> = BTreeSet::new();
    let (mut with_org, mut without_org, mut problems) = (0, 0, Vec::new());
    for (file, code) in crate::architecture::sources("src") {
        let events = event_literals(&code);
        for e in &events {
            assert!(e.contains("org_id"), "{file}: an Event without org_id: {e}");
        }
        let (without, with): (Vec<&str>, Vec<&str>) =
            events.iter().partition(|e| org_less.is_match(e));
        (with_org, without_org) = (with_org + with.len(), without_org + without.len());
        if with.is_empty() {
            continue;
        }
        for f in public_fns_taking_an_action(&code) {
            problems.push(format!(
                "{file}: `pub fn {f}` takes an AuditAction and the file records events with an \
                 organisation: its callers elsewhere cannot be read here"
            ));
        }
        // The file's actions, but for those named only inside a literal without one.
        let rest = without
            .iter()
            .fold(code.clone(), |rest, e| rest.replacen(e, "", 1));
        recorded_with_org.extend(action.captures_iter(&rest).map(|c| c[1].to_owned()));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Not vacuous: the scan saw recording sites of both kinds.
    assert!(
        with_org >= 15 && without_org >= 5,
        "only {with_org} Event literals with an organisation and {without_org} without found"
    );
    let known: BTreeSet<String> = AuditAction::ALL.iter().map(|a| format!("{a:?}")).collect();
    let unknown: Vec<&String> = recorded_with_org.difference(&known).collect();
    assert!(unknown.is_empty(), "not AuditAction variants: {unknown:?}");
    let offered: BTreeSet<String> = ORG_ACTIONS.iter().map(|a| format!("{a:?}")).collect();
    assert_eq!(
        ORG_ACTIONS.len(),
        offered.len(),
        "ORG_ACTIONS lists an action twice"
    );
    let missing: Vec<&String> = recorded_with_org.difference(&offered).collect();
    let extra: Vec<&String> = offered.difference(&recorded_with_org).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "domain::audit::ORG_ACTIONS must list exactly the actions recorded with an \
         organisation;\nrecorded with one but not offered: {missing:?}\noffered but never \
         recorded with one: {extra:?}"
    );
}
