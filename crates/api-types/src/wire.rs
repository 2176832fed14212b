//! Reading the API's named values (states, clouds, roles…) from the wire
//! by their own `parse`, one small function for all of them instead of a
//! derived reader each.

use serde::de::{self, Deserialize, Deserializer};

/// Reads a string and turns it into a `T` with `parse`; `expected` says
/// what it may be ("one of AVAILABLE, UNAVAILABLE") when it is none.
pub(crate) fn named<'de, D, T>(
    d: D,
    parse: fn(&str) -> Option<T>,
    expected: &'static str,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let text = String::deserialize(d)?;
    parse(&text).ok_or_else(|| de::Error::invalid_value(de::Unexpected::Str(&text), &expected))
}

/// `impl Deserialize` for an enum from its `parse` and what it may be.
macro_rules! deserialize_by_parse {
    ($ty:ty, $expected:literal) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::wire::named(d, <$ty>::parse, $expected)
            }
        }
    };
}

pub(crate) use deserialize_by_parse;

#[cfg(test)]
mod tests {
    use crate::*;
    use serde::{de::DeserializeOwned, Serialize};

    /// Every value is read back as it is written, and a wrong one says
    /// what it may be.
    fn round_trips<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug + Copy>(
        all: &[T],
        hint: &str,
    ) {
        for v in all {
            let text = serde_json::to_string(v).unwrap();
            assert_eq!(serde_json::from_str::<T>(&text).unwrap(), *v, "{text}");
            // The lower-case or padded spelling is not the wire's.
            let lower = text.to_lowercase();
            if lower != text {
                assert!(serde_json::from_str::<T>(&lower).is_err(), "{lower}");
            }
        }
        let wrong = serde_json::from_str::<T>("\"nonsense\"")
            .unwrap_err()
            .to_string();
        assert!(wrong.contains(hint), "{wrong}");
        assert!(serde_json::from_str::<T>("5").is_err());
    }

    #[test]
    fn named_values_read_back_as_written() {
        round_trips(
            &[ProjectState::Available, ProjectState::Unavailable],
            "one of AVAILABLE, UNAVAILABLE",
        );
        round_trips(&Cloud::ALL, "one of AWS, Azure, GCP");
        round_trips(&AclResource::ALL, "one of TOPIC, GROUP");
        round_trips(&AclPattern::ALL, "one of LITERAL, PREFIXED");
        round_trips(AclResource::Topic.operations(), "one of ALL, ALTER");
        round_trips(
            &[
                RequestState::Pending,
                RequestState::Provisioned,
                RequestState::Declined,
                RequestState::Cancelled,
            ],
            "one of pending, provisioned, declined, cancelled",
        );
        round_trips(
            &ThroughputUnit::ALL,
            "one of events_per_second, mb_per_second",
        );
        round_trips(
            &Requirement::ALL,
            "one of vpc_peering, private_link, compliance",
        );
        round_trips(&RoleKey::ALL, "one of admin, data_admin, read_only");
    }
}
