//! The secretariat's follow-up on the command line: `registry`, `overlap`,
//! `themes`, `presidency`, `meeting`, `calendar`, `commitment`,
//! `monitoring`, `measure`, `consistency`, `integration`, `pledge` and
//! `rates`. The
//! services are `corredor_app::followup`'s and the computations
//! `corredor-followup`'s; this parses, prints, and passes today's date
//! where a command needs one and none was given.

mod commitment_commands;
mod common;
mod forum_commands;
mod group_commands;
mod integration_commands;
mod meeting_commands;
mod pledge_commands;
mod registry_commands;

pub use commitment_commands::*;
pub use group_commands::*;
pub use integration_commands::*;
pub use meeting_commands::*;
pub use pledge_commands::*;
pub use registry_commands::*;
