//! What an alert is, as every layer names it: its kind, its level and where
//! it stands in its life cycle. The early warning raises kinds and levels,
//! the store keeps them as their text, the API and the pages show them; one
//! type each, so that no layer spells or orders them on its own.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// Defines a closed vocabulary: its text in the store and on the wire,
/// parsing that names the accepted words, `Display` and `Serialize` as that
/// text. The variants are listed in their order.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownWord;
            fn from_str(s: &str) -> Result<Self, UnknownWord> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownWord {
                        what: $what,
                        given: s.to_string(),
                        expected: &[$($text),+],
                    }),
                }
            }
        }
    };
}

vocabulary!(
    /// What an alert says happened.
    AlertKind, "alert kind", {
        Surge => "surge",
        Emergence => "emergence",
        // A reporting break: figures to confirm or revise, not a movement.
        DataQuality => "data_quality",
    }
);

vocabulary!(
    /// How serious an alert is; the order is the order of seriousness.
    Level, "alert level", {
        Watch => "watch",
        Warning => "warning",
        Emergency => "emergency",
    }
);

vocabulary!(
    /// Where an alert stands: open until every affected country has
    /// acknowledged it, then escalated or closed.
    AlertStatus, "alert status", {
        Open => "open",
        Acknowledged => "acknowledged",
        Escalated => "escalated",
        Closed => "closed",
    }
);

vocabulary!(
    /// A step of an alert's history: the early warning opened, updated or
    /// withdrew places downstream from it; people acknowledged, commented,
    /// escalated or closed it. A data-quality notice settled and then
    /// flagged again is raised as a new notice: the settled one records
    /// `raised_again` with the new one's id, the new one `follows` with
    /// the settled one's. An open alert whose figures a notice holds out
    /// records `held_by` with the notice's id.
    AlertEventKind, "alert event", {
        Opened => "opened",
        Updated => "updated",
        Withdrawn => "withdrawn",
        Acknowledged => "acknowledged",
        Comment => "comment",
        Escalated => "escalated",
        Closed => "closed",
        RaisedAgain => "raised_again",
        Follows => "follows",
        HeldBy => "held_by",
    }
);

vocabulary!(
    /// Where a task of a response protocol stands: open, acknowledged by its
    /// holder, done, or withdrawn when its holder's country is no longer
    /// asked about the alert.
    TaskStatus, "task status", {
        Open => "open",
        Acknowledged => "acknowledged",
        Done => "done",
        Withdrawn => "withdrawn",
    }
);

impl AlertEventKind {
    /// Whether its text is the id of a data-quality notice (one raised
    /// again, followed, or holding an alert's figures out).
    pub fn names_notice(self) -> bool {
        matches!(
            self,
            AlertEventKind::RaisedAgain | AlertEventKind::Follows | AlertEventKind::HeldBy
        )
    }
}

impl TaskStatus {
    /// Whether it still asks something of its holder.
    pub fn is_pending(self) -> bool {
        matches!(self, TaskStatus::Open | TaskStatus::Acknowledged)
    }

    /// The statuses a task's holder may move it from to `self`; none for a
    /// status only Corredor sets.
    pub fn reached_from(self) -> &'static [TaskStatus] {
        match self {
            TaskStatus::Acknowledged => &[TaskStatus::Open],
            TaskStatus::Done => &[TaskStatus::Open, TaskStatus::Acknowledged],
            TaskStatus::Open | TaskStatus::Withdrawn => &[],
        }
    }
}

/// A word outside a vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} '{given}': use {}", expected.join(", "))]
pub struct UnknownWord {
    pub what: &'static str,
    pub given: String,
    pub expected: &'static [&'static str],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_reads_back_as_itself() {
        for k in AlertKind::ALL {
            assert_eq!(k.as_str().parse::<AlertKind>(), Ok(*k));
        }
        for l in Level::ALL {
            assert_eq!(l.as_str().parse::<Level>(), Ok(*l));
        }
        for s in AlertStatus::ALL {
            assert_eq!(s.to_string().parse::<AlertStatus>(), Ok(*s));
        }
        for s in TaskStatus::ALL {
            assert_eq!(s.to_string().parse::<TaskStatus>(), Ok(*s));
        }
        for k in AlertEventKind::ALL {
            assert_eq!(k.to_string().parse::<AlertEventKind>(), Ok(*k));
        }
    }

    #[test]
    fn levels_order_by_seriousness_and_unknown_words_say_what_is_accepted() {
        assert!(Level::Watch < Level::Warning && Level::Warning < Level::Emergency);
        let e = "severe".parse::<Level>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "alert level 'severe': use watch, warning, emergency"
        );
    }

    #[test]
    fn which_events_name_a_notice_and_which_tasks_are_pending() {
        let naming: Vec<AlertEventKind> = AlertEventKind::ALL
            .iter()
            .copied()
            .filter(|k| k.names_notice())
            .collect();
        assert_eq!(
            naming,
            [
                AlertEventKind::RaisedAgain,
                AlertEventKind::Follows,
                AlertEventKind::HeldBy
            ]
        );
        let pending: Vec<TaskStatus> = TaskStatus::ALL
            .iter()
            .copied()
            .filter(|s| s.is_pending())
            .collect();
        assert_eq!(pending, [TaskStatus::Open, TaskStatus::Acknowledged]);
        assert_eq!(TaskStatus::Acknowledged.reached_from(), [TaskStatus::Open]);
        assert_eq!(
            TaskStatus::Done.reached_from(),
            [TaskStatus::Open, TaskStatus::Acknowledged]
        );
        assert!(TaskStatus::Open.reached_from().is_empty());
        assert!(TaskStatus::Withdrawn.reached_from().is_empty());
    }
}
