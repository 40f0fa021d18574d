// --- typed states: the stored words are spelled once (issue 6, item 1) ---
// Self-contained (no `use` at the top), so that it sits beside the layering checks unchanged.

/// The one file allowed to spell the stored words.
const ENUMS_FILE: &str = "src/db/enums.rs";

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
        if rel == ENUMS_FILE {
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
