//! Bar charts as SVG, drawn on the server: no script, printable, and accessible (a title
//! and a description; the page shows the same numbers in a table beside it). Withheld
//! values draw no bar.

/// Escapes text for SVG (XML).
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The fills of the series, in order (dark enough on white for WCAG non-text contrast).
const FILLS: [&str; 3] = ["#71767a", "#005ea2", "#00a91c"];

/// Grouped bars: one group per label, one bar per series.
pub fn bars(
    title: &str,
    desc: &str,
    labels: &[String],
    series: &[(String, Vec<Option<u64>>)],
) -> String {
    const W: f64 = 720.0;
    const H: f64 = 280.0;
    const LEFT: f64 = 48.0;
    const BOTTOM: f64 = 40.0;
    const TOP: f64 = 28.0;
    let max = series
        .iter()
        .flat_map(|(_, v)| v.iter().flatten())
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    let labels: Vec<String> = labels.to_vec();
    // A round scale: 1, 2 or 5 times a power of ten.
    let mut step = 1u64;
    while max / step > 5 {
        step = match step.to_string().chars().next() {
            Some('1') => step * 2,
            Some('2') => step / 2 * 5,
            _ => step * 2,
        };
    }
    let top = max.div_ceil(step) * step;
    let plot_h = H - TOP - BOTTOM;
    let n = labels.len().max(1) as f64;
    let group = (W - LEFT - 8.0) / n;
    let bar = (group * 0.8 / series.len().max(1) as f64).min(28.0);
    let y = |v: u64| TOP + plot_h - (v as f64 / top as f64) * plot_h;
    let mut out = format!(
        "<svg class=\"gerbang-chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"chart-title\">{}</title><desc id=\"chart-desc\">{}</desc>",
        esc(title),
        esc(desc)
    );
    let mut tick = 0;
    while tick <= top {
        let ty = y(tick);
        out.push_str(&format!(
            "<line x1=\"{LEFT}\" x2=\"{W}\" y1=\"{ty:.1}\" y2=\"{ty:.1}\" stroke=\"#dfe1e2\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"15\" fill=\"#1b1b1b\">{tick}</text>",
            LEFT - 6.0,
            ty + 4.0
        ));
        tick += step;
    }
    for (i, label) in labels.iter().enumerate() {
        let gx = LEFT + 4.0 + group * i as f64;
        for (s, (_, values)) in series.iter().enumerate() {
            if let Some(Some(v)) = values.get(i) {
                let x = gx + (group - bar * series.len() as f64) / 2.0 + bar * s as f64;
                let top_y = y(*v);
                out.push_str(&format!(
                    "<rect x=\"{x:.1}\" y=\"{top_y:.1}\" width=\"{bar:.1}\" height=\"{:.1}\" fill=\"{}\"/>",
                    (TOP + plot_h - top_y).max(0.0),
                    FILLS[s % FILLS.len()]
                ));
            }
        }
        // Month labels: short, every other one when there are many.
        if labels.len() <= 12 || i % 2 == 0 {
            let short = label.as_str();
            out.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"15\" fill=\"#1b1b1b\">{}</text>",
                gx + group / 2.0,
                H - BOTTOM + 16.0,
                esc(short)
            ));
        }
    }
    // The legend.
    let mut lx = LEFT;
    for (s, (name, _)) in series.iter().enumerate() {
        out.push_str(&format!(
            "<rect x=\"{lx:.1}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"17\" font-size=\"15\" fill=\"#1b1b1b\">{}</text>",
            FILLS[s % FILLS.len()],
            lx + 16.0,
            esc(name)
        ));
        lx += 32.0 + 8.5 * name.chars().count() as f64;
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_has_its_title_description_and_one_bar_per_published_value() {
        let svg = bars(
            "Applications <by month>",
            "Received and decided",
            &["Jan".into(), "Feb".into()],
            &[
                ("Received".into(), vec![Some(12), None]),
                ("Decided".into(), vec![Some(7), Some(9)]),
            ],
        );
        assert!(svg.contains("<title id=\"chart-title\">Applications &lt;by month&gt;</title>"));
        assert!(svg.contains("role=\"img\""));
        assert_eq!(
            svg.matches("<rect").count(),
            3 + 2,
            "three bars and two legend keys"
        );
    }
}
