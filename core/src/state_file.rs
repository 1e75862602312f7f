//! The [`Guard`](crate::guard::Guard)'s crash-safe state file: one sequence reservation per stream.
//!
//! Format v1 (normative in `docs/WIRE.md`): `version u8 = 1 | "TSRG" | count u32 | count x (stream id [16] |
//! reservation u64) | SHA-256 of everything before it [32]`, integers big-endian, entries in strictly ascending
//! stream-id order (so each state has one encoding).
//! Every write replaces the whole file atomically: write `<path>.tmp`, fsync it, rename it over `<path>`,
//! fsync the directory (POSIX). A file that does not decode fails with [`Error::StateCorrupt`].

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::subscription::SubscriptionId;
use crate::wire::{Reader, Writer};

const VERSION: u8 = 1;
const MAGIC: [u8; 4] = *b"TSRG";
const HEADER_BYTES: usize = 1 + 4 + 4;
const ENTRY_BYTES: usize = 16 + 8;
const CHECKSUM_BYTES: usize = 32;

/// The persisted reservations and where they live.
#[derive(Debug)]
pub(crate) struct StateFile {
    path: PathBuf,
    reservations: BTreeMap<SubscriptionId, u64>,
}

impl StateFile {
    /// Loads `path`; a missing file is an empty state.
    pub(crate) fn open(path: &Path) -> Result<Self> {
        let reservations = match fs::read(path) {
            Ok(bytes) => decode(&bytes)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => BTreeMap::new(),
            Err(_) => return Err(Error::Io),
        };
        Ok(StateFile {
            path: path.to_path_buf(),
            reservations,
        })
    }

    /// The loaded reservations.
    pub(crate) fn reservations(&self) -> impl Iterator<Item = (SubscriptionId, u64)> + '_ {
        self.reservations.iter().map(|(id, seq)| (*id, *seq))
    }

    /// Persists `stream`'s reservation `upto` (with every other stream's) before returning.
    pub(crate) fn reserve(&mut self, stream: SubscriptionId, upto: u64) -> Result<()> {
        self.reservations.insert(stream, upto);
        write_atomically(&self.path, &encode(&self.reservations)?).map_err(|_| Error::Io)
    }
}

fn encode(reservations: &BTreeMap<SubscriptionId, u64>) -> Result<Vec<u8>> {
    let count = u32::try_from(reservations.len()).map_err(|_| Error::OutOfRange)?;
    let body = HEADER_BYTES + reservations.len() * ENTRY_BYTES;
    let mut bytes = vec![0u8; body + CHECKSUM_BYTES];
    let (head, checksum) = bytes.split_at_mut(body);
    let mut w = Writer::new(head);
    w.u8(VERSION)?;
    w.put(&MAGIC)?;
    w.u32(count)?;
    for (id, seq) in reservations {
        w.put(id.as_bytes())?;
        w.u64(*seq)?;
    }
    checksum.copy_from_slice(&Sha256::digest(&*head));
    Ok(bytes)
}

fn decode(bytes: &[u8]) -> Result<BTreeMap<SubscriptionId, u64>> {
    let body = bytes
        .len()
        .checked_sub(CHECKSUM_BYTES)
        .ok_or(Error::StateCorrupt)?;
    let (head, checksum) = bytes.split_at(body);
    if Sha256::digest(head).as_slice() != checksum {
        return Err(Error::StateCorrupt);
    }
    let mut r = Reader::new(head);
    let corrupt = |_| Error::StateCorrupt;
    if r.u8().map_err(corrupt)? != VERSION || r.array::<4>().map_err(corrupt)? != MAGIC {
        return Err(Error::StateCorrupt);
    }
    let count = usize::try_from(r.u32().map_err(corrupt)?).map_err(|_| Error::StateCorrupt)?;
    if Some(head.len())
        != count
            .checked_mul(ENTRY_BYTES)
            .and_then(|n| n.checked_add(HEADER_BYTES))
    {
        return Err(Error::StateCorrupt);
    }
    let mut reservations = BTreeMap::new();
    for _ in 0..count {
        let id = SubscriptionId::from_bytes(r.array().map_err(corrupt)?);
        // Strictly ascending ids: the one encoding of a state, without duplicates.
        if reservations.last_key_value().is_some_and(|(last, _)| *last >= id) {
            return Err(Error::StateCorrupt);
        }
        reservations.insert(id, r.u64().map_err(corrupt)?);
    }
    Ok(reservations)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let mut file = File::create(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&tmp, path)?;
    sync_parent_dir(path)
}

/// Makes the rename durable: fsync of the directory (POSIX).
#[cfg(unix)]
fn sync_parent_dir(path: &Path) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    File::open(dir)?.sync_all()
}

/// Windows cannot open a directory as a file (the MT5 DLL's case): NTFS journals the rename itself.
#[cfg(not(unix))]
fn sync_parent_dir(_path: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> BTreeMap<SubscriptionId, u64> {
        (0u8..3)
            .map(|i| (SubscriptionId::from_bytes([i; 16]), u64::from(i) * 1000 + 7))
            .collect()
    }

    #[test]
    fn round_trip_and_every_flipped_bit_is_corrupt() {
        let bytes = encode(&sample()).unwrap();
        assert_eq!(bytes.len(), HEADER_BYTES + 3 * ENTRY_BYTES + CHECKSUM_BYTES);
        assert_eq!(decode(&bytes).unwrap(), sample());
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x10;
            assert_eq!(decode(&bad), Err(Error::StateCorrupt), "byte {i}");
        }
        for n in 0..bytes.len() {
            assert_eq!(decode(&bytes[..n]), Err(Error::StateCorrupt), "length {n}");
        }
    }

    #[test]
    fn a_consistent_checksum_does_not_excuse_a_bad_structure() {
        let mut head = encode(&sample()).unwrap();
        head.truncate(head.len() - CHECKSUM_BYTES);
        let resealed = |head: &[u8]| [head, Sha256::digest(head).as_slice()].concat();
        let mut swapped = head.clone();
        swapped[HEADER_BYTES..HEADER_BYTES + 2 * ENTRY_BYTES].rotate_left(ENTRY_BYTES);
        assert_eq!(decode(&resealed(&swapped)), Err(Error::StateCorrupt), "unsorted");
        head[8] = 4; // count 4, but 3 entries
        assert_eq!(decode(&resealed(&head)), Err(Error::StateCorrupt));
    }

    #[test]
    fn reserve_writes_the_file_and_open_reads_it_back() {
        let dir = std::env::temp_dir().join(format!("tseal-state-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("guard.state");
        let _ = fs::remove_file(&path);
        let mut state = StateFile::open(&path).unwrap();
        for (id, seq) in sample() {
            state.reserve(id, seq).unwrap();
        }
        assert_eq!(StateFile::open(&path).unwrap().reservations, sample());
        fs::write(&path, b"garbage").unwrap();
        assert_eq!(StateFile::open(&path).unwrap_err(), Error::StateCorrupt);
        fs::remove_dir_all(&dir).unwrap();
    }
}
