//! QR codes of document tokens: an SVG for the HTML page, a module grid for the PDF.

use qrcode::{EcLevel, QrCode};

/// The dark/light modules of a QR code, row by row (no quiet zone).
pub struct Modules {
    pub width: usize,
    pub dark: Vec<bool>,
}

fn code(text: &str) -> Option<QrCode> {
    // Level M survives some wear and still fits a ~1 KB token in a printable code.
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()
}

/// The module grid of `text`, or `None` if it is too long for a QR code.
pub fn modules(text: &str) -> Option<Modules> {
    let c = code(text)?;
    let width = c.width();
    let dark = c
        .to_colors()
        .into_iter()
        .map(|m| m == qrcode::Color::Dark)
        .collect();
    Some(Modules { width, dark })
}

/// An SVG image of `text` as a QR code (inline-safe: no script, fixed colours).
pub fn svg(text: &str) -> Option<String> {
    let c = code(text)?;
    Some(
        c.render::<qrcode::render::svg::Color>()
            .min_dimensions(256, 256)
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn encodes_a_token_sized_text() {
        let token = "x".repeat(1200);
        let m = super::modules(&token).expect("fits");
        assert_eq!(m.dark.len(), m.width * m.width);
        assert!(super::svg(&token).expect("svg").starts_with("<?xml"));
    }
}
