//! The follow-up's words: each kind, state and measure is written as the
//! API, the store and the command line spell it, and read back as itself.

use crate::commitment::{Assessment, State};
use crate::consistency::Effect;
use crate::groups::EventKind;
use crate::integration::{AgeBand, Measure};

#[test]
fn states_assessments_effects_and_group_events_read_back_as_themselves() {
    let states = [State::Draft, State::Adopted];
    assert_eq!(states.map(State::as_str), ["draft", "adopted"]);
    let assessments = [
        Assessment::OnTrack,
        Assessment::AtRisk,
        Assessment::OffTrack,
        Assessment::NotAssessable,
    ];
    assert_eq!(
        assessments.map(Assessment::as_str),
        ["on_track", "at_risk", "off_track", "not_assessable"]
    );
    let effects = [Effect::Expands, Effect::Restricts];
    assert_eq!(effects.map(Effect::as_str), ["expands", "restricts"]);
    let events = [
        EventKind::Join,
        EventKind::Leave,
        EventKind::Lead,
        EventKind::CoLead,
    ];
    assert_eq!(
        events.map(EventKind::as_str),
        ["join", "leave", "lead", "co_lead"]
    );
    for s in states {
        assert_eq!(s.as_str().parse(), Ok(s));
    }
    for a in assessments {
        assert_eq!(a.as_str().parse(), Ok(a));
        assert_eq!(a.as_str().replace('_', "-").parse(), Ok(a));
    }
    for e in effects {
        assert_eq!(e.as_str().parse(), Ok(e));
    }
    for e in events {
        assert_eq!(e.as_str().parse(), Ok(e));
    }
    assert!("final".parse::<State>().is_err());
    assert!("unknown".parse::<Assessment>().is_err());
    assert!("keeps".parse::<Effect>().is_err());
}

#[test]
fn integration_measures_and_age_bands_read_back_with_their_units() {
    let names = Measure::ALL.map(Measure::as_str);
    assert_eq!(
        names,
        [
            "unemployment_foreign_born",
            "unemployment_native_born",
            "unemployment_gap",
            "elementary_foreign_born",
            "elementary_native_born",
            "earnings_ratio",
            "migrant_stock",
        ]
    );
    let units = Measure::ALL.map(Measure::unit);
    assert_eq!(units, ["%", "%", "pp", "%", "%", "%", "persons"]);
    for m in Measure::ALL {
        assert_eq!(Measure::parse(m.as_str()), Some(m));
    }
    assert_eq!(Measure::parse("unemployment"), None);
    assert_eq!(
        AgeBand::ALL.map(AgeBand::as_str),
        ["all", "0-19", "20-64", "65+"]
    );
    for b in AgeBand::ALL {
        assert_eq!(AgeBand::parse(b.as_str()), Some(b));
    }
    assert_eq!(AgeBand::parse("15-64"), None);
}
