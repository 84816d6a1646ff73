//! The integration figures' import in process: all or nothing, and never
//! a silent revision.

use corredor_app::auth::Actor;
use corredor_app::followup::{import_integration, ImportError};
use corredor_followup::integration::Tables;
use corredor_testkit::TestStore;

fn unemployment(foreign: f64, native: f64) -> String {
    format!(
        "geo,birth,sex,educ,t,v\n\
         CHL,Foreign-born,Total,Total,2023,{foreign}\n\
         CHL,Native-born,Total,Total,2023,{native}\n"
    )
}

fn tables(u: &str) -> Tables<'_> {
    Tables {
        unemployment: ("u.csv", u.as_bytes()),
        occupations: ("o.csv", b"geo,birth,t,occup,sex,n\n"),
        earnings: ("e.csv", b"geo,t,type,status,sex,v\n"),
        stock: ("s.csv", b"geo,var,t,sex,age,n\n"),
    }
}

#[test]
fn figures_that_differ_from_those_stored_are_all_named_and_nothing_is_stored() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let secretariat = Actor {
        role: corredor_app::auth::Role::Secretariat,
        ..corredor_app::auth::operator("SEC")
    };
    let first = unemployment(9.0, 8.5);
    let done = import_integration(store.as_mut(), &secretariat, &tables(&first))
        .unwrap_or_else(|_| panic!("the first import"));
    assert_eq!(done.new, 3, "two rates and their gap");
    // Both rates revised: the rates and the gap differ, each named with
    // its table, and nothing of the second file is kept.
    let second = unemployment(9.5, 8.0);
    let Err(ImportError::Refused(corredor_app::Error::Conflict(message))) =
        import_integration(store.as_mut(), &secretariat, &tables(&second))
    else {
        panic!("a revision accepted");
    };
    assert!(message.starts_with("3 figures differ"), "{message}");
    assert_eq!(message.matches("u.csv").count(), 3, "{message}");
    assert_eq!(
        corredor_app::followup::integration_figures(store.as_mut())
            .unwrap()
            .iter()
            .filter(|f| f.value == 9.5)
            .count(),
        0
    );
}
