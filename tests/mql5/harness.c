/*
 * MQL5-DLL harness: runs under wine and calls tradeseal.dll exactly the way a MetaTrader 5 EA does.
 *
 *   harness.exe <path to tradeseal.dll> <vector cases file> <file of every header function name>
 *
 * - The DLL is loaded with LoadLibraryW from a UTF-16 path and every function is resolved by name with
 *   GetProcAddress (as MQL5's #import does); the function pointer types come from include/tradeseal.h, so a
 *   changed signature fails to compile here. Every other function the header declares (names file) must
 *   resolve too.
 * - Handles are kept as int64 (MQL5 `long`), byte arrays are caller-allocated, lengths are 64-bit, and
 *   text goes in as UTF-16 through tseal_utf16_to_utf8, as TradeSeal.mqh does with MQL5 `string`s.
 * - The vector cases come from every tests/vectors JSON file through flatten_vectors.py; each op below has
 *   one entry in the dispatch table, an unknown op fails. A tamper case flips its byte when the op reads
 *   that input: in the decoded bytes of a byte input, in the UTF-8 of a text input.
 * - Then the bad-input cases (NULL, empty, short buffers, invalid UTF-16) and a multi-thread test.
 * - The exports no vector uses are not called here: scripts/test-mql5.sh links tests/ffi/exports.c and
 *   exports.cpp against this DLL's import library and runs them under wine too, so every function the header
 *   declares is called on Windows by this harness or by exports.c.
 *
 * Prints "N passed, N failed" last; the exit code is 0 only when nothing failed.
 */
#include <windows.h>
#include <shellapi.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tradeseal.h"

/* ---------------------------------------------------------------------------------------------------- */
/* The DLL, resolved by name.                                                                            */

#define TSEAL_FUNCTIONS(X)                                    \
  X(tseal_abi_version)                                        \
  X(tseal_status_name_copy)                                   \
  X(tseal_last_error_message)                                 \
  X(tseal_version_copy)                                       \
  X(tseal_utf16_to_utf8)                                      \
  X(tseal_mac_key_bytes)                                      \
  X(tseal_mac_tag_bytes)                                      \
  X(tseal_mac_key_new)                                        \
  X(tseal_mac_key_new_short)                                  \
  X(tseal_mac_key_free)                                       \
  X(tseal_mac_sign)                                           \
  X(tseal_mac_verify)                                         \
  X(tseal_keyring_new)                                        \
  X(tseal_keyring_free)                                       \
  X(tseal_keyring_insert)                                     \
  X(tseal_keyring_promote)                                    \
  X(tseal_keyring_retire)                                     \
  X(tseal_keyring_primary_id)                                 \
  X(tseal_keyring_sign)                                       \
  X(tseal_keyring_verify)                                     \
  X(tseal_decimal_parse)                                      \
  X(tseal_decimal_from_f64)                                   \
  X(tseal_max_signed_signal_bytes)                            \
  X(tseal_signal_sign)                                        \
  X(tseal_signal_verify)                                      \
  X(tseal_frame_overhead_bytes)                               \
  X(tseal_frame_sign)                                         \
  X(tseal_frame_verify)                                       \
  X(tseal_max_legacy_line_bytes)                              \
  X(tseal_legacy_signature_hex_bytes)                         \
  X(tseal_legacy_sign)                                        \
  X(tseal_legacy_verify)                                      \
  X(tseal_request_signature_hex_bytes)                        \
  X(tseal_request_sign)                                       \
  X(tseal_request_verify)                                     \
  X(tseal_replay_window_new)                                  \
  X(tseal_replay_window_free)                                 \
  X(tseal_replay_window_check)                                \
  X(tseal_replay_window_commit)                               \
  X(tseal_default_max_gap_age_ms)                             \
  X(tseal_default_max_missing)                                \
  X(tseal_default_max_streams)                                \
  X(tseal_default_reserve_ahead)                              \
  X(tseal_guard_new)                                          \
  X(tseal_guard_open)                                         \
  X(tseal_guard_free)                                         \
  X(tseal_guard_accept)                                       \
  X(tseal_guard_state)                                        \
  X(tseal_guard_missing)                                      \
  X(tseal_guard_resync)                                       \
  X(tseal_time_window_check)                                  \
  X(tseal_nonce_cache_new)                                    \
  X(tseal_nonce_cache_free)                                   \
  X(tseal_nonce_cache_insert)                                 \
  X(tseal_rate_limiter_new)                                   \
  X(tseal_rate_limiter_free)                                  \
  X(tseal_rate_limiter_acquire)                               \
  X(tseal_price_guard_check)                                  \
  X(tseal_signal_verifier_new)                                \
  X(tseal_signal_verifier_free)                               \
  X(tseal_signal_verifier_verify)                             \
  X(tseal_request_verifier_new)                               \
  X(tseal_request_verifier_free)                              \
  X(tseal_request_verifier_verify)                            \
  X(tseal_aead_tag_bytes)                                     \
  X(tseal_less_safe_key_new)                                  \
  X(tseal_less_safe_key_free)                                 \
  X(tseal_aead_seal_less_safe)                                \
  X(tseal_aead_open_less_safe)                                \
  X(tseal_sealing_keyring_new)                                \
  X(tseal_sealing_keyring_free)                               \
  X(tseal_sealing_keyring_insert)                             \
  X(tseal_envelope_open)                                      \
  X(tseal_envelope_seal_with_nonce_less_safe)                 \
  X(tseal_hkdf_prk_bytes)                                     \
  X(tseal_hkdf_extract)                                       \
  X(tseal_hkdf_expand)                                        \
  X(tseal_kdf_derive)                                         \
  X(tseal_argon2id)                                           \
  X(tseal_ed25519_public_key_bytes)                           \
  X(tseal_ed25519_signature_bytes)                            \
  X(tseal_ed25519_key_from_seed)                              \
  X(tseal_ed25519_key_free)                                   \
  X(tseal_ed25519_public_key)                                 \
  X(tseal_ed25519_sign)                                       \
  X(tseal_ed25519_verify)                                     \
  X(tseal_noise_key_bytes)                                    \
  X(tseal_noise_max_message_bytes)                            \
  X(tseal_noise_builder_new)                                  \
  X(tseal_noise_builder_free)                                 \
  X(tseal_noise_builder_prologue)                             \
  X(tseal_noise_builder_transport_mode)                       \
  X(tseal_noise_default_limits)                               \
  X(tseal_noise_builder_limits)                               \
  X(tseal_noise_builder_fixed_ephemeral_key_for_testing_only) \
  X(tseal_noise_builder_local_private_key)                    \
  X(tseal_noise_builder_psk)                                  \
  X(tseal_noise_builder_remote_public_key)                    \
  X(tseal_noise_builder_allow_peer)                           \
  X(tseal_noise_builder_build_initiator)                      \
  X(tseal_noise_builder_build_responder)                      \
  X(tseal_noise_session_free)                                 \
  X(tseal_noise_session_write)                                \
  X(tseal_noise_session_read)                                 \
  X(tseal_noise_session_handshake_hash)                       \
  X(tseal_noise_builder_import_session)                       \
  X(tseal_noise_session_remote_static)

static struct {
#define X(name) __typeof__(&name) name;
  TSEAL_FUNCTIONS(X)
#undef X
} dll;

static HMODULE load_dll(const wchar_t *path) {
  HMODULE lib = LoadLibraryW(path);
  if (lib == NULL) {
    fprintf(stderr, "LoadLibraryW failed: error %lu\n", GetLastError());
    return NULL;
  }
  int ok = 1;
#define X(name)                                                             \
  dll.name = (__typeof__(&name))(void (*)(void))GetProcAddress(lib, #name); \
  if (dll.name == NULL) {                                                   \
    fprintf(stderr, "GetProcAddress(%s) failed\n", #name);                  \
    ok = 0;                                                                 \
  }
  TSEAL_FUNCTIONS(X)
#undef X
  return ok ? lib : NULL;
}

/* Handles cross the MQL5 boundary as `long`: these convert at the call sites that make or use them. */
#define AS_HANDLE(type, h) ((type *)(intptr_t)(h))
#define HANDLE_OUT(type, h) ((type **)(h))

/* ---------------------------------------------------------------------------------------------------- */
/* Results.                                                                                              */

static int passed, failed;

static void report(int ok, const char *label, const char *fmt, ...) {
  if (ok) {
    passed++;
    return;
  }
  failed++;
  va_list ap;
  va_start(ap, fmt);
  fprintf(stdout, "FAIL %s: ", label);
  vfprintf(stdout, fmt, ap);
  fputc('\n', stdout);
  va_end(ap);
}

/* The TSEAL_* name of a status, read the MQL5 way (copied into a caller buffer). */
static const char *status_name(tseal_status status, char buf[64]) {
  size_t len = 63;
  if (dll.tseal_status_name_copy(status, (uint8_t *)buf, &len) != TSEAL_OK) {
    len = 0;
  }
  buf[len] = '\0';
  return buf;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Text: UTF-8 from the vectors -> UTF-16 (MQL5 string) -> tseal_utf16_to_utf8.                          */

/* Decodes UTF-8 (also surrogate code points, so vectors can carry lone surrogates) into UTF-16. */
static size_t utf8_to_utf16(const uint8_t *s, size_t n, uint16_t *out) {
  size_t w = 0;
  for (size_t i = 0; i < n;) {
    uint32_t cp = s[i];
    int extra = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : cp >= 0xC0 ? 1 : 0;
    cp &= extra ? 0x3Fu >> extra : 0x7Fu;
    for (i++; extra > 0 && i < n; extra--, i++) {
      cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp >= 0x10000) {
      out[w++] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
      out[w++] = (uint16_t)(0xDC00 + (cp & 0x3FF));
    } else {
      out[w++] = (uint16_t)cp;
    }
  }
  return w;
}

/* ---------------------------------------------------------------------------------------------------- */
/* One vector case.                                                                                      */

#define MAX_FIELDS 256
#define MAX_BYTES 65536

typedef struct {
  char *path;
  uint8_t *val; /* NUL-terminated */
  size_t len;
} field;

typedef struct {
  char label[512];
  char op[64];
  char error[64];
  field in[MAX_FIELDS], out[MAX_FIELDS], got[MAX_FIELDS];
  int n_in, n_out, n_got;
  char tamper[64]; /* the input to tamper with, "" if none */
  size_t tamper_offset;
  unsigned tamper_mask;
  int tampered;
  char problem[256]; /* set when the harness itself cannot run the case */
} vcase;

/* A byte string owned by the case's arena (freed when the case ends). */
typedef struct {
  uint8_t *p;
  size_t n;
} bytes;

static void *arena[4 * MAX_FIELDS];
static int arena_used;

static void *arena_alloc(size_t n) {
  void *p = calloc(1, n + 1);
  if (p == NULL || arena_used == (int)(sizeof arena / sizeof arena[0])) {
    fprintf(stderr, "out of memory\n");
    exit(2);
  }
  arena[arena_used++] = p;
  return p;
}

static void arena_reset(void) {
  while (arena_used > 0) {
    free(arena[--arena_used]);
  }
}

static void set_problem(vcase *c, const char *fmt, const char *arg) {
  if (c->problem[0] == '\0') {
    snprintf(c->problem, sizeof c->problem, fmt, arg);
  }
}

static const field *find(const field *fields, int n, const char *path) {
  for (int i = 0; i < n; i++) {
    if (strcmp(fields[i].path, path) == 0) {
      return &fields[i];
    }
  }
  return NULL;
}

static const field *input(vcase *c, const char *path) {
  const field *f = find(c->in, c->n_in, path);
  if (f == NULL) {
    set_problem(c, "missing input '%s'", path);
  }
  return f;
}

static int hexval(int ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

/* Decodes hex text into a new arena buffer; -1 on malformed hex. */
static long long unhex(const char *hex, size_t n, uint8_t **out) {
  if (n % 2) return -1;
  *out = arena_alloc(n / 2);
  for (size_t i = 0; i < n; i += 2) {
    int hi = hexval(hex[i]), lo = hexval(hex[i + 1]);
    if (hi < 0 || lo < 0) return -1;
    (*out)[i / 2] = (uint8_t)(hi << 4 | lo);
  }
  return (long long)(n / 2);
}

/* Applies the case's tamper entry to input `path` (its bytes or its UTF-8 text) when it names it. */
static void tamper(vcase *c, const char *path, uint8_t *p, size_t n) {
  if (strcmp(c->tamper, path) != 0) return;
  if (c->tamper_offset >= n) {
    set_problem(c, "tamper offset outside input '%s'", path);
    return;
  }
  p[c->tamper_offset] ^= (uint8_t)c->tamper_mask;
  c->tampered = 1;
}

/* A byte input (hex in the vector). */
static bytes in_hex(vcase *c, const char *path) {
  bytes b = {NULL, 0};
  const field *f = input(c, path);
  if (f != NULL) {
    long long n = unhex((const char *)f->val, f->len, &b.p);
    if (n < 0) {
      set_problem(c, "input '%s' is not hex", path);
      n = 0;
    }
    b.n = (size_t)n;
    tamper(c, path, b.p, b.n);
  }
  return b;
}

/* A text input, converted the MQL5 way: UTF-16 string -> tseal_utf16_to_utf8 into a caller buffer. On a
 * conversion failure the status goes to *status (and the case is expected to report it). */
static bytes in_text(vcase *c, const char *path, tseal_status *status) {
  bytes b = {NULL, 0};
  const field *f = input(c, path);
  if (f == NULL || *status != TSEAL_OK) return b;
  uint8_t *utf8 = arena_alloc(f->len);
  memcpy(utf8, f->val, f->len);
  tamper(c, path, utf8, f->len);
  uint16_t *wide = arena_alloc(2 * f->len + 2);
  size_t wlen = utf8_to_utf16(utf8, f->len, wide);
  size_t cap = 3 * wlen;
  b.p = arena_alloc(cap);
  *status = dll.tseal_utf16_to_utf8(wide, wlen, b.p, &cap);
  b.n = *status == TSEAL_OK ? cap : 0;
  return b;
}

static unsigned long long in_u64(vcase *c, const char *path) {
  const field *f = input(c, path);
  if (f == NULL) return 0;
  char *end;
  unsigned long long v = strtoull((const char *)f->val, &end, 10);
  if (*end != '\0' || f->len == 0) set_problem(c, "input '%s' is not an unsigned integer", path);
  return v;
}

static long long in_i64(vcase *c, const char *path) {
  const field *f = input(c, path);
  if (f == NULL) return 0;
  char *end;
  long long v = strtoll((const char *)f->val, &end, 10);
  if (*end != '\0' || f->len == 0) set_problem(c, "input '%s' is not an integer", path);
  return v;
}

/* A number written as decimal text, read as an EA gets it: the nearest double (correctly rounded). */
static double in_f64(vcase *c, const char *path) {
  const field *f = input(c, path);
  if (f == NULL) return 0;
  char *end;
  double v = strtod((const char *)f->val, &end);
  if (*end != '\0' || f->len == 0) set_problem(c, "input '%s' is not a number", path);
  return v;
}

/* Records an output in its canonical vector text. */
static void put_text(vcase *c, const char *path, const uint8_t *p, size_t n) {
  if (c->n_got == MAX_FIELDS) return;
  field *g = &c->got[c->n_got++];
  g->path = arena_alloc(strlen(path));
  strcpy(g->path, path);
  g->val = arena_alloc(n);
  if (n) memcpy(g->val, p, n);
  g->len = n;
}

static void put_hex(vcase *c, const char *path, const uint8_t *p, size_t n) {
  char *hex = arena_alloc(2 * n);
  for (size_t i = 0; i < n; i++) sprintf(hex + 2 * i, "%02x", p[i]);
  put_text(c, path, (const uint8_t *)hex, 2 * n);
}

static void put_u64(vcase *c, const char *path, unsigned long long v) {
  char buf[32];
  int n = snprintf(buf, sizeof buf, "%llu", v);
  put_text(c, path, (const uint8_t *)buf, (size_t)n);
}

static void put_i64(vcase *c, const char *path, long long v) {
  char buf[32];
  int n = snprintf(buf, sizeof buf, "%lld", v);
  put_text(c, path, (const uint8_t *)buf, (size_t)n);
}

/* ---------------------------------------------------------------------------------------------------- */
/* Ops: one function per vector op, each calls the DLL like an EA would and records its outputs.        */

typedef tseal_status (*op_fn)(vcase *c);

/* A path such as "steps.3.seq_str" (in the case's arena). */
static const char *at(const char *fmt, ...) {
  char *path = arena_alloc(128);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(path, 128, fmt, ap);
  va_end(ap);
  return path;
}

/* The status of a step as its vector verdict: "OK" or the TSEAL_* name. */
static void put_verdict(vcase *c, const char *path, tseal_status st) {
  char name[64];
  const char *text = st == TSEAL_OK ? "OK" : status_name(st, name);
  put_text(c, path, (const uint8_t *)text, strlen(text));
}

/* One step of a stateful op: reads "steps.N.*" (via `step`, the "steps.N." prefix) and returns its verdict. A
 * harness-level failure goes to *st. */
typedef tseal_status (*step_fn)(vcase *c, const char *step, void *ctx, tseal_status *st);

/* Runs every step of "steps" and records the verdicts as "verdicts": the loop every stateful op shares. */
static tseal_status run_steps(vcase *c, step_fn run, void *ctx, tseal_status st) {
  unsigned long long steps = in_u64(c, "steps.#");
  for (unsigned long long i = 0; i < steps && st == TSEAL_OK; i++) {
    tseal_status verdict = run(c, at("steps.%llu.", i), ctx, &st);
    if (st == TSEAL_OK) put_verdict(c, at("verdicts.%llu", i), verdict);
  }
  put_u64(c, "verdicts.#", steps);
  return st;
}

/* Decimal text ("1.08500") through tseal_decimal_parse, as an EA passes a price typed by the user. */
static tseal_status in_decimal(vcase *c, const char *path, int64_t *units, uint8_t *decimals, tseal_status st) {
  bytes text = in_text(c, path, &st);
  return st == TSEAL_OK ? dll.tseal_decimal_parse(text.p, text.n, units, decimals) : st;
}

/* A keyring from "keys": [{"id", "key", "primary"}]. */
static tseal_status keyring_from(vcase *c, long long *handle) {
  tseal_status st = dll.tseal_keyring_new(HANDLE_OUT(tseal_keyring, handle));
  unsigned long long count = in_u64(c, "keys.#");
  for (unsigned long long i = 0; i < count && st == TSEAL_OK; i++) {
    uint32_t id = (uint32_t)in_u64(c, at("keys.%llu.id", i));
    bytes k = in_hex(c, at("keys.%llu.key", i));
    st = dll.tseal_keyring_insert(AS_HANDLE(tseal_keyring, *handle), id, k.p, k.n);
    const field *primary = find(c->in, c->n_in, at("keys.%llu.primary", i));
    if (st == TSEAL_OK && primary != NULL && strcmp((const char *)primary->val, "true") == 0) {
      st = dll.tseal_keyring_promote(AS_HANDLE(tseal_keyring, *handle), id);
    }
  }
  return st;
}

static tseal_status mac_key_from(vcase *c, long long *handle) {
  bytes key = in_hex(c, "key");
  return dll.tseal_mac_key_new(key.p, key.n, HANDLE_OUT(tseal_mac_key, handle));
}

/* The fields of a verified signal (signal v1 or legacy line), in caller buffers. */
typedef struct {
  uint8_t subscription_id[64], symbol[64];
  size_t subscription_id_len, symbol_len;
  uint64_t sequence, generated_at_ms;
  uint8_t order_type, volume_decimals, price_decimals;
  int64_t volume_units, price_units;
} signal_fields;

static void put_signal(vcase *c, const signal_fields *s) {
  put_text(c, "subscription_id", s->subscription_id, s->subscription_id_len);
  put_u64(c, "sequence_str", s->sequence);
  put_u64(c, "generated_at_ms_str", s->generated_at_ms);
  put_text(c, "symbol", s->symbol, s->symbol_len);
  put_u64(c, "order_type", s->order_type);
  put_i64(c, "volume_units_str", s->volume_units);
  put_u64(c, "volume_decimals", s->volume_decimals);
  put_i64(c, "price_units_str", s->price_units);
  put_u64(c, "price_decimals", s->price_decimals);
}

/* The inputs signal v1 and the legacy line share (numbers other than these differ). */
typedef struct {
  bytes subscription_id, symbol;
  uint64_t sequence, generated_at_ms;
  uint8_t order_type;
} signal_in;

static signal_in signal_input(vcase *c, tseal_status *st) {
  signal_in in;
  in.subscription_id = in_text(c, "subscription_id", st);
  in.symbol = in_text(c, "symbol", st);
  in.sequence = in_u64(c, "sequence_str");
  in.generated_at_ms = in_u64(c, "generated_at_ms_str");
  in.order_type = (uint8_t)in_u64(c, "order_type");
  return in;
}

static tseal_status op_mac_sign(vcase *c) {
  long long key = 0;
  bytes msg = in_hex(c, "message");
  tseal_status st = mac_key_from(c, &key);
  if (st == TSEAL_OK) {
    uint8_t tag[64];
    size_t tag_len = dll.tseal_mac_tag_bytes();
    st = dll.tseal_mac_sign(AS_HANDLE(tseal_mac_key, key), msg.p, msg.n, tag, &tag_len);
    if (st == TSEAL_OK) put_hex(c, "tag", tag, tag_len);
  }
  dll.tseal_mac_key_free(AS_HANDLE(tseal_mac_key, key));
  return st;
}

static tseal_status op_mac_verify(vcase *c) {
  long long key = 0;
  bytes msg = in_hex(c, "message"), tag = in_hex(c, "tag");
  tseal_status st = mac_key_from(c, &key);
  if (st == TSEAL_OK) st = dll.tseal_mac_verify(AS_HANDLE(tseal_mac_key, key), msg.p, msg.n, tag.p, tag.n);
  dll.tseal_mac_key_free(AS_HANDLE(tseal_mac_key, key));
  return st;
}

static tseal_status op_signal_sign(vcase *c) {
  long long ring = 0;
  tseal_status st = TSEAL_OK;
  signal_in in = signal_input(c, &st);
  int64_t volume = in_i64(c, "volume_units_str"), price = in_i64(c, "price_units_str");
  uint8_t volume_dec = (uint8_t)in_u64(c, "volume_decimals"), price_dec = (uint8_t)in_u64(c, "price_decimals");
  if (st == TSEAL_OK) st = keyring_from(c, &ring);
  if (st == TSEAL_OK) {
    uint8_t out[512];
    size_t len = dll.tseal_max_signed_signal_bytes();
    st = dll.tseal_signal_sign(AS_HANDLE(tseal_keyring, ring), in.subscription_id.p, in.subscription_id.n,
                               in.sequence, in.generated_at_ms, in.symbol.p, in.symbol.n, in.order_type, volume,
                               volume_dec, price, price_dec, out, &len);
    if (st == TSEAL_OK) put_hex(c, "signed", out, len);
  }
  dll.tseal_keyring_free(AS_HANDLE(tseal_keyring, ring));
  return st;
}

static tseal_status op_signal_verify(vcase *c) {
  long long ring = 0;
  bytes packet = in_hex(c, "signed");
  tseal_status st = keyring_from(c, &ring);
  if (st == TSEAL_OK) {
    signal_fields s = {.subscription_id_len = sizeof s.subscription_id, .symbol_len = sizeof s.symbol};
    uint32_t key_id = 0;
    st = dll.tseal_signal_verify(AS_HANDLE(tseal_keyring, ring), packet.p, packet.n, &key_id, s.subscription_id,
                                 &s.subscription_id_len, &s.sequence, &s.generated_at_ms, s.symbol, &s.symbol_len,
                                 &s.order_type, &s.volume_units, &s.volume_decimals, &s.price_units,
                                 &s.price_decimals);
    if (st == TSEAL_OK) {
      put_u64(c, "key_id", key_id);
      put_signal(c, &s);
    }
  }
  dll.tseal_keyring_free(AS_HANDLE(tseal_keyring, ring));
  return st;
}

static tseal_status op_decimal_from_f64(vcase *c) {
  int64_t units = 0;
  tseal_status st = dll.tseal_decimal_from_f64(in_f64(c, "value"), (uint8_t)in_u64(c, "decimals"), &units);
  if (st == TSEAL_OK) put_i64(c, "units_str", units);
  return st;
}

static tseal_status op_frame_sign(vcase *c) {
  long long ring = 0;
  bytes payload = in_hex(c, "payload");
  uint64_t stream = in_u64(c, "stream_id_str"), seq = in_u64(c, "sequence_str"), ts = in_u64(c, "timestamp_ns_str");
  tseal_status st = keyring_from(c, &ring);
  if (st == TSEAL_OK) {
    size_t len = payload.n + dll.tseal_frame_overhead_bytes();
    uint8_t *out = arena_alloc(len);
    st = dll.tseal_frame_sign(AS_HANDLE(tseal_keyring, ring), stream, seq, ts, payload.p, payload.n, out, &len);
    if (st == TSEAL_OK) put_hex(c, "signed", out, len);
  }
  dll.tseal_keyring_free(AS_HANDLE(tseal_keyring, ring));
  return st;
}

static tseal_status op_frame_verify(vcase *c) {
  long long ring = 0;
  bytes frame = in_hex(c, "signed");
  size_t max_payload = (size_t)in_u64(c, "max_payload");
  tseal_status st = keyring_from(c, &ring);
  if (st == TSEAL_OK) {
    uint32_t key_id = 0;
    uint64_t stream = 0, seq = 0, ts = 0;
    size_t len = frame.n;
    uint8_t *payload = arena_alloc(len);
    st = dll.tseal_frame_verify(AS_HANDLE(tseal_keyring, ring), frame.p, frame.n, max_payload, &key_id, &stream,
                                &seq, &ts, payload, &len);
    if (st == TSEAL_OK) {
      put_u64(c, "key_id", key_id);
      put_hex(c, "payload", payload, len);
      put_u64(c, "sequence_str", seq);
      put_u64(c, "stream_id_str", stream);
      put_u64(c, "timestamp_ns_str", ts);
    }
  }
  dll.tseal_keyring_free(AS_HANDLE(tseal_keyring, ring));
  return st;
}

static tseal_status op_legacy_sign(vcase *c) {
  long long key = 0;
  tseal_status st = TSEAL_OK;
  signal_in in = signal_input(c, &st);
  double volume = in_f64(c, "volume"), price = in_f64(c, "price");
  if (st == TSEAL_OK) st = mac_key_from(c, &key);
  if (st == TSEAL_OK) {
    size_t line_len = dll.tseal_max_legacy_line_bytes(), sig_len = dll.tseal_legacy_signature_hex_bytes();
    uint8_t *line = arena_alloc(line_len), *sig = arena_alloc(sig_len);
    st = dll.tseal_legacy_sign(AS_HANDLE(tseal_mac_key, key), in.subscription_id.p, in.subscription_id.n,
                               in.sequence, in.generated_at_ms, in.symbol.p, in.symbol.n, in.order_type, volume, price,
                               line, &line_len, sig, &sig_len);
    if (st == TSEAL_OK) {
      put_text(c, "line", line, line_len);
      put_text(c, "signature", sig, sig_len);
    }
  }
  dll.tseal_mac_key_free(AS_HANDLE(tseal_mac_key, key));
  return st;
}

static tseal_status op_legacy_verify(vcase *c) {
  long long key = 0;
  tseal_status st = TSEAL_OK;
  bytes line = in_text(c, "line", &st), sig = in_text(c, "signature", &st);
  if (st == TSEAL_OK) st = mac_key_from(c, &key);
  if (st == TSEAL_OK) {
    signal_fields s = {.subscription_id_len = sizeof s.subscription_id, .symbol_len = sizeof s.symbol};
    st = dll.tseal_legacy_verify(AS_HANDLE(tseal_mac_key, key), line.p, line.n, sig.p, sig.n, s.subscription_id,
                                 &s.subscription_id_len, &s.sequence, &s.generated_at_ms, s.symbol, &s.symbol_len,
                                 &s.order_type, &s.volume_units, &s.volume_decimals, &s.price_units,
                                 &s.price_decimals);
    if (st == TSEAL_OK) put_signal(c, &s);
  }
  dll.tseal_mac_key_free(AS_HANDLE(tseal_mac_key, key));
  return st;
}

static tseal_status op_request_sign(vcase *c) {
  long long key = 0;
  tseal_status st = TSEAL_OK;
  bytes api_key = in_text(c, "api_key", &st), method = in_text(c, "method", &st), path = in_text(c, "path", &st),
        nonce = in_text(c, "nonce", &st), body = in_hex(c, "body");
  uint64_t ts = in_u64(c, "timestamp_ms_str");
  if (st == TSEAL_OK) st = mac_key_from(c, &key);
  if (st == TSEAL_OK) {
    size_t len = dll.tseal_request_signature_hex_bytes();
    uint8_t *sig = arena_alloc(len);
    st = dll.tseal_request_sign(AS_HANDLE(tseal_mac_key, key), api_key.p, api_key.n, method.p, method.n, path.p,
                                path.n, ts, nonce.p, nonce.n, body.p, body.n, sig, &len);
    if (st == TSEAL_OK) {
      /* The other headers are the inputs as sent. */
      put_text(c, "x_api_key", api_key.p, api_key.n);
      put_u64(c, "x_timestamp", ts);
      put_text(c, "x_nonce", nonce.p, nonce.n);
      put_text(c, "x_signature", sig, len);
    }
  }
  dll.tseal_mac_key_free(AS_HANDLE(tseal_mac_key, key));
  return st;
}

static tseal_status op_request_verify(vcase *c) {
  long long key = 0;
  tseal_status st = TSEAL_OK;
  bytes method = in_text(c, "method", &st), path = in_text(c, "path", &st), ts = in_text(c, "timestamp", &st),
        nonce = in_text(c, "nonce", &st), sig = in_text(c, "signature", &st), body = in_hex(c, "body");
  if (st == TSEAL_OK) st = mac_key_from(c, &key);
  if (st == TSEAL_OK) {
    st = dll.tseal_request_verify(AS_HANDLE(tseal_mac_key, key), method.p, method.n, path.p, path.n, ts.p, ts.n,
                                  nonce.p, nonce.n, body.p, body.n, sig.p, sig.n);
  }
  dll.tseal_mac_key_free(AS_HANDLE(tseal_mac_key, key));
  return st;
}

static tseal_status replay_step(vcase *c, const char *step, void *window, tseal_status *st) {
  uint64_t seq = in_u64(c, at("%sseq_str", step));
  const field *commit = input(c, at("%scommit", step));
  tseal_status verdict = dll.tseal_replay_window_check(window, seq);
  if (verdict == TSEAL_OK && commit != NULL && strcmp((const char *)commit->val, "true") == 0) {
    *st = dll.tseal_replay_window_commit(window, seq);
  }
  return verdict;
}

static tseal_status op_replay_window(vcase *c) {
  long long window = 0;
  tseal_status st = dll.tseal_replay_window_new(in_u64(c, "window"), HANDLE_OUT(tseal_replay_window, &window));
  st = run_steps(c, replay_step, AS_HANDLE(tseal_replay_window, window), st);
  dll.tseal_replay_window_free(AS_HANDLE(tseal_replay_window, window));
  return st;
}

static tseal_status op_stream_guard(vcase *c) {
  static const char *const STATES[] = {"NORMAL", "GAP", "DEGRADED"};
  long long guard = 0;
  tseal_status st = dll.tseal_guard_new(in_u64(c, "window"), in_u64(c, "max_gap_age_ms"), in_u64(c, "max_missing"),
                                        (size_t)in_u64(c, "max_streams"), HANDLE_OUT(tseal_guard, &guard));
  tseal_guard *g = AS_HANDLE(tseal_guard, guard);
  unsigned long long steps = in_u64(c, "steps.#");
  for (unsigned long long i = 0; i < steps && st == TSEAL_OK; i++) {
    bytes stream = in_text(c, at("steps.%llu.stream", i), &st);
    const field *action = input(c, at("steps.%llu.action", i));
    uint64_t now = in_u64(c, at("steps.%llu.now_ms_str", i));
    if (st != TSEAL_OK || action == NULL) break;
    uint8_t state = 0;
    tseal_status verdict = strcmp((const char *)action->val, "resync") == 0
                               ? dll.tseal_guard_resync(g, stream.p, stream.n)
                               : dll.tseal_guard_accept(g, stream.p, stream.n,
                                                        in_u64(c, at("steps.%llu.seq_str", i)), now, &state);
    put_verdict(c, at("steps.%llu.verdict", i), verdict);
    st = dll.tseal_guard_state(g, stream.p, stream.n, now, &state);
    const char *name = state < 3 ? STATES[state] : "?";
    put_text(c, at("steps.%llu.state", i), (const uint8_t *)name, strlen(name));
    uint64_t ranges[256];
    size_t n = sizeof ranges / sizeof ranges[0];
    if (st == TSEAL_OK) st = dll.tseal_guard_missing(g, stream.p, stream.n, ranges, &n);
    for (size_t r = 0; st == TSEAL_OK && r + 1 < n; r += 2) {
      const char *range = at("%llu-%llu", (unsigned long long)ranges[r], (unsigned long long)ranges[r + 1]);
      put_text(c, at("steps.%llu.missing.%zu", i, r / 2), (const uint8_t *)range, strlen(range));
    }
    put_u64(c, at("steps.%llu.missing.#", i), n / 2);
  }
  put_u64(c, "steps.#", steps);
  dll.tseal_guard_free(g);
  return st;
}

/* guard_state: `file` (if given) written to a fresh path, a guard opened there through the DLL, accept steps at
 * time 0, the verdicts and the file's bytes afterwards. */
static tseal_status op_guard_state(vcase *c) {
  static unsigned runs;
  char dir[MAX_PATH], path[MAX_PATH + 64], tmp[MAX_PATH + 80];
  if (GetTempPathA(sizeof dir, dir) == 0) return TSEAL_IO;
  snprintf(path, sizeof path, "%stseal-guard-state-%lu-%u", dir, (unsigned long)GetCurrentProcessId(), runs++);
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  DeleteFileA(path);
  if (find(c->in, c->n_in, "file") != NULL) {
    bytes file = in_hex(c, "file");
    FILE *f = fopen(path, "wb");
    if (f == NULL) return TSEAL_IO;
    size_t written = fwrite(file.p, 1, file.n, f);
    fclose(f);
    if (written != file.n) return TSEAL_IO;
  }
  long long guard = 0;
  tseal_status st = dll.tseal_guard_open((const uint8_t *)path, strlen(path), in_u64(c, "window"),
                                         dll.tseal_default_max_gap_age_ms(), dll.tseal_default_max_missing(),
                                         dll.tseal_default_max_streams(), dll.tseal_default_reserve_ahead(),
                                         HANDLE_OUT(tseal_guard, &guard));
  tseal_guard *g = AS_HANDLE(tseal_guard, guard);
  unsigned long long steps = in_u64(c, "steps.#");
  for (unsigned long long i = 0; i < steps && st == TSEAL_OK; i++) {
    bytes stream = in_text(c, at("steps.%llu.stream", i), &st);
    uint8_t state = 0;
    if (st == TSEAL_OK) {
      put_verdict(c, at("verdicts.%llu", i),
                  dll.tseal_guard_accept(g, stream.p, stream.n, in_u64(c, at("steps.%llu.seq_str", i)), 0, &state));
    }
  }
  if (st == TSEAL_OK) {
    put_u64(c, "verdicts.#", steps);
    uint8_t *after = arena_alloc(MAX_BYTES);
    FILE *f = fopen(path, "rb");
    size_t n = f != NULL ? fread(after, 1, MAX_BYTES, f) : 0;
    if (f != NULL) fclose(f);
    put_hex(c, "file", after, n);
  }
  dll.tseal_guard_free(g);
  DeleteFileA(path);
  DeleteFileA(tmp);
  return st;
}

static tseal_status op_time_window(vcase *c) {
  return dll.tseal_time_window_check(in_u64(c, "max_age_ms"), in_u64(c, "max_future_ms"),
                                     in_u64(c, "timestamp_ms_str"), in_u64(c, "now_ms_str"));
}

static tseal_status nonce_step(vcase *c, const char *step, void *cache, tseal_status *st) {
  bytes scope = in_text(c, at("%sscope", step), st), nonce = in_text(c, at("%snonce", step), st);
  uint64_t ts = in_u64(c, at("%stimestamp_ms_str", step)), now = in_u64(c, at("%snow_ms_str", step));
  return *st == TSEAL_OK ? dll.tseal_nonce_cache_insert(cache, scope.p, scope.n, ts, nonce.p, nonce.n, now) : *st;
}

static tseal_status op_nonce_cache(vcase *c) {
  long long cache = 0;
  tseal_status st = dll.tseal_nonce_cache_new(in_u64(c, "max_age_ms"), in_u64(c, "max_future_ms"),
                                              (size_t)in_u64(c, "capacity"), HANDLE_OUT(tseal_nonce_cache, &cache));
  st = run_steps(c, nonce_step, AS_HANDLE(tseal_nonce_cache, cache), st);
  dll.tseal_nonce_cache_free(AS_HANDLE(tseal_nonce_cache, cache));
  return st;
}

static tseal_status rate_step(vcase *c, const char *step, void *limiter, tseal_status *st) {
  bytes key = in_text(c, at("%skey", step), st);
  uint64_t now = in_u64(c, at("%snow_ms_str", step));
  return *st == TSEAL_OK ? dll.tseal_rate_limiter_acquire(limiter, key.p, key.n, now) : *st;
}

static tseal_status op_rate_limit(vcase *c) {
  long long limiter = 0;
  tseal_status st = dll.tseal_rate_limiter_new((uint32_t)in_u64(c, "per_second"), (uint32_t)in_u64(c, "burst"),
                                               (size_t)in_u64(c, "max_keys"), HANDLE_OUT(tseal_rate_limiter, &limiter));
  st = run_steps(c, rate_step, AS_HANDLE(tseal_rate_limiter, limiter), st);
  dll.tseal_rate_limiter_free(AS_HANDLE(tseal_rate_limiter, limiter));
  return st;
}

static tseal_status op_price_guard(vcase *c) {
  int64_t pip = 0, price = 0, reference = 0;
  uint8_t pip_dec = 0, price_dec = 0, reference_dec = 0;
  tseal_status st = in_decimal(c, "pip", &pip, &pip_dec, TSEAL_OK);
  st = in_decimal(c, "price", &price, &price_dec, st);
  st = in_decimal(c, "reference", &reference, &reference_dec, st);
  uint64_t max_pips = in_u64(c, "max_pips");
  if (st != TSEAL_OK) return st;
  return dll.tseal_price_guard_check(max_pips, pip, pip_dec, price, price_dec, reference, reference_dec);
}

typedef struct {
  long long verifier, keys; /* keys: the keyring (signals) or the MAC key (requests) */
} pipeline;

static tseal_status signal_step(vcase *c, const char *step, void *ctx, tseal_status *st) {
  const pipeline *p = ctx;
  bytes packet = in_hex(c, at("%ssigned", step));
  uint64_t now = in_u64(c, at("%snow_ms_str", step));
  signal_fields s = {.subscription_id_len = sizeof s.subscription_id, .symbol_len = sizeof s.symbol};
  uint32_t key_id = 0;
  (void)st;
  return dll.tseal_signal_verifier_verify(AS_HANDLE(tseal_signal_verifier, p->verifier),
                                          AS_HANDLE(tseal_keyring, p->keys), packet.p, packet.n, now, &key_id,
                                          s.subscription_id, &s.subscription_id_len, &s.sequence, &s.generated_at_ms,
                                          s.symbol, &s.symbol_len, &s.order_type, &s.volume_units,
                                          &s.volume_decimals, &s.price_units, &s.price_decimals);
}

static tseal_status op_signal_pipeline(vcase *c) {
  pipeline p = {0, 0};
  int64_t max_volume = 0;
  uint8_t max_volume_dec = 0;
  tseal_status st = in_decimal(c, "max_volume", &max_volume, &max_volume_dec, TSEAL_OK);
  if (st == TSEAL_OK) st = keyring_from(c, &p.keys);
  if (st == TSEAL_OK) {
    st = dll.tseal_signal_verifier_new(in_u64(c, "max_age_ms"), in_u64(c, "max_future_ms"), max_volume,
                                       max_volume_dec, in_u64(c, "window"), dll.tseal_default_max_gap_age_ms(),
                                       dll.tseal_default_max_missing(), dll.tseal_default_max_streams(),
                                       HANDLE_OUT(tseal_signal_verifier, &p.verifier));
  }
  st = run_steps(c, signal_step, &p, st);
  dll.tseal_signal_verifier_free(AS_HANDLE(tseal_signal_verifier, p.verifier));
  dll.tseal_keyring_free(AS_HANDLE(tseal_keyring, p.keys));
  return st;
}

static tseal_status request_step(vcase *c, const char *step, void *ctx, tseal_status *st) {
  const pipeline *p = ctx;
  bytes api_key = in_text(c, at("%sapi_key", step), st), method = in_text(c, at("%smethod", step), st),
        path = in_text(c, at("%spath", step), st), ts = in_text(c, at("%stimestamp", step), st),
        nonce = in_text(c, at("%snonce", step), st), sig = in_text(c, at("%ssignature", step), st),
        body = in_hex(c, at("%sbody", step));
  uint64_t now = in_u64(c, at("%snow_ms_str", step));
  if (*st != TSEAL_OK) return *st;
  return dll.tseal_request_verifier_verify(AS_HANDLE(tseal_request_verifier, p->verifier),
                                           AS_HANDLE(tseal_mac_key, p->keys), api_key.p, api_key.n, method.p,
                                           method.n, path.p, path.n, ts.p, ts.n, nonce.p, nonce.n, body.p, body.n,
                                           sig.p, sig.n, now);
}

static tseal_status op_request_pipeline(vcase *c) {
  pipeline p = {0, 0};
  tseal_status st = mac_key_from(c, &p.keys);
  if (st == TSEAL_OK) {
    int limited = find(c->in, c->n_in, "per_second") != NULL;
    st = dll.tseal_request_verifier_new(
        in_u64(c, "max_age_ms"), in_u64(c, "max_future_ms"), (size_t)in_u64(c, "nonce_capacity"),
        limited ? (uint32_t)in_u64(c, "per_second") : 0, limited ? (uint32_t)in_u64(c, "burst") : 0,
        limited ? (size_t)in_u64(c, "max_keys") : 0, HANDLE_OUT(tseal_request_verifier, &p.verifier));
  }
  st = run_steps(c, request_step, &p, st);
  dll.tseal_request_verifier_free(AS_HANDLE(tseal_request_verifier, p.verifier));
  dll.tseal_mac_key_free(AS_HANDLE(tseal_mac_key, p.keys));
  return st;
}

/* An AEAD key for explicit nonces (the vectors pin nonces; EAs use tseal_aead_seal, which makes them). */
static tseal_status less_safe_key_from(vcase *c, const char *prefix, long long *handle) {
  uint8_t algorithm = (uint8_t)in_u64(c, at("%salgorithm", prefix));
  bytes key = in_hex(c, at("%skey", prefix));
  return dll.tseal_less_safe_key_new(algorithm, key.p, key.n, HANDLE_OUT(tseal_less_safe_key, handle));
}

static tseal_status op_aead_seal(vcase *c) {
  long long key = 0;
  bytes nonce = in_hex(c, "explicit_nonce"), aad = in_hex(c, "aad"), plaintext = in_hex(c, "plaintext");
  tseal_status st = less_safe_key_from(c, "", &key);
  if (st == TSEAL_OK) {
    size_t len = plaintext.n + dll.tseal_aead_tag_bytes();
    uint8_t *out = arena_alloc(len);
    st = dll.tseal_aead_seal_less_safe(AS_HANDLE(tseal_less_safe_key, key), nonce.p, nonce.n, aad.p, aad.n,
                                       plaintext.p, plaintext.n, out, &len);
    if (st == TSEAL_OK) put_hex(c, "sealed", out, len);
  }
  dll.tseal_less_safe_key_free(AS_HANDLE(tseal_less_safe_key, key));
  return st;
}

static tseal_status op_aead_open(vcase *c) {
  long long key = 0;
  bytes nonce = in_hex(c, "explicit_nonce"), aad = in_hex(c, "aad"), sealed = in_hex(c, "sealed");
  tseal_status st = less_safe_key_from(c, "", &key);
  if (st == TSEAL_OK) {
    size_t len = sealed.n;
    uint8_t *out = arena_alloc(len);
    st = dll.tseal_aead_open_less_safe(AS_HANDLE(tseal_less_safe_key, key), nonce.p, nonce.n, aad.p, aad.n,
                                       sealed.p, sealed.n, out, &len);
    if (st == TSEAL_OK) put_hex(c, "plaintext", out, len);
  }
  dll.tseal_less_safe_key_free(AS_HANDLE(tseal_less_safe_key, key));
  return st;
}

/* The "keys" entry marked primary, as "keys.N." (NULL if none: the op then fails with TSEAL_NO_PRIMARY_KEY, as
 * sealing with the ring would). */
static const char *primary_key(vcase *c) {
  unsigned long long count = in_u64(c, "keys.#");
  for (unsigned long long i = 0; i < count; i++) {
    const field *primary = find(c->in, c->n_in, at("keys.%llu.primary", i));
    if (primary != NULL && strcmp((const char *)primary->val, "true") == 0) return at("keys.%llu.", i);
  }
  return NULL;
}

static tseal_status op_envelope_seal(vcase *c) {
  long long key = 0;
  bytes nonce = in_hex(c, "explicit_nonce"), aad = in_hex(c, "aad"), plaintext = in_hex(c, "plaintext");
  const char *primary = primary_key(c);
  if (primary == NULL) return TSEAL_NO_PRIMARY_KEY;
  uint32_t key_id = (uint32_t)in_u64(c, at("%sid", primary));
  tseal_status st = less_safe_key_from(c, primary, &key);
  if (st == TSEAL_OK) {
    size_t len = plaintext.n + 64;
    uint8_t *out = arena_alloc(len);
    st = dll.tseal_envelope_seal_with_nonce_less_safe(key_id, AS_HANDLE(tseal_less_safe_key, key), nonce.p,
                                                      nonce.n, aad.p, aad.n, plaintext.p, plaintext.n, out, &len);
    if (st == TSEAL_OK) put_hex(c, "envelope", out, len);
  }
  dll.tseal_less_safe_key_free(AS_HANDLE(tseal_less_safe_key, key));
  return st;
}

/* The case's `keys` entries as a sealing keyring in *ring (free it even on failure; opening needs no primary). */
static tseal_status sealing_keyring(vcase *c, long long *ring) {
  tseal_status st = dll.tseal_sealing_keyring_new(HANDLE_OUT(tseal_sealing_keyring, ring));
  tseal_sealing_keyring *r = AS_HANDLE(tseal_sealing_keyring, *ring);
  unsigned long long count = in_u64(c, "keys.#");
  for (unsigned long long i = 0; i < count && st == TSEAL_OK; i++) {
    bytes key = in_hex(c, at("keys.%llu.key", i));
    st = dll.tseal_sealing_keyring_insert(r, (uint32_t)in_u64(c, at("keys.%llu.id", i)),
                                          (uint8_t)in_u64(c, at("keys.%llu.algorithm", i)), key.p, key.n);
  }
  return st;
}

static tseal_status op_envelope_open(vcase *c) {
  long long ring = 0;
  bytes aad = in_hex(c, "aad"), envelope = in_hex(c, "envelope");
  tseal_status st = sealing_keyring(c, &ring);
  tseal_sealing_keyring *r = AS_HANDLE(tseal_sealing_keyring, ring);
  if (st == TSEAL_OK) {
    size_t len = envelope.n;
    uint8_t *out = arena_alloc(len);
    st = dll.tseal_envelope_open(r, aad.p, aad.n, envelope.p, envelope.n, out, &len);
    if (st == TSEAL_OK) put_hex(c, "plaintext", out, len);
  }
  dll.tseal_sealing_keyring_free(r);
  return st;
}

static tseal_status op_hkdf_extract(vcase *c) {
  bytes salt = in_hex(c, "salt"), ikm = in_hex(c, "ikm");
  uint8_t prk[64];
  size_t len = dll.tseal_hkdf_prk_bytes();
  tseal_status st = dll.tseal_hkdf_extract(salt.p, salt.n, ikm.p, ikm.n, prk, &len);
  if (st == TSEAL_OK) put_hex(c, "prk", prk, len);
  return st;
}

static tseal_status op_hkdf_expand(vcase *c) {
  bytes prk = in_hex(c, "prk"), info = in_hex(c, "info");
  size_t len = (size_t)in_u64(c, "length");
  uint8_t *okm = arena_alloc(len);
  tseal_status st = dll.tseal_hkdf_expand(prk.p, prk.n, info.p, info.n, okm, len);
  if (st == TSEAL_OK) put_hex(c, "okm", okm, len);
  return st;
}

static tseal_status op_kdf_derive(vcase *c) {
  tseal_status st = TSEAL_OK;
  bytes master = in_hex(c, "master"), label = in_text(c, "label", &st), context = in_hex(c, "context");
  size_t len = (size_t)in_u64(c, "length");
  uint8_t *okm = arena_alloc(len);
  if (st == TSEAL_OK) st = dll.tseal_kdf_derive(master.p, master.n, label.p, label.n, context.p, context.n, okm, len);
  if (st == TSEAL_OK) put_hex(c, "okm", okm, len);
  return st;
}

static tseal_status op_argon2id(vcase *c) {
  bytes password = in_hex(c, "password"), salt = in_hex(c, "salt");
  size_t len = (size_t)in_u64(c, "length");
  uint8_t *key = arena_alloc(len);
  tseal_status st = dll.tseal_argon2id(password.p, password.n, salt.p, salt.n, (uint32_t)in_u64(c, "memory_kib"),
                                       (uint32_t)in_u64(c, "passes"), (uint32_t)in_u64(c, "lanes"), key, len);
  if (st == TSEAL_OK) put_hex(c, "key", key, len);
  return st;
}

static tseal_status op_ed25519_sign(vcase *c) {
  long long key = 0;
  bytes seed = in_hex(c, "seed"), msg = in_hex(c, "message");
  tseal_status st = dll.tseal_ed25519_key_from_seed(seed.p, seed.n, HANDLE_OUT(tseal_ed25519_key, &key));
  if (st == TSEAL_OK) {
    uint8_t public_key[64], sig[128];
    size_t public_len = dll.tseal_ed25519_public_key_bytes(), sig_len = dll.tseal_ed25519_signature_bytes();
    st = dll.tseal_ed25519_public_key(AS_HANDLE(tseal_ed25519_key, key), public_key, &public_len);
    if (st == TSEAL_OK) st = dll.tseal_ed25519_sign(AS_HANDLE(tseal_ed25519_key, key), msg.p, msg.n, sig, &sig_len);
    if (st == TSEAL_OK) {
      put_hex(c, "public_key", public_key, public_len);
      put_hex(c, "sig", sig, sig_len);
    }
  }
  dll.tseal_ed25519_key_free(AS_HANDLE(tseal_ed25519_key, key));
  return st;
}

static tseal_status op_ed25519_verify(vcase *c) {
  bytes public_key = in_hex(c, "public_key"), msg = in_hex(c, "message"), sig = in_hex(c, "sig");
  return dll.tseal_ed25519_verify(public_key.p, public_key.n, msg.p, msg.n, sig.p, sig.n);
}

/* The vector's transport mode ("stream", "datagram") as a TSEAL_NOISE_* mode; anything else becomes 0, which
 * the DLL must reject. */
static uint8_t noise_mode(const bytes *mode) {
  if (mode->n == 6 && memcmp(mode->p, "stream", 6) == 0) return TSEAL_NOISE_STREAM;
  if (mode->n == 8 && memcmp(mode->p, "datagram", 8) == 0) return TSEAL_NOISE_DATAGRAM;
  return 0;
}

/* One side of a noise_transcript case ("init" or "resp"), built in the order tests/vectors/README.md gives. */
static tseal_status noise_side(vcase *c, int initiator, long long *session) {
  const char *me = initiator ? "init" : "resp", *peer = initiator ? "resp" : "init";
  tseal_status st = TSEAL_OK;
  bytes protocol = in_text(c, "protocol", &st), mode = in_text(c, "mode", &st);
  bytes prologue = in_hex(c, "prologue"), psk = in_hex(c, "psk"), ephemeral = in_hex(c, at("%s_ephemeral", me));
  bytes local = in_hex(c, at("%s_static", me)), peer_public = in_hex(c, at("%s_static_public", peer));
  uint64_t max_age_ms = 0, max_messages = 0, idle_timeout_ms = 0, rekey_interval = 0;
  long long builder = 0;
  if (st == TSEAL_OK) st = dll.tseal_noise_builder_new(protocol.p, protocol.n, HANDLE_OUT(tseal_noise_builder, &builder));
  tseal_noise_builder *b = AS_HANDLE(tseal_noise_builder, builder);
  if (st == TSEAL_OK) st = dll.tseal_noise_builder_prologue(b, prologue.p, prologue.n);
  if (st == TSEAL_OK) st = dll.tseal_noise_builder_transport_mode(b, noise_mode(&mode));
  if (st == TSEAL_OK) st = dll.tseal_noise_default_limits(&max_age_ms, &max_messages, &idle_timeout_ms, &rekey_interval);
  if (st == TSEAL_OK) {
    st = dll.tseal_noise_builder_limits(b, max_age_ms, max_messages, idle_timeout_ms, in_u64(c, "rekey_interval"));
  }
  if (st == TSEAL_OK) st = dll.tseal_noise_builder_fixed_ephemeral_key_for_testing_only(b, ephemeral.p, ephemeral.n);
  if (st == TSEAL_OK && local.n > 0) st = dll.tseal_noise_builder_local_private_key(b, local.p, local.n);
  if (st == TSEAL_OK && psk.n > 0) st = dll.tseal_noise_builder_psk(b, psk.p, psk.n);
  /* The IK and NK initiator knows the responder's key; everyone else pins the peer they accept. */
  int knows_peer = initiator && protocol.n > 9 &&
                   (memcmp(protocol.p, "Noise_IK_", 9) == 0 || memcmp(protocol.p, "Noise_NK_", 9) == 0);
  if (st == TSEAL_OK && knows_peer) {
    st = dll.tseal_noise_builder_remote_public_key(b, peer_public.p, peer_public.n);
  } else if (st == TSEAL_OK && peer_public.n > 0) {
    st = dll.tseal_noise_builder_allow_peer(b, peer_public.p, peer_public.n);
  }
  if (st == TSEAL_OK) {
    st = initiator ? dll.tseal_noise_builder_build_initiator(b, 0, HANDLE_OUT(tseal_noise_session, session))
                   : dll.tseal_noise_builder_build_responder(b, 0, HANDLE_OUT(tseal_noise_session, session));
  }
  dll.tseal_noise_builder_free(b);
  return st;
}

static tseal_status op_noise_transcript(vcase *c) {
  long long sides[2] = {0, 0}; /* initiator, responder */
  tseal_status st = noise_side(c, 1, &sides[0]);
  if (st == TSEAL_OK) st = noise_side(c, 0, &sides[1]);
  size_t cap = dll.tseal_noise_max_message_bytes();
  uint8_t *wire = arena_alloc(cap), *plain = arena_alloc(cap);
  unsigned long long count = in_u64(c, "count");
  for (unsigned long long i = 0; i < count && st == TSEAL_OK; i++) {
    const tseal_noise_session *from = AS_HANDLE(tseal_noise_session, sides[i % 2]);
    const tseal_noise_session *to = AS_HANDLE(tseal_noise_session, sides[1 - i % 2]);
    bytes payload = in_hex(c, at("payload%llu", i)), msg = in_hex(c, at("msg%llu", i));
    size_t n = cap;
    st = dll.tseal_noise_session_write(from, 0, payload.p, payload.n, wire, &n);
    if (st != TSEAL_OK) break;
    put_hex(c, at("msg%llu", i), wire, n);
    n = cap;
    st = dll.tseal_noise_session_read(to, 0, msg.p, msg.n, plain, &n);
    if (st == TSEAL_OK) put_hex(c, at("payload%llu", i), plain, n);
  }
  if (st == TSEAL_OK) {
    uint8_t hash[TSEAL_NOISE_KEY_BYTES];
    size_t n = sizeof hash;
    st = dll.tseal_noise_session_handshake_hash(AS_HANDLE(tseal_noise_session, sides[0]), hash, &n);
    if (st == TSEAL_OK) put_hex(c, "handshake_hash", hash, n);
  }
  dll.tseal_noise_session_free(AS_HANDLE(tseal_noise_session, sides[0]));
  dll.tseal_noise_session_free(AS_HANDLE(tseal_noise_session, sides[1]));
  return st;
}

/* noise_import (noise_session.json): the importing builder from the case's settings, the import, then each step
 * reads `msg<i>` or writes `payload<i>` at `now_ms`. */
static tseal_status op_noise_import(vcase *c) {
  tseal_status st = TSEAL_OK;
  bytes protocol = in_text(c, "protocol", &st), mode = in_text(c, "mode", &st);
  bytes local = in_hex(c, "local_static"), remote = in_hex(c, "remote_public"), psk = in_hex(c, "psk");
  bytes allow = in_hex(c, "allow_peer"), exported = in_hex(c, "exported");
  unsigned long long now = in_u64(c, "now_ms"), count = in_u64(c, "count");
  long long builder = 0, ring = 0, session = 0;
  if (st == TSEAL_OK) st = dll.tseal_noise_builder_new(protocol.p, protocol.n, HANDLE_OUT(tseal_noise_builder, &builder));
  tseal_noise_builder *b = AS_HANDLE(tseal_noise_builder, builder);
  if (st == TSEAL_OK) st = dll.tseal_noise_builder_transport_mode(b, noise_mode(&mode));
  if (st == TSEAL_OK) {
    st = dll.tseal_noise_builder_limits(b, in_u64(c, "max_age_ms"), in_u64(c, "max_messages"),
                                        in_u64(c, "idle_timeout_ms"), in_u64(c, "rekey_interval"));
  }
  if (st == TSEAL_OK && local.n > 0) st = dll.tseal_noise_builder_local_private_key(b, local.p, local.n);
  if (st == TSEAL_OK && remote.n > 0) st = dll.tseal_noise_builder_remote_public_key(b, remote.p, remote.n);
  if (st == TSEAL_OK && psk.n > 0) st = dll.tseal_noise_builder_psk(b, psk.p, psk.n);
  if (st == TSEAL_OK && allow.n > 0) st = dll.tseal_noise_builder_allow_peer(b, allow.p, allow.n);
  tseal_status keys = sealing_keyring(c, &ring);
  if (st == TSEAL_OK) st = keys;
  tseal_sealing_keyring *r = AS_HANDLE(tseal_sealing_keyring, ring);
  if (st == TSEAL_OK) {
    st = dll.tseal_noise_builder_import_session(b, now, r, exported.p, exported.n,
                                                HANDLE_OUT(tseal_noise_session, &session));
  }
  const tseal_noise_session *s = AS_HANDLE(tseal_noise_session, session);
  uint8_t key[TSEAL_NOISE_KEY_BYTES];
  size_t n = sizeof key;
  if (st == TSEAL_OK) st = dll.tseal_noise_session_handshake_hash(s, key, &n);
  if (st == TSEAL_OK) put_hex(c, "handshake_hash", key, n);
  n = sizeof key;
  if (st == TSEAL_OK) st = dll.tseal_noise_session_remote_static(s, key, &n);
  if (st == TSEAL_OK) put_hex(c, "remote_static", key, n);
  size_t cap = dll.tseal_noise_max_message_bytes();
  uint8_t *buf = arena_alloc(cap);
  for (unsigned long long i = 0; i < count && st == TSEAL_OK; i++) {
    const char *msg = at("msg%llu", i), *payload = at("payload%llu", i);
    int reading = find(c->in, c->n_in, msg) != NULL;
    bytes data = in_hex(c, reading ? msg : payload);
    n = cap;
    st = reading ? dll.tseal_noise_session_read(s, now, data.p, data.n, buf, &n)
                 : dll.tseal_noise_session_write(s, now, data.p, data.n, buf, &n);
    if (st == TSEAL_OK) put_hex(c, reading ? payload : msg, buf, n);
  }
  dll.tseal_noise_session_free(AS_HANDLE(tseal_noise_session, session));
  dll.tseal_sealing_keyring_free(r);
  dll.tseal_noise_builder_free(b);
  return st;
}

static const struct {
  const char *name;
  op_fn run;
} OPS[] = {
    {"mac_sign", op_mac_sign},
    {"mac_verify", op_mac_verify},
    {"signal_sign", op_signal_sign},
    {"signal_verify", op_signal_verify},
    {"decimal_from_f64", op_decimal_from_f64},
    {"frame_sign", op_frame_sign},
    {"frame_verify", op_frame_verify},
    {"legacy_sign", op_legacy_sign},
    {"legacy_verify", op_legacy_verify},
    {"request_sign", op_request_sign},
    {"request_verify", op_request_verify},
    {"replay_window", op_replay_window},
    {"stream_guard", op_stream_guard},
    {"guard_state", op_guard_state},
    {"time_window", op_time_window},
    {"nonce_cache", op_nonce_cache},
    {"rate_limit", op_rate_limit},
    {"price_guard", op_price_guard},
    {"signal_pipeline", op_signal_pipeline},
    {"request_pipeline", op_request_pipeline},
    {"aead_seal", op_aead_seal},
    {"aead_open", op_aead_open},
    {"envelope_seal", op_envelope_seal},
    {"envelope_open", op_envelope_open},
    {"hkdf_extract", op_hkdf_extract},
    {"hkdf_expand", op_hkdf_expand},
    {"kdf_derive", op_kdf_derive},
    {"argon2id", op_argon2id},
    {"ed25519_sign", op_ed25519_sign},
    {"ed25519_verify", op_ed25519_verify},
    {"noise_transcript", op_noise_transcript},
    {"noise_import", op_noise_import},
};

/* ---------------------------------------------------------------------------------------------------- */
/* Running the cases file.                                                                               */

static void run_case(vcase *c) {
  op_fn run = NULL;
  for (size_t i = 0; i < sizeof OPS / sizeof OPS[0]; i++) {
    if (strcmp(OPS[i].name, c->op) == 0) run = OPS[i].run;
  }
  if (run == NULL) {
    report(0, c->label, "unknown op '%s' (add it to the harness dispatch table)", c->op);
    return;
  }
  char name[64];
  tseal_status st = run(c);
  if (c->tamper[0] != '\0' && !c->tampered) set_problem(c, "op never read tamper input '%s'", c->tamper);
  if (c->problem[0] != '\0') {
    report(0, c->label, "%s", c->problem);
  } else if (c->error[0] != '\0') {
    report(st != TSEAL_OK && strcmp(status_name(st, name), c->error) == 0, c->label, "expected %s, got %s",
           c->error, status_name(st, name));
  } else if (st != TSEAL_OK) {
    report(0, c->label, "expected success, got %s", status_name(st, name));
  } else {
    for (int i = 0; i < c->n_out; i++) {
      const field *want = &c->out[i];
      const field *got = find(c->got, c->n_got, want->path);
      if (got == NULL) {
        report(0, c->label, "op '%s' does not produce output '%s'", c->op, want->path);
        return;
      }
      if (got->len != want->len || memcmp(got->val, want->val, want->len) != 0) {
        report(0, c->label, "output '%s': expected %s, got %s", want->path, want->val, got->val);
        return;
      }
    }
    report(1, c->label, "");
  }
}

static int read_field(vcase *c, char *rest, field *fields, int *n) {
  char *space = strchr(rest, ' ');
  if (space == NULL || *n == MAX_FIELDS) return 0;
  *space = '\0';
  field *f = &fields[(*n)++];
  f->path = arena_alloc(strlen(rest));
  strcpy(f->path, rest);
  const char *hex = space + 1;
  if (strcmp(hex, "-") == 0) {
    f->val = arena_alloc(0);
    f->len = 0;
    return 1;
  }
  long long len = unhex(hex, strlen(hex), &f->val);
  f->len = len < 0 ? 0 : (size_t)len;
  (void)c;
  return len >= 0;
}

static int run_cases_file(const wchar_t *path) {
  FILE *file = _wfopen(path, L"rb");
  if (file == NULL) {
    fprintf(stderr, "cannot open the cases file\n");
    return 0;
  }
  static char line[4 * MAX_BYTES];
  static vcase c;
  int cases = 0, ok = 1;
  while (fgets(line, sizeof line, file) != NULL) {
    line[strcspn(line, "\r\n")] = '\0';
    char *rest = strchr(line, ' ');
    if (rest != NULL) *rest++ = '\0';
    if (strcmp(line, "case") == 0 && rest != NULL) {
      memset(&c, 0, sizeof c);
      snprintf(c.label, sizeof c.label, "%s", rest);
    } else if (strcmp(line, "op") == 0 && rest != NULL) {
      snprintf(c.op, sizeof c.op, "%s", rest);
    } else if (strcmp(line, "tamper") == 0 && rest != NULL &&
               sscanf(rest, "%63s %zu %u", c.tamper, &c.tamper_offset, &c.tamper_mask) == 3) {
    } else if (strcmp(line, "error") == 0 && rest != NULL) {
      snprintf(c.error, sizeof c.error, "%s", rest);
    } else if (strcmp(line, "in") == 0 && rest != NULL && read_field(&c, rest, c.in, &c.n_in)) {
    } else if (strcmp(line, "out") == 0 && rest != NULL && read_field(&c, rest, c.out, &c.n_out)) {
    } else if (strcmp(line, "end") == 0) {
      run_case(&c);
      arena_reset();
      cases++;
    } else {
      fprintf(stderr, "malformed cases line: %s\n", line);
      ok = 0;
      break;
    }
  }
  fclose(file);
  printf("vectors: %d cases\n", cases);
  return ok;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Bad input, the way a careless EA would pass it.                                                       */

static void expect(const char *label, tseal_status got, tseal_status want) {
  char a[64], b[64];
  report(got == want, label, "expected %s, got %s", status_name(want, a), status_name(got, b));
}

static void bad_input_cases(void) {
  static const uint8_t key32[32] = {1, 2, 3};
  uint8_t tag[32], big[64];
  size_t len;
  long long key = 0;
  char name[64];

  expect("mac_key_new short key", dll.tseal_mac_key_new(key32, 31, HANDLE_OUT(tseal_mac_key, &key)),
         TSEAL_KEY_TOO_SHORT);
  expect("mac_key_new NULL key", dll.tseal_mac_key_new(NULL, 32, HANDLE_OUT(tseal_mac_key, &key)),
         TSEAL_NULL_POINTER);
  expect("mac_key_new NULL out", dll.tseal_mac_key_new(key32, 32, NULL), TSEAL_NULL_POINTER);
  expect("mac_key_new_short empty", dll.tseal_mac_key_new_short(NULL, 0, HANDLE_OUT(tseal_mac_key, &key)),
         TSEAL_KEY_TOO_SHORT);
  expect("mac_key_new", dll.tseal_mac_key_new(key32, 32, HANDLE_OUT(tseal_mac_key, &key)), TSEAL_OK);
  tseal_mac_key *k = AS_HANDLE(tseal_mac_key, key);

  len = sizeof tag;
  expect("mac_sign NULL handle", dll.tseal_mac_sign(NULL, big, 1, tag, &len), TSEAL_NULL_POINTER);
  len = sizeof tag;
  expect("mac_sign NULL message with length", dll.tseal_mac_sign(k, NULL, 5, tag, &len), TSEAL_NULL_POINTER);
  len = sizeof tag;
  expect("mac_sign empty message (NULL, 0)", dll.tseal_mac_sign(k, NULL, 0, tag, &len), TSEAL_OK);
  report(len == 32, "mac_sign empty message length", "wrote %zu bytes", len);
  expect("mac_verify empty message", dll.tseal_mac_verify(k, NULL, 0, tag, len), TSEAL_OK);
  expect("mac_verify NULL tag", dll.tseal_mac_verify(k, NULL, 0, NULL, 32), TSEAL_NULL_POINTER);
  expect("mac_verify empty tag", dll.tseal_mac_verify(k, NULL, 0, tag, 0), TSEAL_INVALID_SIGNATURE);
  expect("mac_verify short tag", dll.tseal_mac_verify(k, NULL, 0, tag, 31), TSEAL_INVALID_SIGNATURE);

  len = 31;
  expect("mac_sign buffer too small", dll.tseal_mac_sign(k, big, 1, tag, &len), TSEAL_BUFFER_TOO_SMALL);
  report(len == 32, "buffer too small reports the needed size", "reported %zu", len);
  len = 0;
  expect("mac_sign size query (NULL, 0)", dll.tseal_mac_sign(k, big, 1, NULL, &len), TSEAL_BUFFER_TOO_SMALL);
  report(len == dll.tseal_mac_tag_bytes(), "size query reports tseal_mac_tag_bytes()", "reported %zu", len);
  len = 8;
  expect("mac_sign NULL out with capacity", dll.tseal_mac_sign(k, big, 1, NULL, &len), TSEAL_NULL_POINTER);
  expect("mac_sign NULL out_len", dll.tseal_mac_sign(k, big, 1, tag, NULL), TSEAL_NULL_POINTER);
  len = sizeof big;
  expect("mac_sign larger buffer", dll.tseal_mac_sign(k, big, 1, big, &len), TSEAL_OK);
  report(len == 32, "larger buffer reports bytes written", "wrote %zu", len);
  dll.tseal_mac_key_free(k);
  dll.tseal_mac_key_free(NULL);
  dll.tseal_keyring_free(NULL);

  /* Text: what MQL5 passes for a string, and the traps around it. */
  static const uint16_t lone_high[] = {'E', 'U', 0xD800, 'R'};
  static const uint16_t lone_low[] = {0xDC00};
  static const uint16_t swapped[] = {0xDD1E, 0xD834};
  static const uint16_t euro_clef[] = {0x20AC, 0xD834, 0xDD1E};
  static const uint8_t euro_clef_utf8[] = {0xE2, 0x82, 0xAC, 0xF0, 0x9D, 0x84, 0x9E};
  uint8_t out[16];
  len = sizeof out;
  expect("utf16 lone high surrogate", dll.tseal_utf16_to_utf8(lone_high, 4, out, &len), TSEAL_INVALID_UTF16);
  len = sizeof out;
  expect("utf16 lone low surrogate", dll.tseal_utf16_to_utf8(lone_low, 1, out, &len), TSEAL_INVALID_UTF16);
  len = sizeof out;
  expect("utf16 swapped surrogates", dll.tseal_utf16_to_utf8(swapped, 2, out, &len), TSEAL_INVALID_UTF16);
  len = sizeof out;
  expect("utf16 high surrogate cut off by length", dll.tseal_utf16_to_utf8(euro_clef, 2, out, &len),
         TSEAL_INVALID_UTF16);
  len = sizeof out;
  expect("utf16 euro + clef", dll.tseal_utf16_to_utf8(euro_clef, 3, out, &len), TSEAL_OK);
  report(len == sizeof euro_clef_utf8 && memcmp(out, euro_clef_utf8, len) == 0, "utf16 euro + clef bytes",
         "wrote %zu bytes", len);
  len = 0;
  expect("utf16 size query", dll.tseal_utf16_to_utf8(euro_clef, 3, NULL, &len), TSEAL_BUFFER_TOO_SMALL);
  report(len == 7, "utf16 size query reports 7", "reported %zu", len);
  len = 0;
  expect("utf16 empty string", dll.tseal_utf16_to_utf8(lone_low, 0, NULL, &len), TSEAL_OK);
  expect("utf16 NULL with length", dll.tseal_utf16_to_utf8(NULL, 3, out, &len), TSEAL_NULL_POINTER);

  /* Errors are readable the MQL5 way, per thread. */
  len = 31;
  dll.tseal_mac_sign(NULL, big, 1, tag, &len);
  uint8_t message[256];
  len = sizeof message - 1;
  expect("last_error_message", dll.tseal_last_error_message(message, &len), TSEAL_OK);
  message[len] = '\0';
  report(strstr((const char *)message, "TSEAL_NULL_POINTER") != NULL, "last_error_message names the error",
         "got '%s'", message);
  report(strcmp(status_name(-12345, name), "TSEAL_UNKNOWN_STATUS") == 0, "status name of an unknown code",
         "got '%s'", name);
  report(strcmp(status_name(TSEAL_OK, name), "TSEAL_OK") == 0, "status name of 0", "got '%s'", name);
  len = 0;
  expect("version_copy size query", dll.tseal_version_copy(NULL, &len), TSEAL_BUFFER_TOO_SMALL);
  report(len > 0 && dll.tseal_abi_version() >= 1, "version and ABI version", "version length %zu", len);
}

/* ---------------------------------------------------------------------------------------------------- */
/* Several EAs in one terminal: threads share one keyring handle (held as a MQL5 long).                   */

#define THREADS 4
#define ROUNDS 2000

typedef struct {
  long long ring;
  int index;
  int errors;
} worker;

static DWORD WINAPI work(void *arg) {
  worker *w = arg;
  tseal_keyring *ring = AS_HANDLE(tseal_keyring, w->ring);
  uint8_t msg[32], tag[32], again[32];
  for (int i = 0; i < ROUNDS; i++) {
    int n = snprintf((char *)msg, sizeof msg, "EA %d signal %d", w->index, i);
    size_t len = sizeof tag, len2 = sizeof again;
    uint32_t id = 0, id2 = 0;
    if (dll.tseal_keyring_sign(ring, msg, (size_t)n, &id, tag, &len) != TSEAL_OK ||
        dll.tseal_keyring_verify(ring, id, msg, (size_t)n, tag, len) != TSEAL_OK ||
        dll.tseal_keyring_sign(ring, msg, (size_t)n, &id2, again, &len2) != TSEAL_OK || id != id2 ||
        memcmp(tag, again, sizeof tag) != 0) {
      w->errors++;
    }
    /* A failure on this thread must be this thread's last error, whatever the others do. */
    tag[i % 32] ^= 1;
    tseal_status want = w->index % 2 ? TSEAL_INVALID_SIGNATURE : TSEAL_UNKNOWN_KEY;
    tseal_status got = dll.tseal_keyring_verify(ring, w->index % 2 ? id : 999, msg, (size_t)n, tag, len);
    char message[128];
    size_t mlen = sizeof message - 1;
    if (got != want || dll.tseal_last_error_message((uint8_t *)message, &mlen) != TSEAL_OK) {
      w->errors++;
      continue;
    }
    message[mlen] = '\0';
    if (strstr(message, w->index % 2 ? "TSEAL_INVALID_SIGNATURE" : "TSEAL_UNKNOWN_KEY") == NULL) w->errors++;
  }
  return 0;
}

static void thread_cases(void) {
  static const uint8_t k1[32] = {0x11}, k2[32] = {0x22};
  long long ring = 0;
  expect("threads: keyring_new", dll.tseal_keyring_new(HANDLE_OUT(tseal_keyring, &ring)), TSEAL_OK);
  tseal_keyring *r = AS_HANDLE(tseal_keyring, ring);
  expect("threads: insert 1", dll.tseal_keyring_insert(r, 1, k1, 32), TSEAL_OK);
  expect("threads: insert 2", dll.tseal_keyring_insert(r, 2, k2, 32), TSEAL_OK);
  expect("threads: promote 2", dll.tseal_keyring_promote(r, 2), TSEAL_OK);
  worker workers[THREADS];
  HANDLE threads[THREADS];
  for (int i = 0; i < THREADS; i++) {
    workers[i] = (worker){ring, i, 0};
    threads[i] = CreateThread(NULL, 0, work, &workers[i], 0, NULL);
    report(threads[i] != NULL, "threads: CreateThread", "error %lu", GetLastError());
  }
  for (int i = 0; i < THREADS; i++) {
    if (threads[i] == NULL) continue;
    WaitForSingleObject(threads[i], INFINITE);
    CloseHandle(threads[i]);
    char label[64];
    snprintf(label, sizeof label, "threads: worker %d", i);
    report(workers[i].errors == 0, label, "%d of %d rounds failed", workers[i].errors, ROUNDS);
  }
  dll.tseal_keyring_free(r);
}

/* ---------------------------------------------------------------------------------------------------- */

/* GetProcAddress finds every function named in `path` (one per line), as an EA's #import would. */
static void resolve_all(HMODULE lib, const wchar_t *path) {
  FILE *file = _wfopen(path, L"rb");
  char name[128];
  int count = 0;
  while (file != NULL && fgets(name, sizeof name, file) != NULL) {
    name[strcspn(name, "\r\n")] = '\0';
    report(GetProcAddress(lib, name) != NULL, name, "GetProcAddress found nothing");
    count++;
  }
  report(file != NULL && count > 0, "header function names", "none read");
  if (file != NULL) fclose(file);
}

int main(void) {
  int argc = 0;
  wchar_t **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
  if (argv == NULL || argc != 4) {
    fprintf(stderr, "usage: harness.exe <tradeseal.dll> <cases file> <function names file>\n");
    return 2;
  }
  HMODULE lib = load_dll(argv[1]);
  if (lib == NULL) return 2;
  resolve_all(lib, argv[3]);
  int ok = run_cases_file(argv[2]);
  bad_input_cases();
  thread_cases();
  printf("%d passed, %d failed\n", passed, failed);
  return ok && failed == 0 && passed > 0 ? 0 : 1;
}
