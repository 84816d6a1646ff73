//! The dashboard's accessibility, judged by axe-core (the engine behind
//! Lighthouse's accessibility score), run from the copy the project ships
//! in `tests/assets/axe/`, in headless Chromium, on every page of the
//! dashboard, in the four languages, for the public and for a signed-in
//! analyst: every image has a text alternative, every form control a
//! label, text a contrast of at least 4.5:1 (3:1 when large), and the
//! rest of WCAG 2.1 A and AA that a machine can check.

mod common;

use common::demo::{layout_pages, Demo};
use common::webdriver::Browser;

const AXE: &str = include_str!("assets/axe/axe.min.js");

/// Runs axe-core's WCAG 2 A and AA rules on the page shown, and returns
/// each violation as "rule (impact): what it is, on which elements".
const RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                    resultTypes: ['violations'] })
  .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — '
      + v.nodes.slice(0, 3).map(n => n.target.join(' ') + (n.failureSummary ? ' [' + n.failureSummary.replace(/\s+/g, ' ') + ']' : '')).join('; '))))
  .catch(e => done(['axe failed: ' + e]));
"#;

#[test]
fn every_page_passes_axe_core_in_four_languages() {
    let demo = Demo::start();
    let b = Browser::start();
    let alert = demo.first_alert(&b);
    assert!(!alert.is_empty(), "the demo has an alert to show");
    // The engine sees what it is meant to: planted faults are found.
    b.script(&format!("{AXE}\n;return 1;"));
    b.script(
        "const d = document.createElement('div'); \
         d.innerHTML = '<img src=\"/x.png\"><input type=\"text\">\
         <p style=\"color:#bbb;background:#fff\">faint words on white</p>'; \
         document.querySelector('main').appendChild(d); return 1;",
    );
    let planted = b.script_async(RUN).to_string();
    for rule in ["image-alt", "label", "color-contrast"] {
        assert!(planted.contains(rule), "axe finds {rule}: {planted}");
    }
    let mut found = Vec::new();
    let mut checked = 0;
    for who in ["public", "analyst"] {
        if who == "analyst" {
            demo.sign_in(&b);
        }
        for lang in ["en", "es", "pt", "fr"] {
            b.go(&format!("{}/lang/{lang}", demo.url));
            // A laptop's width, and a phone's, where tables become cards.
            for (width, height) in [(1024, 900), (390, 844)] {
                b.resize(width, height);
                for (_, path) in &layout_pages(&alert) {
                    b.go(&format!("{}{path}", demo.url));
                    b.script(&format!("{AXE}\n;return 1;"));
                    let violations = b.script_async(RUN);
                    checked += 1;
                    for v in violations.as_array().cloned().unwrap_or_default() {
                        found.push(format!(
                            "{who} {lang} {width}px {path}: {}",
                            v.as_str().unwrap_or_default()
                        ));
                    }
                }
            }
        }
    }
    assert!(checked >= 80, "every page was checked: {checked}");
    assert!(found.is_empty(), "{}", found.join("\n"));
}
