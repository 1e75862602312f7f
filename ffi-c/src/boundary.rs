//! The one panic boundary every export runs inside, the thread-local last error, and the `try_*` helpers
//! that turn C pointers into Rust references and slices.
//!
//! Every unsafe operation of the C ABI is in this file, each with its `SAFETY:` argument; the export
//! modules only call these helpers.

use core::cell::Cell;
use core::ptr;
use std::panic::{catch_unwind, AssertUnwindSafe};

use tradeseal_core::Error;

use crate::tseal_status;

/// Runs an export body inside the panic boundary and converts its outcome into the C return value.
///
/// The body is a closure body. Status-returning exports evaluate to `Result<(), Error>`; getters evaluate
/// to their plain value. A panic becomes `TSEAL_INTERNAL` (or the getter's neutral value) and never unwinds
/// into C.
macro_rules! ffi_boundary {
    ($($body:tt)*) => {
        $crate::boundary::catch(move || { $($body)* })
    };
}
pub(crate) use ffi_boundary;

/// Converts an export's C parameters with the `try_*` helpers below (or another `unsafe fn` that only
/// checks and borrows its arguments, such as `SignalOut::new`). Evaluates to the converted value, or the
/// tuple of converted values in order, and returns the first failure from the export body:
///
/// ```ignore
/// let (key, msg, tag) = c_args!(try_ref(key), try_slice(msg, msg_len), try_out(tag, tag_len));
/// ```
///
/// It takes parameter names only, never expressions, so its one `unsafe` block covers exactly the
/// pointers that the export's C contract describes.
macro_rules! c_args {
    ($($helper:ident)::+($($arg:ident),+) $(,)?) => {
        // SAFETY: the arguments are the export's own parameters, and its C contract (its documentation and
        // the conventions of lib.rs, both in include/tradeseal.h) is the helper's safety requirement: a
        // handle is NULL or live, an input pointer is NULL or holds its length, an output is NULL or
        // writable for its capacity, and no one else uses them until the export returns.
        unsafe { $($helper)::+($($arg),+)? }
    };
    ($($($helper:ident)::+($($arg:ident),+)),+ $(,)?) => {
        // SAFETY: as in the single-argument case above, for each argument.
        unsafe { ($($($helper)::+($($arg),+)?),+) }
    };
}
pub(crate) use c_args;

/// What an export body evaluates to, and how it crosses into C.
pub(crate) trait Outcome {
    /// The C return type.
    type C;
    /// The C value for this outcome; failures are recorded as the thread's last error.
    fn into_c(self) -> Self::C;
    /// The C value returned when the body panicked.
    fn panicked() -> Self::C;
}

impl Outcome for Result<(), Error> {
    type C = tseal_status;
    #[inline(always)]
    fn into_c(self) -> tseal_status {
        match self {
            Ok(()) => crate::TSEAL_OK,
            Err(e) => fail(e),
        }
    }
    fn panicked() -> tseal_status {
        fail(Error::Internal)
    }
}

/// Getters and destructors: their value passes through; a panic is recorded and gives `Default`.
macro_rules! plain_outcome {
    ($($t:ty),*) => {$(
        impl Outcome for $t {
            type C = $t;
            #[inline(always)]
            fn into_c(self) -> $t {
                self
            }
            fn panicked() -> $t {
                record(Error::Internal);
                Default::default()
            }
        }
    )*};
}
plain_outcome!((), u32, u64, usize);

impl Outcome for *const core::ffi::c_char {
    type C = *const core::ffi::c_char;
    #[inline(always)]
    fn into_c(self) -> Self::C {
        self
    }
    fn panicked() -> Self::C {
        record(Error::Internal);
        ptr::null()
    }
}

/// The panic boundary behind [`ffi_boundary!`].
#[inline(always)]
pub(crate) fn catch<O: Outcome>(body: impl FnOnce() -> O) -> O::C {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(outcome) => outcome.into_c(),
        Err(_) => O::panicked(),
    }
}

thread_local! {
    static LAST_ERROR: Cell<Option<Error>> = const { Cell::new(None) };
}

/// Records `e` as this thread's last error and returns its status code.
fn fail(e: Error) -> tseal_status {
    record(e);
    e.code()
}

/// Records `e` as this thread's last error.
pub(crate) fn record(e: Error) {
    LAST_ERROR.with(|last| last.set(Some(e)));
}

/// The error of the most recent failed call on this thread.
pub(crate) fn last_error() -> Option<Error> {
    LAST_ERROR.with(Cell::get)
}

/// `len` elements at `ptr` as a slice. NULL is accepted for an empty slice; otherwise NULL fails with
/// `TSEAL_NULL_POINTER` and a pointer not aligned for `T` with `TSEAL_INVALID_ARGUMENT`.
///
/// # Safety
/// If `ptr` is not NULL, it must point to `len` initialised `T`s that stay valid and unmodified for `'a`.
pub(crate) unsafe fn try_slice<'a, T>(ptr: *const T, len: usize) -> Result<&'a [T], Error> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(Error::NullPointer);
    }
    if !ptr.is_aligned() {
        return Err(Error::InvalidArgument);
    }
    // SAFETY: `ptr` is non-NULL and aligned, and the caller guarantees it points to `len` valid `T`s
    // for `'a`.
    Ok(unsafe { core::slice::from_raw_parts(ptr, len) })
}

/// `len` bytes of UTF-8 text at `ptr` (no NUL needed); invalid UTF-8 fails with `TSEAL_INVALID_UTF8`.
///
/// # Safety
/// As [`try_slice`].
pub(crate) unsafe fn try_str<'a>(ptr: *const u8, len: usize) -> Result<&'a str, Error> {
    // SAFETY: forwarded from this function's contract.
    let bytes = unsafe { try_slice(ptr, len) }?;
    core::str::from_utf8(bytes).map_err(|_| Error::InvalidUtf8)
}

/// Integer types, for which all-zero bytes are a valid value.
pub(crate) trait Integer: Copy {}
impl Integer for u8 {}
impl Integer for u32 {}
impl Integer for u64 {}

/// `len` writable elements at `ptr`, zeroed. NULL is accepted when `len` is 0, otherwise it fails with
/// `TSEAL_NULL_POINTER`; a pointer not aligned for `T` fails with `TSEAL_INVALID_ARGUMENT`.
///
/// # Safety
/// If `ptr` is not NULL, it must be valid for writes of `len` `T`s and not aliased for `'a`.
pub(crate) unsafe fn try_slice_mut<'a, T: Integer>(ptr: *mut T, len: usize) -> Result<&'a mut [T], Error> {
    if len == 0 {
        return Ok(&mut []);
    }
    if ptr.is_null() {
        return Err(Error::NullPointer);
    }
    if !ptr.is_aligned() {
        return Err(Error::InvalidArgument);
    }
    // SAFETY: the caller guarantees `len` writable `T`s at the non-NULL, aligned `ptr`; zeroing them first
    // (a valid value of an integer `T`) means the slice only covers initialised values.
    Ok(unsafe {
        ptr::write_bytes(ptr, 0, len);
        core::slice::from_raw_parts_mut(ptr, len)
    })
}

/// `len` bytes at `ptr` to be transformed in place, of which the caller initialised all but the first
/// `head` and the last `tail` (room around a message, such as a nonce and a tag): those are zeroed, the
/// rest is left as it is. NULL as for [`try_slice_mut`].
///
/// # Safety
/// If `ptr` is not NULL, it must be valid for reads and writes of `len` bytes, those between the first
/// `head` and the last `tail` initialised, and not aliased for `'a`.
pub(crate) unsafe fn try_framed<'a>(
    ptr: *mut u8,
    len: usize,
    head: usize,
    tail: usize,
) -> Result<&'a mut [u8], Error> {
    if len == 0 {
        return Ok(&mut []);
    }
    if ptr.is_null() {
        return Err(Error::NullPointer);
    }
    let head = head.min(len);
    let tail = tail.min(len - head);
    // SAFETY: the caller guarantees `len` readable and writable bytes at the non-NULL `ptr`, and `head +
    // tail <= len`; zeroing the head and the tail means the slice only covers initialised bytes.
    Ok(unsafe {
        ptr::write_bytes(ptr, 0, head);
        ptr::write_bytes(ptr.add(len - tail), 0, tail);
        core::slice::from_raw_parts_mut(ptr, len)
    })
}

/// The caller's opaque context pointer for a callback, passed back to it unchanged; the library never
/// dereferences it.
#[derive(Clone, Copy)]
pub(crate) struct CallerContext(*mut core::ffi::c_void);

// SAFETY: `CallerContext` is only made by `try_context`, whose contract requires the pointer to be usable
// from any thread, at the same time, for as long as the library may call back with it; the library itself
// never dereferences it.
unsafe impl Send for CallerContext {}
// SAFETY: as for `Send` above.
unsafe impl Sync for CallerContext {}

impl CallerContext {
    /// The pointer, to hand back to the caller's callback.
    pub(crate) fn get(self) -> *mut core::ffi::c_void {
        self.0
    }
}

/// `ctx` kept for a callback (NULL is a valid context).
///
/// # Safety
/// `ctx` must be NULL or usable by the callback from any thread, at the same time, for as long as the
/// library may call back with it.
pub(crate) unsafe fn try_context(ctx: *mut core::ffi::c_void) -> Result<CallerContext, Error> {
    Ok(CallerContext(ctx))
}

/// The object behind a handle, or `TSEAL_NULL_POINTER`.
///
/// # Safety
/// If `ptr` is not NULL, it must be a live handle made by this library's `_new` (not yet freed).
pub(crate) unsafe fn try_ref<'a, T>(ptr: *const T) -> Result<&'a T, Error> {
    // SAFETY: the caller guarantees a non-NULL `ptr` is a live handle, i.e. a valid `T` for `'a`.
    unsafe { ptr.as_ref() }.ok_or(Error::NullPointer)
}

/// Where to write a scalar result, or `TSEAL_NULL_POINTER`.
///
/// # Safety
/// If `ptr` is not NULL, it must be valid for writing a `T` and not aliased for `'a`.
pub(crate) unsafe fn try_mut<'a, T>(ptr: *mut T) -> Result<&'a mut T, Error> {
    if !ptr.is_aligned() {
        return Err(Error::InvalidArgument);
    }
    // SAFETY: the caller guarantees a non-NULL `ptr` is valid for writes of a `T` for `'a`; it is aligned.
    unsafe { ptr.as_mut() }.ok_or(Error::NullPointer)
}

/// Moves `value` to the heap and stores the new handle in `*out`.
pub(crate) fn new_handle<T>(out: &mut *mut T, value: T) -> Result<(), Error> {
    *out = Box::into_raw(Box::new(value));
    Ok(())
}

/// Frees a handle made by [`new_handle`]; NULL is a no-op.
///
/// # Safety
/// `ptr` must be NULL or a handle made by [`new_handle`] for the same `T`, not freed before and not in use
/// by another thread.
pub(crate) unsafe fn free_handle<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: the caller guarantees `ptr` came from `Box::into_raw` in `new_handle` and is freed once.
        drop(unsafe { Box::from_raw(ptr) });
    }
}

/// A caller-owned output buffer: `cap` elements (bytes unless `T` says otherwise) at `ptr`, and `len` which
/// receives the number written (or, when the buffer is too small, the number needed).
pub(crate) struct OutBuf<'a, T = u8> {
    ptr: *mut T,
    cap: usize,
    len: &'a mut usize,
}

/// The output buffer `out` of capacity `*out_len`. `out` may be NULL only with a capacity of 0 (a size
/// query); `out_len` must not be NULL.
///
/// # Safety
/// `out_len` must be NULL or valid for reads and writes; if `out` is not NULL it must be valid for writes
/// of `*out_len` `T`s, and neither may be used by anyone else until the export returns.
pub(crate) unsafe fn try_out<'a, T: Integer>(
    out: *mut T,
    out_len: *mut usize,
) -> Result<OutBuf<'a, T>, Error> {
    // SAFETY: forwarded from this function's contract.
    let len = unsafe { try_mut(out_len) }?;
    let cap = *len;
    if out.is_null() && cap != 0 {
        return Err(Error::NullPointer);
    }
    Ok(OutBuf { ptr: out, cap, len })
}

impl OutBuf<'_> {
    /// Lays out `head` zero bytes, a copy of `middle` and `tail` zero bytes at the start of the buffer, lets
    /// `fill` transform them in place and records their length (0 when it fails, and they are wiped). When
    /// the capacity is too small, nothing is written and the length needed is stored. Unlike
    /// [`OutBuf::write_with`], the bytes `middle` will overwrite are not zeroed first.
    #[inline]
    pub(crate) fn write_around(
        mut self,
        head: usize,
        middle: &[u8],
        tail: usize,
        fill: impl FnOnce(&mut [u8]) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let needed = head.saturating_add(middle.len()).saturating_add(tail);
        self.fits(needed)?;
        if !middle.is_empty() {
            // SAFETY: `try_out` got `ptr` valid for writes of `cap >= needed` bytes, non-NULL as `needed > 0`,
            // and not aliased (so not overlapping `middle`); `head + middle.len() <= needed`.
            unsafe { ptr::copy_nonoverlapping(middle.as_ptr(), self.ptr.add(head), middle.len()) };
        }
        // SAFETY: as above; the bytes between the head and the tail were just initialised from `middle`.
        let buf = unsafe { try_framed(self.ptr, needed, head, tail) }?;
        let result = fill(buf);
        if result.is_err() {
            buf.fill(0);
        }
        *self.len = if result.is_ok() { needed } else { 0 };
        result
    }
}

impl<T: Integer> OutBuf<'_, T> {
    /// Copies `bytes` into the buffer.
    #[inline]
    pub(crate) fn write(self, bytes: &[T]) -> Result<(), Error> {
        self.write_with(bytes.len(), |buf| {
            buf.copy_from_slice(bytes);
            Ok(bytes.len())
        })
    }

    /// Lets `fill` write into the first `needed` bytes of the buffer (zeroed first) and records the byte
    /// count it returns (0 when it fails). When the capacity is below `needed`, nothing is written and
    /// `needed` is stored as the length.
    #[inline]
    pub(crate) fn write_with(
        mut self,
        needed: usize,
        fill: impl FnOnce(&mut [T]) -> Result<usize, Error>,
    ) -> Result<(), Error> {
        self.fits(needed)?;
        // SAFETY: `try_out` got `ptr` valid for writes of `cap >= needed` bytes (and non-NULL unless
        // `cap == 0`, in which case `needed == 0` and the pointer is not used).
        let buf = unsafe { try_slice_mut(self.ptr, needed) }?;
        let written = fill(buf);
        *self.len = *written.as_ref().unwrap_or(&0);
        written.map(drop)
    }

    /// Checks that `needed` bytes fit, without writing them; when they do not, stores `needed` as the
    /// length and fails with `TSEAL_BUFFER_TOO_SMALL`. Lets an export with several outputs check them all
    /// before writing any.
    pub(crate) fn fits(&mut self, needed: usize) -> Result<(), Error> {
        if needed > self.cap {
            *self.len = needed;
            return Err(Error::BufferTooSmall);
        }
        Ok(())
    }
}
