//! Where the real datasets are, for every command that reads them (the
//! demo, the key's inputs, the integration figures).

use std::path::{Path, PathBuf};

/// The folder of the real datasets when neither --data nor CORREDOR_DATA
/// names one: beside the clone, relative to the current folder (never a
/// path remembered from the build).
pub const DEFAULT_DATA: &str = "../shared/data";

/// Where the real data is: the option (or CORREDOR_DATA), else
/// [`DEFAULT_DATA`]; None when that folder does not exist.
pub fn data_dir(given: Option<&Path>) -> Option<PathBuf> {
    let dir = given.unwrap_or(Path::new(DEFAULT_DATA));
    dir.is_dir().then(|| dir.to_path_buf())
}
