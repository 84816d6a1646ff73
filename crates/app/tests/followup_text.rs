//! Free text of the follow-up's writes reaches terminals, calendars and
//! addresses: control characters and codes that are not codes are
//! refused before anything is stored, naming the field.

use corredor_app::auth::{operator, Actor, Role};
use corredor_app::followup::{
    add_commitment, add_meeting, change_meeting, commitments, meetings, seed, set_presidency,
    NewMeeting,
};
use corredor_app::Error;
use corredor_followup::calendar::MeetingChange;
use corredor_followup::commitment::{Commitment, State};
use corredor_followup::presidency::Recorded;
use corredor_testkit::TestStore;

fn secretariat() -> Actor {
    Actor {
        role: Role::Secretariat,
        ..operator("SEC")
    }
}

fn invalid<T: std::fmt::Debug>(r: corredor_app::Result<T>) -> String {
    match r {
        Err(Error::Invalid(m)) => m,
        other => panic!("not refused as invalid: {other:?}"),
    }
}

#[test]
fn control_characters_and_odd_codes_are_refused_and_nothing_is_stored() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store = store.as_mut();
    let sec = secretariat();
    seed(store, &sec).unwrap();
    let day = |d: &str| d.parse().unwrap();
    let meeting = |title: &'static str, place: &'static str| NewMeeting {
        mechanism: "MIRPS",
        title,
        start: day("2027-03-01"),
        end: day("2027-03-02"),
        place,
    };
    let m = invalid(add_meeting(store, &sec, &meeting("A\rB", "Panamá")));
    assert!(m.starts_with("title: contains control characters"), "{m}");
    let m = invalid(add_meeting(
        store,
        &sec,
        &meeting("Plenary", "Pan\u{1b}[2Jamá"),
    ));
    assert!(m.starts_with("place: contains control characters"), "{m}");
    assert!(meetings(store).unwrap().is_empty());

    let stored = add_meeting(store, &sec, &meeting("Plenary", "  Panamá ")).unwrap();
    assert_eq!(stored.place, "Panamá");
    let change = |place: &str| MeetingChange {
        title: None,
        start: None,
        end: None,
        place: Some(place.into()),
        cancel: false,
    };
    let m = invalid(change_meeting(
        store,
        &sec,
        stored.id,
        &change("  "),
        "moved",
    ));
    assert!(m.starts_with("place: is empty"), "{m}");
    let m = invalid(change_meeting(
        store,
        &sec,
        stored.id,
        &change("a\u{0}b"),
        "moved",
    ));
    assert!(m.starts_with("place: contains control characters"), "{m}");
    assert_eq!(meetings(store).unwrap()[0].sequence, stored.sequence);

    let commitment = |id: &str, title: &str| Commitment {
        id: id.into(),
        title: title.into(),
        group: "dla-labour".into(),
        countries: vec!["MEX".into()],
        state: State::Draft,
        source: "Lima".into(),
    };
    let m = invalid(add_commitment(
        store,
        &sec,
        &commitment("DLA/../x", "Visas"),
    ));
    assert!(m.starts_with("id 'DLA/../x'"), "{m}");
    let m = invalid(add_commitment(
        store,
        &sec,
        &commitment("DLA-1", "Visas\u{7}"),
    ));
    assert!(m.starts_with("title: contains control characters"), "{m}");
    assert!(commitments(store, &sec).unwrap().is_empty());

    let presidency = Recorded {
        mechanism: "MIRPS".into(),
        year: i32::MIN,
        president: "BLZ".into(),
        vice: None,
        source: "minutes".into(),
    };
    let m = invalid(set_presidency(store, &sec, &presidency));
    assert!(m.contains("give a year from 1900 to 2200"), "{m}");
}
