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

#[cfg(test)]
mod tests {
    use askama::Template;

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
