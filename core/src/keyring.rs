//! Key rotation without a flag day: a [`Keyring`] of keys named by `u32` key ids.
//!
//! One key is the *primary*: it signs (or seals). Every key in the ring verifies (or opens). Every signed or
//! sealed format carries the key id, so a receiver holding both the old and the new key accepts messages made
//! with either while senders switch over. Rotation is:
//! 1. [`Keyring::insert`] the new key everywhere (it verifies but does not sign yet);
//! 2. [`Keyring::promote`] it on the senders;
//! 3. once nothing signed with the old key is in flight, [`Keyring::retire`] the old one.
//!
//! ```
//! use tradeseal::{Error, Keyring, MacKey};
//!
//! let mut ring = Keyring::new();
//! ring.insert(1, MacKey::generate()?)?;
//! ring.promote(1)?;
//! ring.insert(2, MacKey::generate()?)?;
//! assert_eq!(ring.primary()?.0, 1);
//! ring.promote(2)?;
//! ring.retire(1)?;
//! assert_eq!(ring.get(1).unwrap_err(), Error::UnknownKey);
//! # Ok::<(), Error>(())
//! ```

use crate::error::{Error, Result};

/// Identifies a key inside a [`Keyring`]; carried in every signed or sealed message.
pub type KeyId = u32;

/// Keys by id, with at most one primary. Retired keys are dropped (and so zeroized).
#[derive(Debug)]
pub struct Keyring<K> {
    keys: Vec<(KeyId, K)>,
    primary: Option<KeyId>,
}

impl<K> Default for Keyring<K> {
    fn default() -> Self {
        Keyring {
            keys: Vec::new(),
            primary: None,
        }
    }
}

impl<K> Keyring<K> {
    /// An empty keyring.
    pub fn new() -> Self {
        Self::default()
    }

    /// A keyring holding `key` under `id` as its primary.
    pub fn with_primary(id: KeyId, key: K) -> Self {
        Keyring {
            keys: vec![(id, key)],
            primary: Some(id),
        }
    }

    /// Adds `key` under `id`; it verifies at once but signs only after [`Keyring::promote`].
    ///
    /// Fails with [`Error::DuplicateKeyId`] if `id` is taken.
    pub fn insert(&mut self, id: KeyId, key: K) -> Result<()> {
        if self.position(id).is_some() {
            return Err(Error::DuplicateKeyId);
        }
        self.keys.push((id, key));
        Ok(())
    }

    /// Makes the key `id` the primary. The previous primary keeps verifying.
    pub fn promote(&mut self, id: KeyId) -> Result<()> {
        self.position(id).ok_or(Error::UnknownKey)?;
        self.primary = Some(id);
        Ok(())
    }

    /// Removes and drops the key `id`. The primary cannot be retired: promote another key first
    /// ([`Error::WrongState`]).
    pub fn retire(&mut self, id: KeyId) -> Result<()> {
        let index = self.position(id).ok_or(Error::UnknownKey)?;
        if self.primary == Some(id) {
            return Err(Error::WrongState);
        }
        self.keys.swap_remove(index);
        Ok(())
    }

    /// The primary key and its id, or [`Error::NoPrimaryKey`].
    pub fn primary(&self) -> Result<(KeyId, &K)> {
        let id = self.primary.ok_or(Error::NoPrimaryKey)?;
        Ok((id, self.get(id)?))
    }

    /// The key `id`, or [`Error::UnknownKey`].
    pub fn get(&self, id: KeyId) -> Result<&K> {
        self.keys
            .iter()
            .find(|(k, _)| *k == id)
            .map(|(_, key)| key)
            .ok_or(Error::UnknownKey)
    }

    /// The ids of all keys, in insertion order (retirement may reorder).
    pub fn ids(&self) -> impl Iterator<Item = KeyId> + '_ {
        self.keys.iter().map(|(id, _)| *id)
    }

    /// Number of keys in the ring.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the ring holds no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    fn position(&self, id: KeyId) -> Option<usize> {
        self.keys.iter().position(|(k, _)| *k == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_rules() {
        let mut ring: Keyring<&str> = Keyring::new();
        assert_eq!(ring.primary().unwrap_err(), Error::NoPrimaryKey);
        ring.insert(7, "a").unwrap();
        assert_eq!(ring.insert(7, "b").unwrap_err(), Error::DuplicateKeyId);
        assert_eq!(ring.primary().unwrap_err(), Error::NoPrimaryKey);
        assert_eq!(ring.promote(8).unwrap_err(), Error::UnknownKey);
        ring.promote(7).unwrap();
        assert_eq!(ring.retire(7).unwrap_err(), Error::WrongState);
        ring.insert(8, "b").unwrap();
        ring.promote(8).unwrap();
        assert_eq!(*ring.get(7).unwrap(), "a");
        ring.retire(7).unwrap();
        assert_eq!(ring.get(7).unwrap_err(), Error::UnknownKey);
        assert_eq!(ring.primary().unwrap(), (8, &"b"));
        assert_eq!(ring.len(), 1);
    }
}
