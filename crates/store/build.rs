//! The migrations are embedded at compile time (`refinery::embed_migrations!`),
//! so a new migration file must rebuild this crate.
fn main() {
    println!("cargo:rerun-if-changed=migrations/sqlite");
    println!("cargo:rerun-if-changed=migrations/postgres");
}
