//! Typed handles for the entities of a [`Problem`](crate::Problem).
//!
//! Every entity has a string key in the file format (`"coach-li"`) and a dense index inside a
//! validated problem. The index newtypes keep a coach from ever being passed where a horse is
//! expected, and index plain vectors without hashing.

use std::fmt;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub(crate) u32);

        impl $name {
            /// The dense index of this entity in its problem (0-based, in input order).
            pub fn index(self) -> usize {
                self.0 as usize
            }

            pub(crate) fn from_index(index: usize) -> Self {
                Self(u32::try_from(index).expect("entity count fits in u32: checked when the problem is built"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}#{}", stringify!($name), self.0)
            }
        }
    };
}

typed_id!(
    /// An arena (indoor hall, outdoor ring, jumping field...).
    ArenaId
);
typed_id!(
    /// A coach.
    CoachId
);
typed_id!(
    /// A horse, school horse or privately owned.
    HorseId
);
typed_id!(
    /// A rider (a club member taking lessons).
    RiderId
);
typed_id!(
    /// A kind of lesson (private 45 min, group jumping 60 min...).
    LessonKindId
);
typed_id!(
    /// A lesson request: one lesson to place in the schedule.
    RequestId
);
typed_id!(
    /// A series: the lessons of one package, with a validity window and spacing rules.
    SeriesId
);
