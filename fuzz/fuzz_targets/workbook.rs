//! The OHSS workbook reader on arbitrary bytes (zip and XML parsing).
#![no_main]

use std::io::Cursor;

use corredor_ingest::{read, Format, Item, Options, Origin};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut sink = |_: Item, _: &Origin| -> Result<(), String> { Ok(()) };
    let _ = read(Format::Ohss, Cursor::new(data), "fuzz.xlsx", &Options::default(), &mut sink);
});
