//! Every named statement of the store prepares on the test store's backend
//! (SQLite, or PostgreSQL when `CORREDOR_TEST_POSTGRES` is set): a typo or
//! a dialect difference fails here, not in front of a user.

use corredor_testkit::TestStore;

#[test]
fn every_named_statement_prepares_on_this_backend() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let statements = corredor_store::statements();
    assert!(statements.len() > 5);
    for sql in statements {
        if let Err(e) = store.check_statement(sql) {
            panic!("{e}\nin: {sql}");
        }
    }
}
