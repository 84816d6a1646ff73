//! Every text parser, and format detection, on the same input.
#![no_main]

use std::io::Cursor;

use corredor_ingest::{detect, read, Format, Item, Options, Origin};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = detect(data);
    for format in [Format::Long, Format::Hxl, Format::Json, Format::Cbp, Format::Iom] {
        let mut sink = |_: Item, _: &Origin| -> Result<(), String> { Ok(()) };
        let report = read(format, Cursor::new(data), "fuzz", &Options::default(), &mut sink);
        for p in report.problems.kept() {
            assert!(!p.message.is_empty());
        }
    }
});
