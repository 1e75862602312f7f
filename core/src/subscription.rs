//! [`SubscriptionId`]: the UUID naming a copy-trading subscription.
//!
//! 16 bytes on the wire; as text, the canonical hyphenated form, printed lowercase and parsed in either case.
//!
//! ```
//! use tradeseal::{Error, SubscriptionId};
//!
//! let id: SubscriptionId = "6F9619FF-8B86-D011-B42D-00C04FC964FF".parse()?;
//! assert_eq!(id.to_string(), "6f9619ff-8b86-d011-b42d-00c04fc964ff");
//! assert_eq!(id.as_bytes()[0], 0x6f);
//! assert_eq!("6f9619ff8b86d011b42d00c04fc964ff".parse::<SubscriptionId>(), Err(Error::InvalidUuid));
//! # Ok::<(), Error>(())
//! ```

use core::fmt;
use core::str::FromStr;

use crate::error::{Error, Result};

/// Length of a UUID's canonical text form.
pub const SUBSCRIPTION_ID_TEXT_BYTES: usize = 36;

/// Where the canonical text form has hyphens.
const HYPHENS: [usize; 4] = [8, 13, 18, 23];

/// A subscription id: a UUID (any version), 16 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SubscriptionId([u8; 16]);

impl SubscriptionId {
    /// The id with these 16 bytes.
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        SubscriptionId(bytes)
    }

    /// The 16 bytes, as on the wire.
    pub const fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
}

/// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (hex digits in either case); anything else is
/// [`Error::InvalidUuid`].
impl FromStr for SubscriptionId {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        let text = text.as_bytes();
        if text.len() != SUBSCRIPTION_ID_TEXT_BYTES || HYPHENS.iter().any(|&i| text.get(i) != Some(&b'-')) {
            return Err(Error::InvalidUuid);
        }
        let mut hex = [0u8; 32];
        let digits = text
            .iter()
            .enumerate()
            .filter(|(i, _)| !HYPHENS.contains(i))
            .map(|(_, &c)| c);
        for (slot, c) in hex.iter_mut().zip(digits) {
            *slot = c;
        }
        let mut bytes = [0u8; 16];
        crate::hex::decode_into(&hex, &mut bytes).map_err(|_| Error::InvalidUuid)?;
        Ok(SubscriptionId(bytes))
    }
}

/// The canonical lowercase hyphenated form.
impl fmt::Display for SubscriptionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                f.write_str("-")?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects() {
        let text = "00112233-4455-6677-8899-aabbccddeeff";
        let id: SubscriptionId = text.parse().unwrap();
        assert_eq!(id.to_string(), text);
        assert_eq!(SubscriptionId::from_bytes(*id.as_bytes()), id);
        for bad in [
            "",
            "00112233-4455-6677-8899-aabbccddeef",
            "00112233-4455-6677-8899_aabbccddeeff",
            "0011223g-4455-6677-8899-aabbccddeeff",
            "00112233-4455-6677-8899-aabbccddeeff0",
        ] {
            assert_eq!(bad.parse::<SubscriptionId>(), Err(Error::InvalidUuid), "{bad}");
        }
    }
}
