//! Where the map inset's labels go: on a country's anchor when the label
//! fits there, else moved just off it (with a leader line back to the
//! anchor) to the nearest spot where it covers no other country, no other
//! label and stays inside the inset. Central America's smallest countries
//! (Belize, El Salvador) are narrower than their three letters.
//!
//! A greedy search over a few rings of candidate spots, the simplest of the
//! point-feature labelling methods (Christensen, Marks and Shieber, "An
//! empirical study of algorithms for point-feature label placement", 1995);
//! with some twenty labels, the first free spot is good enough.

use std::sync::OnceLock;

use super::shapes::{shapes, Shape};

/// The label's box around its baseline point, in map units, for the
/// inset's 4-unit bold capitals (three letters are about 8 units wide; the box is Chromium's, with a margin).
const HALF_WIDTH: f64 = 4.8;
const ASCENT: f64 = 3.9;
const DESCENT: f64 = 1.3;
/// The rings of spots tried around the anchor, nearest first.
const RINGS: [f64; 4] = [6.0, 9.0, 12.0, 16.0];

/// A placed label: its baseline point and, when it was moved, the anchor
/// its leader line goes back to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Label {
    pub code: &'static str,
    pub x: f64,
    pub y: f64,
    pub leader: Option<(f64, f64)>,
}

struct Outline {
    code: &'static str,
    rings: Vec<Vec<(f64, f64)>>,
    bbox: (f64, f64, f64, f64),
}

/// Every shape's rings, from its path (absolute `M`, `L` and `Z` only, as
/// `scripts/map/gen.mjs` writes them).
fn outlines() -> &'static [Outline] {
    static OUTLINES: OnceLock<Vec<Outline>> = OnceLock::new();
    OUTLINES.get_or_init(|| shapes().iter().map(outline).collect())
}

fn outline(s: &Shape) -> Outline {
    let mut rings: Vec<Vec<(f64, f64)>> = Vec::new();
    for part in s.d.split_inclusive(['M', 'L', 'Z']) {
        let (command, rest) = match part.chars().last() {
            Some(c @ ('M' | 'L' | 'Z')) => (c, &part[..part.len() - 1]),
            _ => (' ', part),
        };
        if let Some((x, y)) = rest.split_once(',') {
            if let (Ok(x), Ok(y)) = (x.trim().parse(), y.trim().parse()) {
                if let Some(ring) = rings.last_mut() {
                    ring.push((x, y));
                }
            }
        }
        // The command after the point says what the next point starts.
        if command == 'M' {
            rings.push(Vec::new());
        }
    }
    let points = rings.iter().flatten();
    let bbox = points.fold(
        (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
        |(x0, y0, x1, y1), &(x, y)| (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
    );
    Outline {
        code: s.code,
        rings,
        bbox,
    }
}

/// Even-odd rule over every ring of the outline.
fn inside(o: &Outline, (x, y): (f64, f64)) -> bool {
    let mut odd = false;
    for ring in &o.rings {
        for i in 0..ring.len() {
            let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
            if (a.1 > y) != (b.1 > y) && x < a.0 + (y - a.1) * (b.0 - a.0) / (b.1 - a.1) {
                odd = !odd;
            }
        }
    }
    odd
}

type Rect = (f64, f64, f64, f64);

fn label_box(x: f64, y: f64) -> Rect {
    (x - HALF_WIDTH, y - ASCENT, x + HALF_WIDTH, y + DESCENT)
}

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Whether a label of `code` in `r` touches another country.
fn covers_another(code: &str, r: Rect) -> bool {
    outlines()
        .iter()
        .filter(|o| o.code != code && overlaps(r, o.bbox))
        .any(|o| {
            (0..=4).any(|i| {
                (0..=4).any(|j| {
                    let p = (
                        r.0 + (r.2 - r.0) * i as f64 / 4.0,
                        r.1 + (r.3 - r.1) * j as f64 / 4.0,
                    );
                    inside(o, p)
                })
            })
        })
}

/// The labels of the countries whose anchors lie in `frame` (x, y, width,
/// height), each placed as the module says; a label with no free spot
/// stays on its anchor.
pub fn place(frame: (i32, i32, i32, i32)) -> Vec<Label> {
    let (fx, fy, fw, fh) = (
        frame.0 as f64,
        frame.1 as f64,
        frame.2 as f64,
        frame.3 as f64,
    );
    let within = |r: Rect| r.0 >= fx && r.1 >= fy && r.2 <= fx + fw && r.3 <= fy + fh;
    let mut placed: Vec<(Label, Rect)> = Vec::new();
    for s in shapes() {
        let (ax, ay) = (s.anchor.0 as f64, s.anchor.1 as f64);
        if !(fx..=fx + fw).contains(&ax) || !(fy..=fy + fh).contains(&ay) {
            continue;
        }
        let base = (ax, ay - 2.0);
        let candidates = std::iter::once((0.0, 0.0)).chain(RINGS.iter().flat_map(|&r| {
            // Right, left, below, above, then the diagonals.
            [
                (r, 0.0),
                (-r, 0.0),
                (0.0, r),
                (0.0, -r),
                (r, r),
                (-r, r),
                (r, -r),
                (-r, -r),
            ]
        }));
        let free = |(dx, dy): (f64, f64)| {
            let r = label_box(base.0 + dx, base.1 + dy);
            within(r) && !covers_another(s.code, r) && !placed.iter().any(|(_, p)| overlaps(r, *p))
        };
        let (dx, dy) = candidates
            .into_iter()
            .find(|&c| free(c))
            .unwrap_or((0.0, 0.0));
        let (x, y) = (base.0 + dx, base.1 + dy);
        let label = Label {
            code: s.code,
            x,
            y,
            leader: (dx != 0.0 || dy != 0.0).then_some((ax, ay)),
        };
        placed.push((label, label_box(x, y)));
    }
    placed.into_iter().map(|(l, _)| l).collect()
}

/// The end of a leader line at the label's box, on the side facing the
/// anchor.
pub fn leader_end(l: &Label, anchor: (f64, f64)) -> (f64, f64) {
    let (x0, y0, x1, y1) = label_box(l.x, l.y);
    (anchor.0.clamp(x0, x1), anchor.1.clamp(y0, y1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_is_inside_its_country_and_not_its_neighbours() {
        let find = |c: &str| outlines().iter().find(|o| o.code == c).unwrap();
        // El Salvador's anchor is in El Salvador, not in Honduras.
        let slv = shapes().iter().find(|s| s.code == "SLV").unwrap().anchor;
        let p = (slv.0 as f64, slv.1 as f64);
        assert!(inside(find("SLV"), p));
        assert!(!inside(find("HND"), p));
    }

    #[test]
    fn belize_and_el_salvador_are_labelled_off_their_neighbours() {
        let labels = place((200, 300, 150, 120));
        for code in ["BLZ", "SLV"] {
            let l = labels.iter().find(|l| l.code == code).unwrap();
            assert!(!covers_another(code, label_box(l.x, l.y)), "{l:?}");
        }
    }
}
