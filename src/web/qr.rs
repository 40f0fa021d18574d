//! QR codes as small SVG images (`qrcodegen`: no dependencies, no raster image crates), sent as a
//! `data:` URI so the page loads nothing else (the CSP allows `img-src data:`).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use qrcodegen::{QrCode, QrCodeEcc};

/// Modules of white border around the code (the standard's quiet zone).
const BORDER: i32 = 4;

/// The SVG of `text` as a QR code (error correction M), or None when it does not fit.
pub fn svg(text: &str) -> Option<String> {
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = qr.size();
    let dim = size + 2 * BORDER;
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + BORDER, y + BORDER));
            }
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {dim} {dim}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{dim}\" height=\"{dim}\" fill=\"#fff\"/>\
         <path d=\"{path}\" fill=\"#000\"/></svg>"
    ))
}

/// `svg(text)` as a `data:image/svg+xml;base64,…` URI for an `<img src>`.
pub fn data_uri(text: &str) -> Option<String> {
    svg(text).map(|s| format!("data:image/svg+xml;base64,{}", STANDARD.encode(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_otpauth_uri_fits_and_has_a_quiet_zone() {
        let s = svg("otpauth://totp/Invitely:someone%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Invitely").unwrap();
        assert!(s.starts_with("<svg"));
        assert!(
            s.contains("M4,4h1v1h-1z"),
            "finder pattern starts at the border"
        );
        assert!(data_uri("x")
            .unwrap()
            .starts_with("data:image/svg+xml;base64,"));
    }
}
