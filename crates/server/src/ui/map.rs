//! The map of the Americas: Natural Earth boundaries (world-atlas 2.0.2,
//! 1:110m), projected once by `scripts/map/gen.mjs` into SVG paths that are
//! compiled into the binary, so the map needs no network. Countries are
//! links to their page, filled by alert level with the level also named
//! in their title. Colour is never the only cue: four levels cannot all
//! be 3:1 apart in luminance (the whole range is 21:1), so each level
//! above none also has a pattern of its own (dots, hatching, cross-hatching),
//! drawn in a mark that stands 3:1 or more from its ground.

use std::collections::HashMap;

use super::i18n::colon;
use corredor_model::{Lang, Level};
use corredor_warning::corridor::RouteFile;
use maud::{html, Markup, PreEscaped};

use super::i18n::{country, sort_key};
use super::labels;
pub use super::shapes::{shapes, Shape};
use super::words::{t, Word};

/// The part of the map the routes cross, with a margin: an inset drawn
/// larger, where Central America's small countries can be told apart.
fn inset_box(
    routes: &RouteFile,
    anchors: &HashMap<&str, (i32, i32)>,
) -> Option<(i32, i32, i32, i32)> {
    let points: Vec<(i32, i32)> = routes
        .routes
        .iter()
        .flat_map(|r| r.places.iter())
        .filter_map(|p| anchors.get(p.split('/').next().unwrap_or(p)).copied())
        // The United States' anchor is far north: the inset stops at Mexico.
        .filter(|(_, y)| *y > 250)
        .collect();
    let (x0, x1) = (
        points.iter().map(|p| p.0).min()?,
        points.iter().map(|p| p.0).max()?,
    );
    let (y0, y1) = (
        points.iter().map(|p| p.1).min()?,
        points.iter().map(|p| p.1).max()?,
    );
    let margin = 12;
    Some((
        x0 - margin,
        y0 - margin,
        x1 - x0 + 2 * margin,
        y1 - y0 + 2 * margin,
    ))
}

/// What the map shows of a country: the highest level of the alerts that
/// concern it, and whether that level comes only from alerts raised
/// upstream, for arrivals expected here, rather than on its own figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Concern {
    pub level: Level,
    pub upstream: bool,
}

impl Concern {
    /// `self` after one more alert at `level`, raised on the country's own
    /// figures (`here`) or upstream of it.
    pub fn with(self, level: Level, here: bool) -> Concern {
        match level.cmp(&self.level) {
            std::cmp::Ordering::Greater => Concern {
                level,
                upstream: !here,
            },
            std::cmp::Ordering::Equal => Concern {
                level,
                upstream: self.upstream && !here,
            },
            std::cmp::Ordering::Less => self,
        }
    }
}

/// The map with `levels` (alpha-3 → watch / warning / emergency, and
/// whether it comes from upstream).
pub fn render(routes: &RouteFile, levels: &HashMap<String, Concern>, lang: Lang) -> Markup {
    let anchors: HashMap<&str, (i32, i32)> = shapes().iter().map(|s| (s.code, s.anchor)).collect();
    let inset = inset_box(routes, &anchors);
    html! {
        figure.map {
            svg viewBox="0 0 600 800" role="group" aria-labelledby="map-title" {
                title id="map-title" { (t(lang, Word::CorridorMap)) }
                @if let Some((x, y, w, h)) = inset {
                    rect.inset-frame x=(x) y=(y) width=(w) height=(h) {}
                }
                defs {
                    (patterns())
                    marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse" {
                        path d="M0,0L10,5L0,10z" class="arrowhead" {}
                    }
                }
                // In the order of the names, so a keyboard or a screen
                // reader goes through the countries as the reader sorts them.
                @for s in by_name(lang) {
                    @let concern = levels.get(s.code).copied();
                    @let level = concern.map(|c| c.level);
                    @let name = country(s.code, lang);
                    @let label = match concern {
                        Some(c) if c.upstream => format!("{}, {}", level_label(level, lang), t(lang, Word::FromUpstream)),
                        _ => level_label(level, lang).to_string(),
                    };
                    a href={ "/country/" (s.code) } aria-label={ (name) (colon(lang)) (label) } {
                        path d=(PreEscaped(s.d)) class={ "country lvl-" (level_class(level)) } data-code=(s.code) {
                            title { (name) (colon(lang)) (label) }
                        }
                    }
                }
                @for r in &routes.routes {
                    @let points: Vec<String> = r.places.iter()
                        .filter_map(|p| anchors.get(p.split('/').next().unwrap_or(p)))
                        .map(|(x, y)| format!("{x},{y}"))
                        .collect();
                    polyline class="route" points=(points.join(" ")) marker-end="url(#arrow)" {
                        title { (t(lang, Word::Route)) (colon(lang)) (r.name_in(lang)) }
                    }
                }
            }
            @if let Some((x, y, w, h)) = inset {
                // The same shapes, larger; links and titles are in the main
                // map, so the inset is hidden from screen readers and skipped
                // by the keyboard.
                svg.inset viewBox={ (x) " " (y) " " (w) " " (h) } aria-hidden="true" focusable="false" {
                    @for s in shapes().iter().filter(|s| {
                        let (ax, ay) = s.anchor;
                        ax > x - 80 && ax < x + w + 80 && ay > y - 80 && ay < y + h + 80
                    }) {
                        path d=(PreEscaped(s.d)) class={ "country lvl-" (level_class(levels.get(s.code).map(|c| c.level))) } data-code=(s.code) {}
                    }
                    @for r in &routes.routes {
                        @let points: Vec<String> = r.places.iter()
                            .filter_map(|p| anchors.get(p.split('/').next().unwrap_or(p)))
                            .map(|(x, y)| format!("{x},{y}"))
                            .collect();
                        polyline class="route" points=(points.join(" ")) {}
                    }
                    @let labels = labels::place((x, y, w, h));
                    @for l in &labels {
                        @if let Some(anchor) = l.leader {
                            @let (ex, ey) = labels::leader_end(l, anchor);
                            line.leader x1=(anchor.0) y1=(anchor.1) x2=(format!("{ex:.1}")) y2=(format!("{ey:.1}")) {}
                        }
                    }
                    @for l in &labels {
                        text.label x=(format!("{:.1}", l.x)) y=(format!("{:.1}", l.y)) text-anchor="middle" { (l.code) }
                    }
                }
            }
            figcaption {
                (t(lang, Word::MapDesc)) " "
                span.legend role="group" aria-label=(t(lang, Word::Legend)) {
                    @for level in std::iter::once(None).chain(Level::ALL.iter().copied().map(Some)) {
                        span.key {
                            span class={ "swatch lvl-" (level_class(level)) } {}
                            (level_label(level, lang))
                        }
                    }
                    span.key { span.swatch.route-key {} (t(lang, Word::Route)) }
                }
            }
        }
    }
}

/// Each level's fill, `url(#fill-<level>)` in the style sheet: its colour
/// as the ground, with a mark of its own over it.
fn patterns() -> Markup {
    html! {
        pattern id="fill-watch" class="level-fill" patternUnits="userSpaceOnUse" width="6" height="6" {
            rect.ground.lvl-watch width="6" height="6" {}
            circle.mark cx="3" cy="3" r="1.1" {}
        }
        pattern id="fill-warning" class="level-fill" patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate(45)" {
            rect.ground.lvl-warning width="5" height="5" {}
            line.mark x1="0" y1="0" x2="0" y2="5" stroke-width="2" {}
        }
        pattern id="fill-emergency" class="level-fill" patternUnits="userSpaceOnUse" width="5" height="5" {
            rect.ground.lvl-emergency width="5" height="5" {}
            path.mark.light d="M0,0L5,5M5,0L0,5" stroke-width="1" {}
        }
    }
}

fn by_name(lang: Lang) -> Vec<&'static Shape> {
    let mut out: Vec<&Shape> = shapes().iter().collect();
    out.sort_by_cached_key(|s| sort_key(&country(s.code, lang), lang));
    out
}

/// A country's class on the map: its level, or `none` without an alert.
fn level_class(level: Option<Level>) -> &'static str {
    level.map_or("none", Level::as_str)
}

fn level_label(level: Option<Level>, lang: Lang) -> &'static str {
    level.map_or(t(lang, Word::NoAlert), |l| t(lang, l))
}

#[cfg(test)]
mod tests {
    use super::Concern;
    use corredor_model::Level;

    #[test]
    fn a_level_is_from_upstream_only_when_no_alert_of_that_level_is_raised_here() {
        let watch_here = Concern {
            level: Level::Watch,
            upstream: false,
        };
        let w = watch_here.with(Level::Warning, false);
        assert_eq!((w.level, w.upstream), (Level::Warning, true));
        assert!(!w.with(Level::Warning, true).upstream);
        assert_eq!(
            w.with(Level::Watch, true),
            w,
            "a lower level changes nothing"
        );
        assert!(!watch_here.with(Level::Watch, false).upstream);
    }

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
