//! How many SMS segments a text costs (3GPP TS 23.038 / 23.040): GSM-7 when every character is
//! in the default alphabet or its extension table (an extension character takes two septets,
//! escape and character), UCS-2 otherwise. One segment holds 160 septets or 70 UTF-16 units; a
//! longer text is sent in parts of 153 septets or 67 units (the rest is the concatenation
//! header), and a part never splits an escape pair or a surrogate pair.
//!
//! Written here rather than taken from a crate: the crates found (`gsm7`, `gsm7-alt`,
//! `message_segment_calculator`) either only pack septets, or are young and barely documented;
//! the two tables below and the packing are all this needs.

/// The GSM 03.38 default alphabet (without the escape code 0x1B).
const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
                     ¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// The extension table: each of these is sent as escape + character.
const EXTENSION: &str = "\u{c}^{}\\[~]|€";

pub const GSM7_SINGLE: usize = 160;
pub const GSM7_PART: usize = 153;
pub const UCS2_SINGLE: usize = 70;
pub const UCS2_PART: usize = 67;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Gsm7,
    Ucs2,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Gsm7 => "GSM-7",
            Encoding::Ucs2 => "UCS-2",
        }
    }
}

/// What a text costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segments {
    pub encoding: Encoding,
    /// Septets (GSM-7) or UTF-16 code units (UCS-2).
    pub units: usize,
    /// Segments billed; an empty text is still one message.
    pub count: usize,
}

/// The septets a character takes in GSM-7, or `None` when it is not in the alphabet.
fn gsm7_units(c: char) -> Option<usize> {
    if BASIC.contains(c) {
        Some(1)
    } else if EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// The number of parts `sizes` (the units of each character, in order) are sent in, with
/// `single` units in a lone segment and `part` in each part of a longer text.
fn pack(sizes: impl Iterator<Item = usize> + Clone, single: usize, part: usize) -> usize {
    if sizes.clone().sum::<usize>() <= single {
        return 1;
    }
    let (mut parts, mut used) = (1, 0);
    for size in sizes {
        if used + size > part {
            parts += 1;
            used = 0;
        }
        used += size;
    }
    parts
}

pub fn count(text: &str) -> Segments {
    if text.chars().all(|c| gsm7_units(c).is_some()) {
        let sizes = text.chars().map(|c| gsm7_units(c).unwrap_or(1));
        Segments {
            encoding: Encoding::Gsm7,
            units: sizes.clone().sum(),
            count: pack(sizes, GSM7_SINGLE, GSM7_PART),
        }
    } else {
        let sizes = text.chars().map(char::len_utf16);
        Segments {
            encoding: Encoding::Ucs2,
            units: sizes.clone().sum(),
            count: pack(sizes, UCS2_SINGLE, UCS2_PART),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_are_complete() {
        let basic: std::collections::HashSet<char> = BASIC.chars().collect();
        assert_eq!(BASIC.chars().count(), 127, "128 codes less the escape");
        assert_eq!(basic.len(), 127, "no character twice");
        assert_eq!(EXTENSION.chars().count(), 10);
        assert!(EXTENSION.chars().all(|c| !basic.contains(&c)));
    }

    #[test]
    fn known_strings() {
        let gsm = |units, count| Segments {
            encoding: Encoding::Gsm7,
            units,
            count,
        };
        let ucs = |units, count| Segments {
            encoding: Encoding::Ucs2,
            units,
            count,
        };
        assert_eq!(count(""), gsm(0, 1));
        assert_eq!(count("Hello, world!"), gsm(13, 1));
        assert_eq!(count(&"a".repeat(160)), gsm(160, 1));
        assert_eq!(count(&"a".repeat(161)), gsm(161, 2));
        assert_eq!(count(&"a".repeat(306)), gsm(306, 2));
        assert_eq!(count(&"a".repeat(307)), gsm(307, 3));
        // Extension characters take two septets: 80 euros fill a segment, 81 do not fit.
        assert_eq!(count(&"€".repeat(80)), gsm(160, 1));
        assert_eq!(count(&"€".repeat(81)), gsm(162, 2));
        assert_eq!(count("[x] {y} ~z^ a|b \\"), gsm(25, 1));
        // An escape pair is never split: 152 letters then a euro need a second part.
        assert_eq!(
            count(&format!("{}€{}", "a".repeat(152), "a".repeat(7))),
            gsm(161, 2)
        );
        assert_eq!(
            count(&format!("{}€{}", "a".repeat(151), "a".repeat(8))),
            gsm(161, 2)
        );
        assert_eq!(
            count(&format!("{}€{}", "a".repeat(152), "a".repeat(152))),
            gsm(306, 3)
        );
        assert_eq!(count("Ça coûte 5 £ à Zürich"), ucs(21, 1), "û is not GSM-7");
        assert_eq!(count("Ça coute 5 £ à Zürich"), gsm(21, 1));
        assert_eq!(count("Привет"), ucs(6, 1));
        assert_eq!(count(&"я".repeat(70)), ucs(70, 1));
        assert_eq!(count(&"я".repeat(71)), ucs(71, 2));
        assert_eq!(count(&"я".repeat(134)), ucs(134, 2));
        assert_eq!(count(&"я".repeat(135)), ucs(135, 3));
        // One emoji turns the text UCS-2 and takes two units (a surrogate pair, never split).
        assert_eq!(count("Hi 👋"), ucs(5, 1));
        assert_eq!(count(&format!("{}👋", "a".repeat(66))), ucs(68, 1));
        assert_eq!(
            count(&format!("{}👋{}", "a".repeat(66), "a".repeat(3))),
            ucs(71, 2)
        );
        // Curly quotes are not GSM-7; straight ones are.
        assert_eq!(count("it’s").encoding, Encoding::Ucs2);
        assert_eq!(count("it's").encoding, Encoding::Gsm7);
    }
}
