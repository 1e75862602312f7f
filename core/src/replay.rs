//! Sequence-number anti-replay: an RFC 6479 bitmap [`ReplayWindow`] per stream.
//!
//! The window remembers which of the last `W` sequence numbers (default [`DEFAULT_WINDOW`] = 1024,
//! any power of two from [`MIN_WINDOW`] to [`MAX_WINDOW`]) were accepted. Out-of-order delivery inside the
//! window is accepted once; a duplicate fails with [`Error::Replayed`], a number `W` or more behind the
//! highest accepted one with [`Error::TooOld`], and sequence 0 with [`Error::InvalidSequence`].
//!
//! Checking and committing are split, as in IPsec and WireGuard: [`ReplayWindow::check`] has no side
//! effects and runs *before* the expensive signature check (so duplicates are dropped cheaply), and only a
//! message that authenticated moves the window with [`ReplayWindow::commit`]. `commit` consumes the
//! [`CheckedSeq`] that `check` returned, so an unchecked number cannot be committed, and it checks again, so
//! when two copies of one message race through verification exactly one of them is accepted.
//!
//! Neither call allocates: the bitmap is allocated once, when the window is made.
//!
//! ```
//! use tradeseal::{Error, ReplayWindow};
//!
//! let mut window = ReplayWindow::new(1024)?;
//! let fresh = window.check(5)?;
//! // ... verify the message's signature here; only then:
//! window.commit(fresh)?;
//! assert_eq!(window.check(5).unwrap_err(), Error::Replayed);
//! window.commit(window.check(3)?)?; // late, but inside the window: accepted once
//! window.commit(window.check(2000)?)?;
//! assert_eq!(window.check(900).unwrap_err(), Error::TooOld);
//! assert_eq!(window.check(0).unwrap_err(), Error::InvalidSequence);
//! # Ok::<(), Error>(())
//! ```

use crate::error::{Error, Result};

/// The default window size in sequence numbers.
pub const DEFAULT_WINDOW: u64 = 1024;
/// The smallest window size [`ReplayWindow::new`] accepts.
pub const MIN_WINDOW: u64 = 64;
/// The largest window size [`ReplayWindow::new`] accepts.
pub const MAX_WINDOW: u64 = 65536;

const WORD_BITS: u64 = u64::BITS as u64;

/// Proof that a sequence number passed [`ReplayWindow::check`]; [`ReplayWindow::commit`] consumes it.
///
/// It can only be made by `check`, so a caller cannot commit a number that was never checked.
#[must_use = "commit the sequence number once the message authenticated"]
#[derive(Debug, PartialEq, Eq)]
pub struct CheckedSeq {
    seq: u64,
}

impl CheckedSeq {
    /// The checked sequence number.
    pub fn seq(&self) -> u64 {
        self.seq
    }
}

/// An RFC 6479 anti-replay window over `u64` sequence numbers (sequence 0 is never valid).
///
/// The bitmap is a ring of `2 * W / 64` words, so it slides a word at a time and always holds the full
/// `W` numbers behind the highest accepted one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayWindow {
    top: u64,
    size: u64,
    word_mask: u64,
    bits: Box<[u64]>,
}

impl ReplayWindow {
    /// An empty window of `size` sequence numbers: a power of two from [`MIN_WINDOW`] to [`MAX_WINDOW`],
    /// else [`Error::OutOfRange`].
    pub fn new(size: u64) -> Result<Self> {
        if !(MIN_WINDOW..=MAX_WINDOW).contains(&size) || !size.is_power_of_two() {
            return Err(Error::OutOfRange);
        }
        Ok(Self::with_valid_size(size))
    }

    /// A window that treats every number up to and including `seq` as already seen (used after a restart,
    /// see `docs/SECURITY.md`).
    pub fn starting_after(size: u64, seq: u64) -> Result<Self> {
        let mut window = Self::new(size)?;
        window.top = seq;
        window.bits.fill(u64::MAX);
        // Numbers above `seq` that share its word are not seen yet.
        let slot = window.slot(seq / WORD_BITS);
        window.bits[slot] = u64::MAX >> (WORD_BITS - 1 - seq % WORD_BITS);
        Ok(window)
    }

    fn with_valid_size(size: u64) -> Self {
        let words = 2 * size / WORD_BITS;
        ReplayWindow {
            top: 0,
            size,
            word_mask: words - 1,
            bits: vec![0; words as usize].into_boxed_slice(),
        }
    }

    /// The window size in sequence numbers.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The highest committed sequence number (0 before the first commit).
    pub fn top(&self) -> u64 {
        self.top
    }

    /// Whether `seq` may be accepted. Has no side effects.
    ///
    /// Fails with [`Error::InvalidSequence`] for 0, [`Error::TooOld`] when `seq` is `size` or more behind
    /// the highest committed number, and [`Error::Replayed`] when it was committed already.
    #[inline]
    pub fn check(&self, seq: u64) -> Result<CheckedSeq> {
        if seq == 0 {
            return Err(Error::InvalidSequence);
        }
        if seq > self.top {
            return Ok(CheckedSeq { seq });
        }
        if self.top - seq >= self.size {
            return Err(Error::TooOld);
        }
        if self.word(seq) & Self::bit(seq) != 0 {
            return Err(Error::Replayed);
        }
        Ok(CheckedSeq { seq })
    }

    /// Marks the checked number as accepted, sliding the window forward if it is the new highest.
    ///
    /// Checks again first (another copy may have been committed since), failing like [`Self::check`].
    #[inline]
    pub fn commit(&mut self, checked: CheckedSeq) -> Result<()> {
        let seq = self.check(checked.seq)?.seq;
        if seq > self.top {
            let current = self.top / WORD_BITS;
            let target = seq / WORD_BITS;
            for word in current + 1..=target.min(current + self.word_mask + 1) {
                let slot = self.slot(word);
                self.bits[slot] = 0;
            }
            self.top = seq;
        }
        let slot = self.slot(seq / WORD_BITS);
        self.bits[slot] |= Self::bit(seq);
        Ok(())
    }

    /// The bitmap slot of word number `word`. Always in bounds: `word_mask` is `bits.len() - 1`.
    #[inline]
    fn slot(&self, word: u64) -> usize {
        (word & self.word_mask) as usize
    }

    #[inline]
    fn word(&self, seq: u64) -> u64 {
        self.bits[self.slot(seq / WORD_BITS)]
    }

    #[inline]
    fn bit(seq: u64) -> u64 {
        1 << (seq % WORD_BITS)
    }
}

impl Default for ReplayWindow {
    /// An empty window of [`DEFAULT_WINDOW`] numbers.
    fn default() -> Self {
        Self::with_valid_size(DEFAULT_WINDOW)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    /// The obviously correct model: a set of everything accepted.
    struct Model {
        size: u64,
        start: u64,
        seen: HashSet<u64>,
        top: u64,
    }

    impl Model {
        fn check(&self, seq: u64) -> Result<()> {
            if seq == 0 {
                Err(Error::InvalidSequence)
            } else if seq <= self.top && self.top - seq >= self.size {
                Err(Error::TooOld)
            } else if seq <= self.start || self.seen.contains(&seq) {
                Err(Error::Replayed)
            } else {
                Ok(())
            }
        }
    }

    #[test]
    fn sizes() {
        for bad in [0, 1, 32, 100, 1000, 2 * MAX_WINDOW] {
            assert_eq!(ReplayWindow::new(bad).unwrap_err(), Error::OutOfRange, "{bad}");
        }
        for good in [64, 1024, 8192, MAX_WINDOW] {
            assert_eq!(ReplayWindow::new(good).unwrap().size(), good);
        }
        assert_eq!(
            ReplayWindow::default(),
            ReplayWindow::new(DEFAULT_WINDOW).unwrap()
        );
    }

    #[test]
    fn edges_of_the_window() {
        let mut w = ReplayWindow::new(64).unwrap();
        w.commit(w.check(100).unwrap()).unwrap();
        assert_eq!(w.check(36).unwrap_err(), Error::TooOld);
        w.commit(w.check(37).unwrap()).unwrap();
        assert_eq!(w.check(37).unwrap_err(), Error::Replayed);
        assert_eq!(w.check(100).unwrap_err(), Error::Replayed);
        assert_eq!(w.check(u64::MAX).unwrap().seq(), u64::MAX);
        w.commit(w.check(u64::MAX).unwrap()).unwrap();
        assert_eq!(w.check(u64::MAX).unwrap_err(), Error::Replayed);
        assert_eq!(w.check(u64::MAX - 64).unwrap_err(), Error::TooOld);
        w.commit(w.check(u64::MAX - 63).unwrap()).unwrap();
    }

    #[test]
    fn racing_copies_commit_once() {
        let mut w = ReplayWindow::default();
        let (a, b) = (w.check(9).unwrap(), w.check(9).unwrap());
        w.commit(a).unwrap();
        assert_eq!(w.commit(b).unwrap_err(), Error::Replayed);
    }

    #[test]
    fn restart_treats_everything_up_to_the_reservation_as_seen() {
        let w = ReplayWindow::starting_after(1024, 5000).unwrap();
        assert_eq!(w.check(5000).unwrap_err(), Error::Replayed);
        assert_eq!(w.check(4000).unwrap_err(), Error::Replayed);
        assert_eq!(w.check(3976).unwrap_err(), Error::TooOld);
        assert!(w.check(5001).is_ok());
        let mut w = w;
        w.commit(w.check(5010).unwrap()).unwrap();
        assert!(
            w.check(5005).is_ok(),
            "numbers above the reservation in its word are unseen"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn matches_the_set_model(
            size_log in 6u32..=10,
            base in prop_oneof![Just(0u64), Just(u64::MAX - 5000), any::<u64>()],
            start in prop_oneof![Just(None), (0u64..3000).prop_map(Some)],
            steps in proptest::collection::vec((0u64..3000, any::<bool>()), 1..400),
        ) {
            let size = 1u64 << size_log;
            let (mut window, start) = match start {
                None => (ReplayWindow::new(size).unwrap(), 0),
                Some(offset) => {
                    let start = base.saturating_add(offset);
                    (ReplayWindow::starting_after(size, start).unwrap(), start)
                }
            };
            let mut model = Model { size, start, seen: HashSet::new(), top: start };
            for (offset, authentic) in steps {
                let seq = base.saturating_add(offset);
                let got = window.check(seq);
                prop_assert_eq!(got.as_ref().map(|c| c.seq()).map_err(|e| *e), model.check(seq).map(|()| seq));
                if let (Ok(checked), true) = (got, authentic) {
                    window.commit(checked).unwrap();
                    model.seen.insert(seq);
                    model.top = model.top.max(seq);
                }
            }
        }
    }
}
