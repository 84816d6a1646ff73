//! The alert page's history lines, in each language.

use super::*;

fn event(kind: AlertEventKind, text: &str) -> alerts::Event {
    alerts::Event {
        id: 1,
        at: "2025-04-02T10:00:00.000000Z".into(),
        org: "CRI".into(),
        kind,
        text: text.into(),
        translated: None,
    }
}

#[test]
fn a_history_line_names_its_countries_and_places_in_the_readers_language() {
    let line = event_line(
        &event(AlertEventKind::Withdrawn, "CRI, USA/SWB"),
        AlertKind::Surge,
        Lang::Es,
    )
    .into_string();
    assert!(
        line.contains("lugares aguas abajo retirados: Costa Rica; Estados Unidos ("),
        "{line}"
    );
    let line = event_line(
        &event(AlertEventKind::Withdrawn, "NIC"),
        AlertKind::Surge,
        Lang::Fr,
    )
    .into_string();
    assert!(
        line.contains("lieux en aval retirés\u{a0}: Nicaragua"),
        "{line}"
    );
    let line = event_line(
        &event(AlertEventKind::Acknowledged, "MEX"),
        AlertKind::Surge,
        Lang::En,
    )
    .into_string();
    assert!(line.contains("acknowledged: Mexico"), "{line}");
    let line = event_line(
        &event(AlertEventKind::Comment, "<b>on it</b>"),
        AlertKind::Surge,
        Lang::En,
    )
    .into_string();
    assert!(
        line.contains("comment: <span class=\"written\">&lt;b&gt;on it&lt;/b&gt;</span>"),
        "{line}"
    );
    let line = event_line(
        &event(AlertEventKind::Follows, "0123456789abcdef"),
        AlertKind::Surge,
        Lang::Es,
    )
    .into_string();
    assert!(
        line.contains(
            "sigue al aviso resuelto: <a href=\"/alerts/0123456789abcdef\">0123456789abcdef</a>"
        ),
        "{line}"
    );
    let line = event_line(
        &event(AlertEventKind::HeldBy, "0123456789abcdef"),
        AlertKind::Surge,
        Lang::Pt,
    )
    .into_string();
    assert!(
        line.contains("seus números ficam fora do alerta antecipado pelo aviso: <a href=\"/alerts/0123456789abcdef\">"),
        "{line}"
    );
    // The operator who holds the store is named as such.
    let local = alerts::Event {
        org: corredor_app::auth::LOCAL_OPERATOR.into(),
        ..event(AlertEventKind::Comment, "")
    };
    let line = event_line(&local, AlertKind::Surge, Lang::Fr).into_string();
    assert!(line.contains("<strong>opérateur</strong>"), "{line}");
    // A notice is "un aviso", "un avis": its history agrees.
    let line = event_line(
        &event(AlertEventKind::Opened, ""),
        AlertKind::DataQuality,
        Lang::Es,
    )
    .into_string();
    assert!(line.contains("· abierto"), "{line}");
    let line = event_line(
        &event(AlertEventKind::Closed, ""),
        AlertKind::DataQuality,
        Lang::Fr,
    )
    .into_string();
    assert!(line.contains("· clôturé"), "{line}");
}
