//! The countries of the Americas as the map draws them: each one's code,
//! label anchor and SVG path, read once from `data/americas.tsv` (Natural
//! Earth via world-atlas, projected by `scripts/map/gen.mjs`).

use std::sync::OnceLock;

const DATA: &str = include_str!("../../data/americas.tsv");

pub struct Shape {
    pub code: &'static str,
    pub anchor: (i32, i32),
    pub d: &'static str,
}

pub fn shapes() -> &'static [Shape] {
    static SHAPES: OnceLock<Vec<Shape>> = OnceLock::new();
    SHAPES.get_or_init(|| {
        DATA.lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("alpha3"))
            .filter_map(|l| {
                let mut f = l.split('\t');
                let code = f.next()?;
                let x = f.next()?.parse().ok()?;
                let y = f.next()?.parse().ok()?;
                let d = f.next()?;
                Some(Shape {
                    code,
                    anchor: (x, y),
                    d,
                })
            })
            .collect()
    })
}
