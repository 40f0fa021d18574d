//! The layering rules, read from the source files: data flows web → domain → db, so nothing in
//! `domain` or `db` imports `web` or `jobs`; nothing in `web` uses diesel (SQL lives in `db` and
//! `domain`); no handler module imports another (what two handlers share lives outside
//! `web/handlers`). Also: every requirement id a comment cites exists in `docs/`.

use regex::Regex;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The `.rs` files under `dir` (relative to the crate), recursively, with their code: comments
/// removed, so that a comment may name what the code may not use.
pub(crate) fn sources(dir: &str) -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    walk(&root.join(dir), &mut paths);
    paths.sort();
    assert!(!paths.is_empty(), "no source under {dir}");
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let name = p.strip_prefix(root).unwrap().display().to_string();
            (name, code_of(&text))
        })
        .collect()
}

/// The text without `//` comments (line comments and doc comments; a `//` inside a string
/// literal is kept).
fn code_of(text: &str) -> String {
    text.lines()
        .map(|line| {
            let mut in_string = false;
            let bytes = line.as_bytes();
            for i in 0..bytes.len() {
                match bytes[i] {
                    b'"' if i == 0 || bytes[i - 1] != b'\\' => in_string = !in_string,
                    b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
                    _ => {}
                }
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `file:line: text` of every line of these sources that matches `pattern`.
fn offenders(files: &[(String, String)], pattern: &Regex) -> Vec<String> {
    let mut out = Vec::new();
    for (name, code) in files {
        for (n, line) in code.lines().enumerate() {
            if pattern.is_match(line) {
                out.push(format!("{name}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    out
}

fn domain_and_db() -> Vec<(String, String)> {
    let mut files = sources("src/domain");
    files.extend(sources("src/db"));
    files
}

/// `file:line: text` of every line that reaches the top-level module `x`: `crate::x`,
/// `crate::{…, x, …}`, or as many `super::` as lead from the file's module up to the crate
/// root and then `x` (one `super::` fewer names a sibling such as `domain::jobs`, which is
/// not `crate::jobs`).
fn reaching(files: &[(String, String)], module: &str) -> Vec<String> {
    let from_crate = Regex::new(&format!(
        r"\bcrate::{module}\b|\bcrate::\{{[^}}]*\b{module}\b"
    ))
    .unwrap();
    let supers = Regex::new(&format!(r"\b((?:super::)+){module}\b")).unwrap();
    let mut out = Vec::new();
    for (name, code) in files {
        // src/domain/members/card.rs → domain::members::card (depth 3); mod.rs is its folder.
        let module_path = name
            .trim_start_matches("src/")
            .trim_end_matches(".rs")
            .trim_end_matches("/mod");
        let depth = module_path.split('/').count();
        for (n, line) in code.lines().enumerate() {
            let up_to_root = supers
                .captures_iter(line)
                .any(|c| c[1].matches("super::").count() >= depth);
            if from_crate.is_match(line) || up_to_root {
                out.push(format!("{name}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    out
}

#[test]
fn domain_and_db_do_not_import_web() {
    let found = reaching(&domain_and_db(), "web");
    assert!(
        found.is_empty(),
        "domain and db know nothing of the web layer:\n{}",
        found.join("\n")
    );
}

#[test]
fn domain_and_db_do_not_import_jobs() {
    let found = reaching(&domain_and_db(), "jobs");
    assert!(
        found.is_empty(),
        "domain and db do not reach into the job runner (the queue's storage is in db):\n{}",
        found.join("\n")
    );
}

#[test]
fn web_does_not_use_diesel() {
    let pattern = Regex::new(r"\bdiesel\b|\bdb::schema\b").unwrap();
    let found = offenders(&sources("src/web"), &pattern);
    assert!(
        found.is_empty(),
        "no SQL in the web layer; handlers call domain (or db through domain):\n{}",
        found.join("\n")
    );
}

#[test]
fn handler_modules_do_not_import_each_other() {
    let handlers = sources("src/web/handlers");
    let names: BTreeSet<String> = handlers
        .iter()
        .filter_map(|(path, _)| {
            let stem = Path::new(path).file_stem()?.to_str()?.to_owned();
            (stem != "mod").then_some(stem)
        })
        .collect();
    assert!(names.len() >= 5, "{names:?}");
    // `handlers::x`, `super::x` and `handlers::{…, x, …}`.
    let path = Regex::new(r"\b(?:handlers|super)::(\w+)").unwrap();
    let group = Regex::new(r"\bhandlers::\{([^}]*)\}").unwrap();
    let mut found = Vec::new();
    for (file, code) in &handlers {
        let own = Path::new(file).file_stem().unwrap().to_str().unwrap();
        if own == "mod" {
            continue;
        }
        for (n, line) in code.lines().enumerate() {
            let mut used: Vec<&str> = path
                .captures_iter(line)
                .map(|c| c.get(1).unwrap().as_str())
                .collect();
            for c in group.captures_iter(line) {
                let list = c.get(1).unwrap().as_str();
                used.extend(
                    list.split(',')
                        .map(|s| s.trim().split("::").next().unwrap()),
                );
            }
            for other in used {
                if other != own && names.contains(other) {
                    found.push(format!("{file}:{}: uses `{other}`: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "handler modules share nothing directly (move shared helpers out of web/handlers):\n{}",
        found.join("\n")
    );
}

/// Every `docs/SECURITY.md X1[, X2…]` and `docs/PRODUCT.md §N.M` in a comment names a line or
/// item that exists, and no comment cites a document outside the repository.
#[test]
fn requirement_references_resolve() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let security = std::fs::read_to_string(root.join("docs/SECURITY.md")).unwrap();
    let product = std::fs::read_to_string(root.join("docs/PRODUCT.md")).unwrap();
    let ids: BTreeSet<&str> = security
        .lines()
        .filter_map(|l| l.strip_prefix("- ")?.split_whitespace().next())
        .collect();
    assert!(ids.contains("A1") && ids.contains("I8"), "{ids:?}");

    let security_ref = Regex::new(r"docs/SECURITY\.md ([A-Z]\d+(?:(?:, |/)[A-Z]\d+)*)").unwrap();
    let product_ref = Regex::new(r"docs/PRODUCT\.md §(\d+)\.(\d+)").unwrap();
    let outside = Regex::new(r"(?:^|[^/\w])(?:SECURITY|PRODUCT|STYLE|UX)(?:\.md| §)").unwrap();
    let mut problems = Vec::new();
    let mut refs = 0;
    for dir in ["src", "tests"] {
        let root_dir = root.join(dir);
        let mut stack = vec![root_dir];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs")
                    || path.ends_with("tests/integration/architecture.rs")
                {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let name = path.strip_prefix(root).unwrap().display();
                for (n, line) in text.lines().enumerate() {
                    for c in security_ref.captures_iter(line) {
                        refs += 1;
                        for id in c[1].split([',', '/']).map(str::trim) {
                            if !ids.contains(id) {
                                problems
                                    .push(format!("{name}:{}: no {id} in docs/SECURITY.md", n + 1));
                            }
                        }
                    }
                    for c in product_ref.captures_iter(line) {
                        refs += 1;
                        if !product_item_exists(&product, &c[1], &c[2]) {
                            problems.push(format!(
                                "{name}:{}: no §{}.{} in docs/PRODUCT.md",
                                n + 1,
                                &c[1],
                                &c[2]
                            ));
                        }
                    }
                    if outside.is_match(line) {
                        problems.push(format!(
                            "{name}:{}: cites a document without its place in docs/: {}",
                            n + 1,
                            line.trim()
                        ));
                    }
                }
            }
        }
    }
    assert!(refs >= 20, "only {refs} references found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Section `## {section}.` of PRODUCT.md has a numbered item `{item}.`.
fn product_item_exists(product: &str, section: &str, item: &str) -> bool {
    let heading = format!("## {section}. ");
    let Some(start) = product.find(&heading) else {
        return false;
    };
    let body = &product[start + heading.len()..];
    let body = &body[..body.find("\n## ").unwrap_or(body.len())];
    let marker = format!("{item}. ");
    body.lines().any(|l| l.starts_with(&marker))
}

// --- typed states: the stored words are spelled once (issue 6, item 1) ---
// Self-contained (no `use` at the top), so that it sits beside the layering checks unchanged.

/// The one file allowed to spell the stored words.
const ENUMS_FILE: &str = "src/db/enums.rs";
/// The import's words (outcomes, problems) live in a file of their own.
const IMPORT_ENUMS_FILE: &str = "src/db/import_enums.rs";

/// Words that are also something else: "error" is a flash message's kind, "email" a form
/// field's name, "sms_daily_cap" the platform setting's key (and its form field). They count
/// only on a line that speaks of a status, channel, kind or reason.
const AMBIGUOUS: [&str; 3] = ["error", "email", "sms_daily_cap"];

fn files_under(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The text of every stored state, channel, kind, reason and audit action.
fn vocabulary() -> Vec<&'static str> {
    use invitely::db::enums::{
        AuditAction, Channel, InvitationStatus, MemberKind, MemberStatus, Reason, ShownStatus,
    };
    let mut words: Vec<&'static str> = Vec::new();
    words.extend(MemberStatus::ALL.iter().map(|v| v.as_str()));
    words.extend(InvitationStatus::ALL.iter().map(|v| v.as_str()));
    words.extend(ShownStatus::ALL.iter().map(|v| v.as_str()));
    words.extend(Channel::ALL.iter().map(|v| v.as_str()));
    words.extend(MemberKind::ALL.iter().map(|v| v.as_str()));
    words.extend(Reason::ALL.iter().map(|v| v.as_str()));
    words.extend(AuditAction::ALL.iter().map(|v| v.as_str()));
    // An import row's outcome (its problems share Reason's words or are field names, and
    // "done" is a word of every progress page).
    words.extend(
        invitely::db::import_enums::ImportOutcome::ALL
            .iter()
            .map(|v| v.as_str()),
    );
    words.sort_unstable();
    words.dedup();
    words
}

/// The code of a template: what is inside `{{ }}` and `{% %}` (HTML around it may say "email").
fn template_code(text: &str) -> String {
    let re = regex::Regex::new(r"(?s)\{\{.*?\}\}|\{%.*?%\}").unwrap();
    re.find_iter(text)
        .map(|m| m.as_str().replace('\n', " "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every string literal in `root`'s `src/` and `templates/` whose text is a stored word, as
/// "file:line: literal", outside the enums' own file.
fn literal_hits(root: &std::path::Path) -> Vec<String> {
    let words = vocabulary();
    let literal = regex::Regex::new(r#""((?:[^"\\]|\\.)*)""#).unwrap();
    let speaks_of_states =
        regex::Regex::new(r"(?i)status|channel|\bkind\b|invite_error|reason|problem").unwrap();
    let mut files = Vec::new();
    files_under(&root.join("src"), &mut files);
    files_under(&root.join("templates"), &mut files);
    let mut hits = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel == ENUMS_FILE || rel == IMPORT_ENUMS_FILE {
            continue;
        }
        let raw = std::fs::read_to_string(&file).unwrap();
        let code = match file.extension().and_then(|e| e.to_str()) {
            Some("rs") => raw,
            Some("html") | Some("txt") => template_code(&raw),
            _ => continue,
        };
        for (n, line) in code.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for c in literal.captures_iter(line) {
                let text = &c[1];
                if !words.contains(&text) {
                    continue;
                }
                if AMBIGUOUS.contains(&text) && !speaks_of_states.is_match(line) {
                    continue;
                }
                hits.push(format!("{rel}:{}: \"{text}\"", n + 1));
            }
        }
    }
    hits
}

/// States, channels, kinds, reasons and audit actions are spelled once, in their enums: a
/// literal elsewhere is a second encoding that can drift (or be mistyped) unseen.
#[test]
fn stored_words_are_spelled_only_in_their_enums() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let words = vocabulary();
    assert!(words.len() > 40, "{} words", words.len());
    let hits = literal_hits(root);
    assert!(
        hits.is_empty(),
        "{} literal(s) outside {ENUMS_FILE}:\n{}",
        hits.len(),
        hits.join("\n")
    );
}
