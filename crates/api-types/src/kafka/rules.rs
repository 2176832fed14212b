//! The platform's rules for a Kafka user's username, password and allowed
//! IPs (CIDRs in a comma-separated whitelist).

use crate::FieldError;
use std::net::{Ipv4Addr, Ipv6Addr};

/// Username length, in characters.
pub const USERNAME_LENGTH: std::ops::RangeInclusive<usize> = 3..=24;
/// Password length, in characters.
pub const PASSWORD_LENGTH: std::ops::RangeInclusive<usize> = 12..=128;
/// Longest `whitelist_ips` value, in characters, as sent and as kept.
pub const MAX_WHITELIST_LENGTH: usize = 1000;

/// Checks a username: 3-24 lowercase letters, digits and dashes.
pub fn validate_username(name: &str) -> Result<(), FieldError> {
    let length = name.chars().count();
    if !USERNAME_LENGTH.contains(&length) {
        return Err(FieldError::new(
            "username",
            format!("Use 3 to 24 characters ({length} now)."),
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(FieldError::new(
            "username",
            "Use lowercase letters, digits and dashes only.",
        ));
    }
    Ok(())
}

/// Checks a password: 12-128 characters.
pub fn validate_password(password: &str) -> Result<(), FieldError> {
    let length = password.chars().count();
    if !PASSWORD_LENGTH.contains(&length) {
        return Err(FieldError::new(
            "password",
            format!("Use 12 to 128 characters ({length} now)."),
        ));
    }
    Ok(())
}

/// Checks one CIDR entry, e.g. `203.0.113.0/24` or `2001:db8::/32`.
pub fn validate_cidr(entry: &str) -> Result<(), String> {
    let Some((address, bits)) = entry.split_once('/') else {
        // An address alone is told how to become a CIDR; anything else is
        // not an address at all.
        let whole = if entry.parse::<Ipv4Addr>().is_ok() {
            32
        } else if entry.parse::<Ipv6Addr>().is_ok() {
            128
        } else {
            return Err(format!("'{entry}' is not an IPv4 or IPv6 address."));
        };
        return Err(format!(
            "'{entry}' is not in CIDR form: add the prefix length, e.g. {entry}/{whole} for this address alone."
        ));
    };
    let bits: u8 = bits
        .parse()
        .map_err(|_| format!("'{entry}': the prefix length must be a number."))?;
    let max = if address.parse::<Ipv4Addr>().is_ok() {
        32
    } else if address.parse::<Ipv6Addr>().is_ok() {
        128
    } else {
        return Err(format!(
            "'{entry}': '{address}' is not an IPv4 or IPv6 address."
        ));
    };
    if bits > max {
        return Err(format!("'{entry}': the prefix length is at most {max}."));
    }
    Ok(())
}

/// The entries of a `whitelist_ips` value, trimmed, without empty ones.
pub fn whitelist_entries(value: &str) -> Vec<&str> {
    value
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect()
}

/// Checks a `whitelist_ips` value and returns it normalised
/// (`a/n,b/m`, no spaces, no duplicates). The length is checked before
/// anything else, and duplicates are found in linear time, so that a huge
/// value costs no more than reading it once.
pub fn validate_whitelist(value: &str) -> Result<String, FieldError> {
    let length = value.chars().count();
    if length > MAX_WHITELIST_LENGTH {
        return Err(FieldError::new(
            "whitelist_ips",
            format!(
                "The list of allowed IPs has at most {MAX_WHITELIST_LENGTH} characters ({length} now)."
            ),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    let mut entries: Vec<&str> = Vec::new();
    for entry in whitelist_entries(value) {
        validate_cidr(entry).map_err(|m| FieldError::new("whitelist_ips", m))?;
        if seen.insert(entry) {
            entries.push(entry);
        }
    }
    Ok(entries.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_follow_the_documented_rule() {
        for good in ["abc", "orders-consumer-01", &"a".repeat(24)] {
            assert!(validate_username(good).is_ok(), "{good}");
        }
        for bad in [
            "ab",
            &"a".repeat(25),
            "Orders",
            "orders_1",
            "orders 1",
            "ördrs",
        ] {
            assert_eq!(
                validate_username(bad).unwrap_err().field,
                "username",
                "{bad}"
            );
        }
    }

    #[test]
    fn passwords_have_12_to_128_characters() {
        assert!(validate_password(&"x".repeat(12)).is_ok());
        assert!(validate_password(&"x".repeat(128)).is_ok());
        assert!(validate_password(&"x".repeat(11)).is_err());
        assert!(validate_password(&"x".repeat(129)).is_err());
    }

    #[test]
    fn allowed_ips_are_cidrs_within_1000_characters() {
        assert_eq!(
            validate_whitelist(" 203.0.113.0/24, 2001:db8::/32,,203.0.113.0/24 ").unwrap(),
            "203.0.113.0/24,2001:db8::/32"
        );
        assert_eq!(validate_whitelist("").unwrap(), "");
        for bad in [
            "203.0.113.7",
            "203.0.113.7/33",
            "2001:db8::/129",
            "300.1.1.1/8",
            "host/8",
            "1.2.3.4/x",
        ] {
            let e = validate_whitelist(bad).unwrap_err();
            assert_eq!(e.field, "whitelist_ips", "{bad}");
        }
        // Each kind of mistake is told what it is.
        assert_eq!(
            validate_cidr("not-an-ip").unwrap_err(),
            "'not-an-ip' is not an IPv4 or IPv6 address."
        );
        assert!(validate_cidr("203.0.113.7")
            .unwrap_err()
            .contains("e.g. 203.0.113.7/32 for this address alone"));
        assert!(validate_cidr("2001:db8::1")
            .unwrap_err()
            .contains("e.g. 2001:db8::1/128"));
        let many: Vec<String> = (0..80).map(|i| format!("10.0.{i}.0/24")).collect();
        let e = validate_whitelist(&many.join(",")).unwrap_err();
        assert!(e.message.contains("1000"), "{}", e.message);
    }
}
