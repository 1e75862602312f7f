//! The operating system's random number generator.

use ring::rand::{SecureRandom, SystemRandom};

use crate::error::{Error, Result};

/// Fills `out` with random bytes from the OS, or fails with [`Error::RngFailure`].
pub fn fill(out: &mut [u8]) -> Result<()> {
    SystemRandom::new().fill(out).map_err(|_| Error::RngFailure)
}
