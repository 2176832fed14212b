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

/// A whole number, written as JSON writes integers (`5`) or as a number
/// with a zero fraction (`5.0`, `5e3`), which JSON Schema counts as the
/// same integer: a client that sends either gets the same answer.
pub(crate) fn whole_number<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: TryFrom<u64>,
{
    use serde::de::{Error, Unexpected};
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Number {
        Whole(u64),
        Float(f64),
    }
    let expected = "a whole number from 0";
    let whole = match Number::deserialize(deserializer)? {
        Number::Whole(n) => n,
        // 2^64 and beyond are out of range, and a float that large has
        // no fraction to lose.
        Number::Float(x)
            if x.fract() == 0.0 && (0.0..18_446_744_073_709_551_616.0).contains(&x) =>
        {
            x as u64
        }
        Number::Float(x) => return Err(D::Error::invalid_value(Unexpected::Float(x), &expected)),
    };
    T::try_from(whole).map_err(|_| D::Error::invalid_value(Unexpected::Unsigned(whole), &expected))
}

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
