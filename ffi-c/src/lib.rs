//! The C ABI of tradeseal (work in progress).
