//! The pages' own Askama filters: a handler whose template uses one brings this module into
//! scope beside its template's struct (`use crate::web::filters;`).

use askama::filters::{escape, Html, Safe};

/// `text` escaped for HTML; when it is an e-mail address (it has an "@"), with a break
/// opportunity (`<wbr>`) after its "@" and after each "." — an address shown as a member's name
/// (a card without first or last name) or as its contact wraps there in a narrow column
/// instead of widening the table past the screen (a Russian users table at 1280 px). Neither
/// character occurs in what the escaping writes, so the `<wbr>` lands only in the text.
#[askama::filter_fn]
pub fn break_after_at(
    text: impl std::fmt::Display,
    _: &dyn askama::Values,
) -> askama::Result<Safe<String>> {
    let Ok(escaped) = escape(text, Html);
    let escaped = escaped.to_string();
    if !escaped.contains('@') {
        return Ok(Safe(escaped));
    }
    Ok(Safe(escaped.replace('@', "@<wbr>").replace('.', ".<wbr>")))
}

/// A date and time as the tables show them ("2026-12-07 11:00 UTC"), escaped: the date and the
/// time each kept whole, so a narrow column breaks between them, never inside the date at its
/// hyphens.
#[askama::filter_fn]
pub fn date_time(
    text: impl std::fmt::Display,
    _: &dyn askama::Values,
) -> askama::Result<Safe<String>> {
    let Ok(escaped) = escape(text, Html);
    let escaped = escaped.to_string();
    Ok(Safe(match escaped.split_once(' ') {
        Some((date, time)) => {
            format!(r#"<span class="nowrap">{date}</span> <span class="nowrap">{time}</span>"#)
        }
        None => escaped,
    }))
}

#[cfg(test)]
mod tests {
    use askama::Template;

    #[derive(Template)]
    #[template(source = "<td>{{ when|date_time }}</td>", ext = "html")]
    struct When<'a> {
        when: &'a str,
    }

    #[test]
    fn a_date_and_its_time_stay_whole() {
        let cell = |when| When { when }.render().unwrap();
        assert_eq!(
            cell("2026-12-07 11:00 UTC"),
            r#"<td><span class="nowrap">2026-12-07</span> <span class="nowrap">11:00 UTC</span></td>"#
        );
        assert_eq!(cell(""), "<td></td>");
        assert_eq!(cell("<b>"), "<td>&#60;b&#62;</td>");
    }

    #[derive(Template)]
    #[template(source = "<td>{{ name|break_after_at }}</td>", ext = "html")]
    struct Cell<'a> {
        name: &'a str,
    }

    mod filters {
        pub use crate::web::filters::*;
    }

    fn cell(name: &str) -> String {
        Cell { name }.render().unwrap()
    }

    #[test]
    fn breaks_after_the_at_and_escapes_the_rest() {
        assert_eq!(
            cell("anna.ivanova@example.test"),
            "<td>anna.<wbr>ivanova@<wbr>example.<wbr>test</td>"
        );
        assert_eq!(cell("Dr. Anna Ivanova"), "<td>Dr. Anna Ivanova</td>");
        let hostile = cell("<script>o'b&r\"@x.test</script>");
        assert_eq!(
            hostile,
            "<td>&#60;script&#62;o&#39;b&#38;r&#34;@<wbr>x.<wbr>test&#60;/script&#62;</td>"
        );
    }
}
