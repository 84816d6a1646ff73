//! The map of the Americas: Natural Earth boundaries (world-atlas 2.0.2,
//! 1:110m), projected once by `scripts/map/gen.mjs` into SVG paths that are
//! compiled into the binary, so the map needs no network. Countries are
//! links to their page, coloured by alert level with the level also named
//! in their title (colour is never the only cue).

use std::collections::HashMap;
use std::sync::OnceLock;

use corredor_model::Lang;
use corredor_warning::corridor::RouteFile;
use maud::{html, Markup, PreEscaped};

use super::i18n::{country, t};

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

/// The map with `levels` (alpha-3 → watch / warning / emergency).
pub fn render(routes: &RouteFile, levels: &HashMap<String, String>, lang: Lang) -> Markup {
    let anchors: HashMap<&str, (i32, i32)> = shapes().iter().map(|s| (s.code, s.anchor)).collect();
    html! {
        figure.map {
            svg viewBox="0 0 600 800" role="group" aria-labelledby="map-title" {
                title id="map-title" { (t(lang, "corridor_map")) }
                defs {
                    marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse" {
                        path d="M0,0L10,5L0,10z" class="arrowhead" {}
                    }
                }
                @for s in shapes() {
                    @let level = levels.get(s.code).map(String::as_str).unwrap_or("none");
                    @let name = country(s.code, lang);
                    @let label = if level == "none" { t(lang, "no_alert") } else { t(lang, level) };
                    a href={ "/country/" (s.code) } aria-label={ (name) ": " (label) } {
                        path d=(PreEscaped(s.d)) class={ "country lvl-" (level) } data-code=(s.code) {
                            title { (name) ": " (label) }
                        }
                    }
                }
                @for r in &routes.routes {
                    @let points: Vec<String> = r.places.iter()
                        .filter_map(|p| anchors.get(p.split('/').next().unwrap_or(p)))
                        .map(|(x, y)| format!("{x},{y}"))
                        .collect();
                    polyline class="route" points=(points.join(" ")) marker-end="url(#arrow)" {
                        title { (t(lang, "route")) ": " (r.name) }
                    }
                }
            }
            figcaption {
                (t(lang, "map_desc")) " "
                span.legend aria-label=(t(lang, "legend")) {
                    @for level in ["none", "watch", "warning", "emergency"] {
                        span.key {
                            span class={ "swatch lvl-" (level) } {}
                            (if level == "none" { t(lang, "no_alert") } else { t(lang, level) })
                        }
                    }
                    span.key { span.swatch.route-key {} (t(lang, "route")) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_corridor_countries_are_on_the_map() {
        let codes: Vec<&str> = super::shapes().iter().map(|s| s.code).collect();
        for c in [
            "COL", "PAN", "CRI", "NIC", "HND", "GTM", "MEX", "USA", "VEN", "HTI", "ECU",
        ] {
            assert!(codes.contains(&c), "{c} is missing from the map");
        }
    }
}
