//! The PDF of an issued document: one A4 page, PDF/A-2b, DejaVu Sans embedded (subset).
//!
//! Rendering happens twice at issue: first without the verification seal, to take the
//! digest that goes into the signed claims, then with the seal (the QR code of the token,
//! and the token itself in the document metadata, where [`find_token`] finds it again).

use krilla::configure::{Configuration, Validator};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// The metadata description starts with this, followed by the token.
pub const TOKEN_PREFIX: &str = "Gerbang verification token: ";

/// Everything printed on the document, already translated into its language.
#[derive(Debug, Clone)]
pub struct PdfContent {
    pub lang: String,
    pub agency: String,
    pub title: String,
    /// Label and value lines: number, holder, facts, dates.
    pub lines: Vec<(String, String)>,
    /// Printed under the QR code, such as "Scan or paste at https://.../verify".
    pub seal_caption: String,
    /// What the QR code holds before the token: the verification page's address ending in
    /// `?token=`, so that a phone camera opens it. Empty: the bare token.
    pub verify_url: String,
    /// Issue date (year, month, day), for the document metadata.
    pub issued: (u16, u8, u8),
}

/// A rendered PDF and the conformance level it reached.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// `Some("PDF/A-2b")` when the validator passed; `None` when we had to fall back.
    pub conformance: Option<&'static str>,
}

/// Why a PDF could not be produced.
#[derive(Debug, Clone, thiserror::Error)]
#[error("PDF rendering failed: {0}")]
pub struct PdfError(String);

const A4: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 56.0;

/// Renders the document; with `token`, adds the seal (QR code and metadata token).
pub fn render(content: &PdfContent, token: Option<&str>) -> Result<Rendered, PdfError> {
    match render_with(content, token, Validator::A2_B) {
        Ok(bytes) => Ok(Rendered {
            bytes,
            conformance: Some("PDF/A-2b"),
        }),
        // A glyph missing from the font, for instance: still issue the document.
        Err(_) => render_with(content, token, Validator::None).map(|bytes| Rendered {
            bytes,
            conformance: None,
        }),
    }
}

fn render_with(
    content: &PdfContent,
    token: Option<&str>,
    validator: Validator,
) -> Result<Vec<u8>, PdfError> {
    let regular = Font::new(REGULAR.into(), 0).ok_or_else(|| PdfError("font".into()))?;
    let bold = Font::new(BOLD.into(), 0).ok_or_else(|| PdfError("bold font".into()))?;
    let settings = SerializeSettings {
        configuration: Configuration::new_with_validator(validator),
        enable_tagging: false,
        ..SerializeSettings::default()
    };
    let mut doc = Document::new_with(settings);
    let (y, m, d) = content.issued;
    let mut meta = Metadata::new()
        .title(content.title.clone())
        .creator("Gerbang".into())
        .authors(vec![content.agency.clone()])
        .language(content.lang.clone())
        .creation_date(DateTime::new(y).month(m).day(d));
    if let Some(t) = token {
        meta = meta.description(format!("{TOKEN_PREFIX}{t}"));
    }
    doc.set_metadata(meta);
    let settings = PageSettings::from_wh(A4.0, A4.1).ok_or_else(|| PdfError("page".into()))?;
    let mut page = doc.start_page_with(settings);
    let mut s = page.surface();
    let mut y = MARGIN + 10.0;
    let text = |s: &mut krilla::surface::Surface, font: &Font, size: f32, t: &str, y: f32| {
        s.draw_text(
            Point::from_xy(MARGIN, y),
            font.clone(),
            size,
            t,
            false,
            TextDirection::Auto,
        );
    };
    for line in wrap(&content.agency, 13.0) {
        text(&mut s, &bold, 13.0, &line, y);
        y += 18.0;
    }
    y += 18.0;
    for line in wrap(&content.title, 20.0) {
        text(&mut s, &bold, 20.0, &line, y);
        y += 26.0;
    }
    y += 14.0;
    for (label, value) in &content.lines {
        text(&mut s, &regular, 9.5, label, y);
        y += 14.0;
        for line in wrap(value, 12.0) {
            text(&mut s, &bold, 12.0, &line, y);
            y += 16.0;
        }
        y += 8.0;
    }
    if let Some(t) = token
        && let Some(qr) = crate::qr::modules(&format!("{}{t}", content.verify_url))
    {
        let side = 200.0_f32;
        let cell = side / qr.width as f32;
        let top = (y + 10.0).max(A4.1 - MARGIN - side - 40.0);
        let mut pb = PathBuilder::new();
        for (i, dark) in qr.dark.iter().enumerate() {
            if *dark {
                let (cx, cy) = ((i % qr.width) as f32, (i / qr.width) as f32);
                if let Some(r) = Rect::from_xywh(MARGIN + cx * cell, top + cy * cell, cell, cell) {
                    pb.push_rect(r);
                }
            }
        }
        if let Some(path) = pb.finish() {
            s.set_fill(Some(Fill::default()));
            s.draw_path(&path);
        }
        let mut cy = top + side + 16.0;
        for line in wrap(&content.seal_caption, 9.0) {
            text(&mut s, &regular, 9.0, &line, cy);
            cy += 12.0;
        }
    }
    s.finish();
    page.finish();
    doc.finish().map_err(|e| PdfError(format!("{e:?}")))
}

/// Breaks text into lines that fit the text width at `size` (DejaVu Sans averages
/// about 0.55 em per character; good enough for labels and names).
fn wrap(text: &str, size: f32) -> Vec<String> {
    let per_line = ((A4.0 - 2.0 * MARGIN) / (size * 0.55)) as usize;
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > per_line {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Finds the token in a PDF's bytes (the metadata keeps it as plain ASCII).
pub fn find_token(pdf: &[u8]) -> Option<String> {
    let prefix = TOKEN_PREFIX.as_bytes();
    let at = pdf.windows(prefix.len()).position(|w| w == prefix)? + prefix.len();
    crate::jws::read_compact(&pdf[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content() -> PdfContent {
        PdfContent {
            lang: "id".into(),
            agency: "Kecamatan Sukamaju".into(),
            title: "Surat Keterangan Domisili".into(),
            lines: vec![
                ("Nomor".into(), "DOC-7K3F-9QXM-4".into()),
                ("Nama pemegang".into(), "Siti Rahmawati Ñoño".into()),
            ],
            seal_caption: "Pindai atau tempel di https://contoh.go.id/verify".into(),
            verify_url: "https://contoh.go.id/verify?token=".into(),
            issued: (2026, 5, 1),
        }
    }

    #[test]
    fn renders_pdf_a_with_a_findable_token() {
        let unsealed = render(&content(), None).expect("pdf");
        assert!(unsealed.bytes.starts_with(b"%PDF-"));
        assert_eq!(unsealed.conformance, Some("PDF/A-2b"));
        assert_eq!(find_token(&unsealed.bytes), None);
        let token = "eyJhbGciOiJFZERTQSJ9.eyJhIjoxfQ.c2lnbmF0dXJl";
        let sealed = render(&content(), Some(token)).expect("pdf");
        assert_eq!(sealed.conformance, Some("PDF/A-2b"));
        assert_eq!(find_token(&sealed.bytes).as_deref(), Some(token));
    }
}
