/* Runs every tests/vectors/NAME.json file and the bad-input cases through the C ABI (tradeseal.h).
 *
 * Usage: vectors_c <tests/vectors directory>
 * One generic loop checks every case: `out` must match exactly, `error` must be the reported TSEAL_* name,
 * and every `tamper` entry must fail with its error. An op this runner does not know fails the run.
 * Closing line: "N passed, N failed"; exit status 1 on any failure. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tradeseal.h"

static int passed, failed;

static void check(int ok, const char *what, const char *detail) {
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s: %s\n", what, detail);
    }
}

/* ---- per-op scratch memory, released after each op ---- */

enum { MAX_SCRATCH = 256 };
static struct { void *ptr; void (*release)(void *); } scratch[MAX_SCRATCH];
static size_t scratch_len;

static void *keep(void *ptr, void (*release)(void *)) {
    if (scratch_len == MAX_SCRATCH) abort();
    scratch[scratch_len].ptr = ptr;
    scratch[scratch_len].release = release;
    scratch_len++;
    return ptr;
}

static void release_scratch(void) {
    while (scratch_len > 0) {
        scratch_len--;
        scratch[scratch_len].release(scratch[scratch_len].ptr);
    }
}

static void *scratch_alloc(size_t n) { return keep(calloc(n ? n : 1, 1), free); }
static void free_keyring(void *k) { tseal_keyring_free(k); }
static void free_mac_key(void *k) { tseal_mac_key_free(k); }

/* ---- hex (the test's own, independent of the library) ---- */

static int nibble(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static uint8_t *unhex(const char *hex, size_t *len) {
    size_t n = strlen(hex) / 2;
    uint8_t *out = scratch_alloc(n);
    for (size_t i = 0; i < n; i++) {
        int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) abort();
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    *len = n;
    return out;
}

static char *tohex(const uint8_t *bytes, size_t len) {
    char *out = scratch_alloc(2 * len + 1);
    for (size_t i = 0; i < len; i++) sprintf(out + 2 * i, "%02x", bytes[i]);
    return out;
}

/* ---- typed inputs and outputs ---- */

typedef struct {
    const uint8_t *ptr;
    size_t len;
} bytes;

static const cJSON *field(const cJSON *in, const char *name) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, name);
    if (!v) {
        fprintf(stderr, "vector input %s missing\n", name);
        abort();
    }
    return v;
}

static const char *text(const cJSON *in, const char *name) {
    const cJSON *v = field(in, name);
    if (!cJSON_IsString(v)) abort();
    return v->valuestring;
}

static bytes text_bytes(const cJSON *in, const char *name) {
    const char *s = text(in, name);
    return (bytes){(const uint8_t *)s, strlen(s)};
}

static bytes hex_bytes(const cJSON *in, const char *name) {
    bytes b;
    b.ptr = unhex(text(in, name), &b.len);
    return b;
}

static uint64_t integer(const cJSON *in, const char *name) {
    const cJSON *v = field(in, name);
    if (!cJSON_IsNumber(v)) abort();
    return (uint64_t)v->valuedouble;
}

static uint64_t u64_str(const cJSON *in, const char *name) { return strtoull(text(in, name), NULL, 10); }
static int64_t i64_str(const cJSON *in, const char *name) { return strtoll(text(in, name), NULL, 10); }

static void out_hex(cJSON *out, const char *name, const uint8_t *b, size_t len) {
    cJSON_AddStringToObject(out, name, tohex(b, len));
}

static void out_text(cJSON *out, const char *name, const uint8_t *b, size_t len) {
    char *s = scratch_alloc(len + 1);
    memcpy(s, b, len);
    cJSON_AddStringToObject(out, name, s);
}

static void out_u64(cJSON *out, const char *name, uint64_t v) {
    char s[24];
    snprintf(s, sizeof s, "%" PRIu64, v);
    cJSON_AddStringToObject(out, name, s);
}

static void out_i64(cJSON *out, const char *name, int64_t v) {
    char s[24];
    snprintf(s, sizeof s, "%" PRId64, v);
    cJSON_AddStringToObject(out, name, s);
}

#define TRY(call)                              \
    do {                                       \
        tseal_status status_ = (call);         \
        if (status_ != TSEAL_OK) return status_; \
    } while (0)

static tseal_status mac_key(const cJSON *in, tseal_mac_key **key) {
    bytes k = hex_bytes(in, "key");
    TRY(tseal_mac_key_new(k.ptr, k.len, key));
    keep(*key, free_mac_key);
    return TSEAL_OK;
}

static tseal_status keyring(const cJSON *in, tseal_keyring **ring) {
    TRY(tseal_keyring_new(ring));
    keep(*ring, free_keyring);
    const cJSON *entry;
    cJSON_ArrayForEach(entry, field(in, "keys")) {
        uint32_t id = (uint32_t)integer(entry, "id");
        bytes k = hex_bytes(entry, "key");
        TRY(tseal_keyring_insert(*ring, id, k.ptr, k.len));
        if (cJSON_IsTrue(field(entry, "primary"))) TRY(tseal_keyring_promote(*ring, id));
    }
    return TSEAL_OK;
}

/* ---- ops: each converts `in`, calls the library and fills `out` ---- */

static tseal_status op_mac_sign(const cJSON *in, cJSON *out) {
    tseal_mac_key *key;
    TRY(mac_key(in, &key));
    bytes m = hex_bytes(in, "message");
    uint8_t tag[TSEAL_MAC_TAG_BYTES];
    size_t len = sizeof tag;
    TRY(tseal_mac_sign(key, m.ptr, m.len, tag, &len));
    out_hex(out, "tag", tag, len);
    return TSEAL_OK;
}

static tseal_status op_mac_verify(const cJSON *in, cJSON *out) {
    (void)out;
    tseal_mac_key *key;
    TRY(mac_key(in, &key));
    bytes m = hex_bytes(in, "message"), t = hex_bytes(in, "tag");
    return tseal_mac_verify(key, m.ptr, m.len, t.ptr, t.len);
}

static tseal_status op_frame_sign(const cJSON *in, cJSON *out) {
    tseal_keyring *ring;
    TRY(keyring(in, &ring));
    bytes p = hex_bytes(in, "payload");
    size_t len = p.len + TSEAL_FRAME_OVERHEAD_BYTES;
    uint8_t *signed_frame = scratch_alloc(len);
    TRY(tseal_frame_sign(ring, u64_str(in, "stream_id_str"), u64_str(in, "sequence_str"),
                         u64_str(in, "timestamp_ns_str"), p.ptr, p.len, signed_frame, &len));
    out_hex(out, "signed", signed_frame, len);
    return TSEAL_OK;
}

static tseal_status op_frame_verify(const cJSON *in, cJSON *out) {
    tseal_keyring *ring;
    TRY(keyring(in, &ring));
    bytes s = hex_bytes(in, "signed");
    size_t len = s.len;
    uint8_t *payload = scratch_alloc(len);
    uint32_t key_id;
    uint64_t stream_id, sequence, timestamp_ns;
    TRY(tseal_frame_verify(ring, s.ptr, s.len, (size_t)integer(in, "max_payload"), &key_id, &stream_id, &sequence,
                           &timestamp_ns, payload, &len));
    cJSON_AddNumberToObject(out, "key_id", key_id);
    out_hex(out, "payload", payload, len);
    out_u64(out, "stream_id_str", stream_id);
    out_u64(out, "sequence_str", sequence);
    out_u64(out, "timestamp_ns_str", timestamp_ns);
    return TSEAL_OK;
}

static tseal_status op_decimal_from_f64(const cJSON *in, cJSON *out) {
    int64_t units;
    TRY(tseal_decimal_from_f64(strtod(text(in, "value"), NULL), (uint8_t)integer(in, "decimals"), &units));
    out_i64(out, "units_str", units);
    return TSEAL_OK;
}

static tseal_status op_signal_sign(const cJSON *in, cJSON *out) {
    tseal_keyring *ring;
    TRY(keyring(in, &ring));
    bytes id = text_bytes(in, "subscription_id"), symbol = text_bytes(in, "symbol");
    uint8_t signed_signal[TSEAL_MAX_SIGNED_SIGNAL_BYTES];
    size_t len = sizeof signed_signal;
    TRY(tseal_signal_sign(ring, id.ptr, id.len, u64_str(in, "sequence_str"), u64_str(in, "generated_at_ms_str"),
                          symbol.ptr, symbol.len, (uint8_t)integer(in, "order_type"),
                          i64_str(in, "volume_units_str"), (uint8_t)integer(in, "volume_decimals"),
                          i64_str(in, "price_units_str"), (uint8_t)integer(in, "price_decimals"), signed_signal,
                          &len));
    out_hex(out, "signed", signed_signal, len);
    return TSEAL_OK;
}

/* The fields of a verified signal, as tseal_signal_verify and tseal_legacy_verify write them. */
typedef struct {
    uint8_t id[TSEAL_SUBSCRIPTION_ID_TEXT_BYTES], symbol[TSEAL_MAX_SYMBOL_BYTES];
    size_t id_len, symbol_len;
    uint64_t sequence, generated_at_ms;
    uint8_t order_type, volume_decimals, price_decimals;
    int64_t volume_units, price_units;
} signal_fields;

static void signal_out(cJSON *out, const signal_fields *f) {
    out_text(out, "subscription_id", f->id, f->id_len);
    out_u64(out, "sequence_str", f->sequence);
    out_u64(out, "generated_at_ms_str", f->generated_at_ms);
    out_text(out, "symbol", f->symbol, f->symbol_len);
    cJSON_AddNumberToObject(out, "order_type", f->order_type);
    out_i64(out, "volume_units_str", f->volume_units);
    cJSON_AddNumberToObject(out, "volume_decimals", f->volume_decimals);
    out_i64(out, "price_units_str", f->price_units);
    cJSON_AddNumberToObject(out, "price_decimals", f->price_decimals);
}

static tseal_status op_signal_verify(const cJSON *in, cJSON *out) {
    tseal_keyring *ring;
    TRY(keyring(in, &ring));
    bytes s = hex_bytes(in, "signed");
    signal_fields f = {.id_len = sizeof f.id, .symbol_len = sizeof f.symbol};
    uint32_t key_id;
    TRY(tseal_signal_verify(ring, s.ptr, s.len, &key_id, f.id, &f.id_len, &f.sequence, &f.generated_at_ms, f.symbol,
                            &f.symbol_len, &f.order_type, &f.volume_units, &f.volume_decimals, &f.price_units,
                            &f.price_decimals));
    cJSON_AddNumberToObject(out, "key_id", key_id);
    signal_out(out, &f);
    return TSEAL_OK;
}

static tseal_status op_legacy_sign(const cJSON *in, cJSON *out) {
    tseal_mac_key *key;
    TRY(mac_key(in, &key));
    bytes id = text_bytes(in, "subscription_id"), symbol = text_bytes(in, "symbol");
    uint8_t line[TSEAL_MAX_LEGACY_LINE_BYTES], signature[TSEAL_LEGACY_SIGNATURE_HEX_BYTES];
    size_t line_len = sizeof line, signature_len = sizeof signature;
    TRY(tseal_legacy_sign(key, id.ptr, id.len, u64_str(in, "sequence_str"), u64_str(in, "generated_at_ms_str"),
                          symbol.ptr, symbol.len, (uint8_t)integer(in, "order_type"),
                          strtod(text(in, "volume"), NULL), strtod(text(in, "price"), NULL), line, &line_len,
                          signature, &signature_len));
    out_text(out, "line", line, line_len);
    out_text(out, "signature", signature, signature_len);
    return TSEAL_OK;
}

static tseal_status op_legacy_verify(const cJSON *in, cJSON *out) {
    tseal_mac_key *key;
    TRY(mac_key(in, &key));
    bytes line = text_bytes(in, "line"), signature = text_bytes(in, "signature");
    signal_fields f = {.id_len = sizeof f.id, .symbol_len = sizeof f.symbol};
    TRY(tseal_legacy_verify(key, line.ptr, line.len, signature.ptr, signature.len, f.id, &f.id_len, &f.sequence,
                            &f.generated_at_ms, f.symbol, &f.symbol_len, &f.order_type, &f.volume_units,
                            &f.volume_decimals, &f.price_units, &f.price_decimals));
    signal_out(out, &f);
    return TSEAL_OK;
}

static tseal_status op_request_sign(const cJSON *in, cJSON *out) {
    tseal_mac_key *key;
    TRY(mac_key(in, &key));
    bytes api_key = text_bytes(in, "api_key"), method = text_bytes(in, "method"), path = text_bytes(in, "path"),
          nonce = text_bytes(in, "nonce"), body = hex_bytes(in, "body");
    uint64_t timestamp_ms = u64_str(in, "timestamp_ms_str");
    uint8_t signature[TSEAL_REQUEST_SIGNATURE_HEX_BYTES];
    size_t len = sizeof signature;
    TRY(tseal_request_sign(key, api_key.ptr, api_key.len, method.ptr, method.len, path.ptr, path.len, timestamp_ms,
                           nonce.ptr, nonce.len, body.ptr, body.len, signature, &len));
    out_text(out, "x_api_key", api_key.ptr, api_key.len);
    out_u64(out, "x_timestamp", timestamp_ms);
    out_text(out, "x_nonce", nonce.ptr, nonce.len);
    out_text(out, "x_signature", signature, len);
    return TSEAL_OK;
}

static tseal_status op_request_verify(const cJSON *in, cJSON *out) {
    (void)out;
    tseal_mac_key *key;
    TRY(mac_key(in, &key));
    bytes method = text_bytes(in, "method"), path = text_bytes(in, "path"), timestamp = text_bytes(in, "timestamp"),
          nonce = text_bytes(in, "nonce"), body = hex_bytes(in, "body"), signature = text_bytes(in, "signature");
    return tseal_request_verify(key, method.ptr, method.len, path.ptr, path.len, timestamp.ptr, timestamp.len,
                                nonce.ptr, nonce.len, body.ptr, body.len, signature.ptr, signature.len);
}

/* ---- replay protection, limits and pipelines: one object, then `steps`, one verdict per step ---- */

static void free_replay_window(void *p) { tseal_replay_window_free(p); }
static void free_nonce_cache(void *p) { tseal_nonce_cache_free(p); }
static void free_rate_limiter(void *p) { tseal_rate_limiter_free(p); }
static void free_guard(void *p) { tseal_guard_free(p); }
static void free_signal_verifier(void *p) { tseal_signal_verifier_free(p); }
static void free_request_verifier(void *p) { tseal_request_verifier_free(p); }

static cJSON *verdict(tseal_status status) {
    return cJSON_CreateString(status == TSEAL_OK ? "OK" : tseal_status_name(status));
}

static tseal_status op_replay_window(const cJSON *in, cJSON *out) {
    tseal_replay_window *w;
    TRY(tseal_replay_window_new(integer(in, "window"), &w));
    keep(w, free_replay_window);
    cJSON *verdicts = cJSON_AddArrayToObject(out, "verdicts");
    const cJSON *step;
    cJSON_ArrayForEach(step, field(in, "steps")) {
        uint64_t seq = u64_str(step, "seq_str");
        tseal_status status = tseal_replay_window_check(w, seq);
        if (status == TSEAL_OK && cJSON_IsTrue(field(step, "commit"))) status = tseal_replay_window_commit(w, seq);
        cJSON_AddItemToArray(verdicts, verdict(status));
    }
    return TSEAL_OK;
}

static tseal_status op_time_window(const cJSON *in, cJSON *out) {
    (void)out;
    return tseal_time_window_check(integer(in, "max_age_ms"), integer(in, "max_future_ms"),
                                   u64_str(in, "timestamp_ms_str"), u64_str(in, "now_ms_str"));
}

static tseal_status op_nonce_cache(const cJSON *in, cJSON *out) {
    tseal_nonce_cache *cache;
    TRY(tseal_nonce_cache_new(integer(in, "max_age_ms"), integer(in, "max_future_ms"), (size_t)integer(in, "capacity"),
                              &cache));
    keep(cache, free_nonce_cache);
    cJSON *verdicts = cJSON_AddArrayToObject(out, "verdicts");
    const cJSON *step;
    cJSON_ArrayForEach(step, field(in, "steps")) {
        bytes scope = text_bytes(step, "scope"), nonce = text_bytes(step, "nonce");
        cJSON_AddItemToArray(verdicts, verdict(tseal_nonce_cache_insert(cache, scope.ptr, scope.len,
                                                                        u64_str(step, "timestamp_ms_str"), nonce.ptr,
                                                                        nonce.len, u64_str(step, "now_ms_str"))));
    }
    return TSEAL_OK;
}

static tseal_status op_rate_limit(const cJSON *in, cJSON *out) {
    tseal_rate_limiter *limiter;
    TRY(tseal_rate_limiter_new((uint32_t)integer(in, "per_second"), (uint32_t)integer(in, "burst"),
                               (size_t)integer(in, "max_keys"), &limiter));
    keep(limiter, free_rate_limiter);
    cJSON *verdicts = cJSON_AddArrayToObject(out, "verdicts");
    const cJSON *step;
    cJSON_ArrayForEach(step, field(in, "steps")) {
        bytes key = text_bytes(step, "key");
        cJSON_AddItemToArray(verdicts,
                             verdict(tseal_rate_limiter_acquire(limiter, key.ptr, key.len, u64_str(step, "now_ms_str"))));
    }
    return TSEAL_OK;
}

static tseal_status decimal_input(const cJSON *in, const char *name, int64_t *units, uint8_t *decimals) {
    bytes b = text_bytes(in, name);
    return tseal_decimal_parse(b.ptr, b.len, units, decimals);
}

static tseal_status op_price_guard(const cJSON *in, cJSON *out) {
    (void)out;
    int64_t pip, price, reference;
    uint8_t pip_d, price_d, reference_d;
    TRY(decimal_input(in, "pip", &pip, &pip_d));
    TRY(decimal_input(in, "price", &price, &price_d));
    TRY(decimal_input(in, "reference", &reference, &reference_d));
    return tseal_price_guard_check(integer(in, "max_pips"), pip, pip_d, price, price_d, reference, reference_d);
}

static const char *const STREAM_STATES[] = {"NORMAL", "GAP", "DEGRADED"};

static tseal_status op_stream_guard(const cJSON *in, cJSON *out) {
    tseal_guard *guard;
    TRY(tseal_guard_new(integer(in, "window"), integer(in, "max_gap_age_ms"), integer(in, "max_missing"),
                        (size_t)integer(in, "max_streams"), &guard));
    keep(guard, free_guard);
    cJSON *steps = cJSON_AddArrayToObject(out, "steps");
    const cJSON *step;
    cJSON_ArrayForEach(step, field(in, "steps")) {
        bytes stream = text_bytes(step, "stream");
        uint64_t now = u64_str(step, "now_ms_str");
        uint8_t state = 0;
        tseal_status status = strcmp(text(step, "action"), "accept") == 0
                                  ? tseal_guard_accept(guard, stream.ptr, stream.len, u64_str(step, "seq_str"), now, &state)
                                  : tseal_guard_resync(guard, stream.ptr, stream.len);
        cJSON *result = cJSON_CreateObject();
        cJSON_AddItemToObject(result, "verdict", verdict(status));
        TRY(tseal_guard_state(guard, stream.ptr, stream.len, now, &state));
        cJSON_AddStringToObject(result, "state", state < 3 ? STREAM_STATES[state] : "?");
        uint64_t ranges[64];
        size_t len = 64;
        TRY(tseal_guard_missing(guard, stream.ptr, stream.len, ranges, &len));
        cJSON *missing = cJSON_AddArrayToObject(result, "missing");
        for (size_t i = 0; i + 1 < len; i += 2) {
            char range[48];
            snprintf(range, sizeof range, "%" PRIu64 "-%" PRIu64, ranges[i], ranges[i + 1]);
            cJSON_AddItemToArray(missing, cJSON_CreateString(range));
        }
        cJSON_AddItemToArray(steps, result);
    }
    return TSEAL_OK;
}

/* guard_state: `file` (if given) written to a fresh path, a guard opened there, accept steps at time 0, the
 * verdicts and the file's bytes afterwards. */
static tseal_status op_guard_state(const cJSON *in, cJSON *out) {
    char path[] = "/tmp/tseal-guard-state-XXXXXX", tmp[64];
    int fd = mkstemp(path);
    if (fd < 0) return TSEAL_IO;
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (cJSON_GetObjectItemCaseSensitive(in, "file") != NULL) {
        bytes file = hex_bytes(in, "file");
        if (write(fd, file.ptr, file.len) != (ssize_t)file.len) return TSEAL_IO;
        close(fd);
    } else {
        close(fd);
        unlink(path);
    }
    tseal_guard *guard;
    tseal_status status = tseal_guard_open((const uint8_t *)path, strlen(path), integer(in, "window"),
                                           tseal_default_max_gap_age_ms(), tseal_default_max_missing(),
                                           tseal_default_max_streams(), tseal_default_reserve_ahead(), &guard);
    if (status == TSEAL_OK) {
        keep(guard, free_guard);
        cJSON *verdicts = cJSON_AddArrayToObject(out, "verdicts");
        const cJSON *step;
        cJSON_ArrayForEach(step, field(in, "steps")) {
            bytes stream = text_bytes(step, "stream");
            uint8_t state;
            cJSON_AddItemToArray(verdicts, verdict(tseal_guard_accept(guard, stream.ptr, stream.len,
                                                                      u64_str(step, "seq_str"), 0, &state)));
        }
        FILE *f = fopen(path, "rb");
        uint8_t *bytes_after = scratch_alloc(1 << 16);
        size_t n = f ? fread(bytes_after, 1, 1 << 16, f) : 0;
        if (f) fclose(f);
        out_hex(out, "file", bytes_after, n);
    }
    unlink(path);
    unlink(tmp);
    return status;
}

static tseal_status op_signal_pipeline(const cJSON *in, cJSON *out) {
    tseal_keyring *ring;
    TRY(keyring(in, &ring));
    int64_t max_volume;
    uint8_t max_volume_d;
    TRY(decimal_input(in, "max_volume", &max_volume, &max_volume_d));
    tseal_signal_verifier *verifier;
    TRY(tseal_signal_verifier_new(integer(in, "max_age_ms"), integer(in, "max_future_ms"), max_volume, max_volume_d,
                                  integer(in, "window"), tseal_default_max_gap_age_ms(), tseal_default_max_missing(),
                                  tseal_default_max_streams(), &verifier));
    keep(verifier, free_signal_verifier);
    cJSON *verdicts = cJSON_AddArrayToObject(out, "verdicts");
    const cJSON *step;
    cJSON_ArrayForEach(step, field(in, "steps")) {
        bytes s = hex_bytes(step, "signed");
        signal_fields f = {.id_len = sizeof f.id, .symbol_len = sizeof f.symbol};
        uint32_t key_id;
        cJSON_AddItemToArray(
            verdicts, verdict(tseal_signal_verifier_verify(verifier, ring, s.ptr, s.len, u64_str(step, "now_ms_str"),
                                                           &key_id, f.id, &f.id_len, &f.sequence, &f.generated_at_ms,
                                                           f.symbol, &f.symbol_len, &f.order_type, &f.volume_units,
                                                           &f.volume_decimals, &f.price_units, &f.price_decimals)));
    }
    return TSEAL_OK;
}

static tseal_status op_request_pipeline(const cJSON *in, cJSON *out) {
    tseal_mac_key *secret;
    TRY(mac_key(in, &secret));
    int limited = cJSON_HasObjectItem(in, "per_second");
    tseal_request_verifier *verifier;
    TRY(tseal_request_verifier_new(integer(in, "max_age_ms"), integer(in, "max_future_ms"),
                                   (size_t)integer(in, "nonce_capacity"),
                                   limited ? (uint32_t)integer(in, "per_second") : 0,
                                   limited ? (uint32_t)integer(in, "burst") : 0,
                                   limited ? (size_t)integer(in, "max_keys") : 0, &verifier));
    keep(verifier, free_request_verifier);
    cJSON *verdicts = cJSON_AddArrayToObject(out, "verdicts");
    const cJSON *step;
    cJSON_ArrayForEach(step, field(in, "steps")) {
        bytes api_key = text_bytes(step, "api_key"), method = text_bytes(step, "method"), path = text_bytes(step, "path"),
              timestamp = text_bytes(step, "timestamp"), nonce = text_bytes(step, "nonce"),
              body = hex_bytes(step, "body"), signature = text_bytes(step, "signature");
        cJSON_AddItemToArray(verdicts, verdict(tseal_request_verifier_verify(
                                           verifier, secret, api_key.ptr, api_key.len, method.ptr, method.len, path.ptr,
                                           path.len, timestamp.ptr, timestamp.len, nonce.ptr, nonce.len, body.ptr,
                                           body.len, signature.ptr, signature.len, u64_str(step, "now_ms_str"))));
    }
    return TSEAL_OK;
}

/* ---- AEAD, envelopes, key derivation, Ed25519 ---- */

static void free_less_safe_key(void *p) { tseal_less_safe_key_free(p); }
static void free_sealing_keyring(void *p) { tseal_sealing_keyring_free(p); }
static void free_ed25519_key(void *p) { tseal_ed25519_key_free(p); }

static tseal_status less_safe_key(const cJSON *in, tseal_less_safe_key **key) {
    bytes k = hex_bytes(in, "key");
    TRY(tseal_less_safe_key_new((uint8_t)integer(in, "algorithm"), k.ptr, k.len, key));
    keep(*key, free_less_safe_key);
    return TSEAL_OK;
}

static tseal_status op_aead_seal(const cJSON *in, cJSON *out) {
    tseal_less_safe_key *key;
    TRY(less_safe_key(in, &key));
    bytes nonce = hex_bytes(in, "explicit_nonce"), aad = hex_bytes(in, "aad"), pt = hex_bytes(in, "plaintext");
    size_t len = pt.len + TSEAL_AEAD_TAG_BYTES;
    uint8_t *sealed = scratch_alloc(len);
    TRY(tseal_aead_seal_less_safe(key, nonce.ptr, nonce.len, aad.ptr, aad.len, pt.ptr, pt.len, sealed, &len));
    out_hex(out, "sealed", sealed, len);
    return TSEAL_OK;
}

static tseal_status op_aead_open(const cJSON *in, cJSON *out) {
    tseal_less_safe_key *key;
    TRY(less_safe_key(in, &key));
    bytes nonce = hex_bytes(in, "explicit_nonce"), aad = hex_bytes(in, "aad"), sealed = hex_bytes(in, "sealed");
    size_t len = sealed.len;
    uint8_t *pt = scratch_alloc(len);
    TRY(tseal_aead_open_less_safe(key, nonce.ptr, nonce.len, aad.ptr, aad.len, sealed.ptr, sealed.len, pt, &len));
    out_hex(out, "plaintext", pt, len);
    return TSEAL_OK;
}

static tseal_status op_envelope_seal(const cJSON *in, cJSON *out) {
    const cJSON *entry, *primary = NULL;
    cJSON_ArrayForEach(entry, field(in, "keys")) if (cJSON_IsTrue(field(entry, "primary"))) primary = entry;
    if (!primary) return TSEAL_NO_PRIMARY_KEY; /* the op's definition: no primary entry, nothing to seal with */
    tseal_less_safe_key *key;
    TRY(less_safe_key(primary, &key));
    bytes nonce = hex_bytes(in, "explicit_nonce"), aad = hex_bytes(in, "aad"), pt = hex_bytes(in, "plaintext");
    size_t len = pt.len + 64;
    uint8_t *envelope = scratch_alloc(len);
    TRY(tseal_envelope_seal_with_nonce_less_safe((uint32_t)integer(primary, "id"), key, nonce.ptr, nonce.len, aad.ptr,
                                                 aad.len, pt.ptr, pt.len, envelope, &len));
    out_hex(out, "envelope", envelope, len);
    return TSEAL_OK;
}

/* The case's `keys: [{id, algorithm, key, primary}]` as a sealing keyring (kept until the op ends). */
static tseal_status sealing_keyring(const cJSON *in, tseal_sealing_keyring **ring) {
    TRY(tseal_sealing_keyring_new(ring));
    keep(*ring, free_sealing_keyring);
    const cJSON *entry;
    cJSON_ArrayForEach(entry, field(in, "keys")) {
        uint32_t id = (uint32_t)integer(entry, "id");
        bytes k = hex_bytes(entry, "key");
        TRY(tseal_sealing_keyring_insert(*ring, id, (uint8_t)integer(entry, "algorithm"), k.ptr, k.len));
        if (cJSON_IsTrue(field(entry, "primary"))) TRY(tseal_sealing_keyring_promote(*ring, id));
    }
    return TSEAL_OK;
}

static tseal_status op_envelope_open(const cJSON *in, cJSON *out) {
    tseal_sealing_keyring *ring;
    TRY(sealing_keyring(in, &ring));
    bytes aad = hex_bytes(in, "aad"), envelope = hex_bytes(in, "envelope");
    size_t len = envelope.len;
    uint8_t *pt = scratch_alloc(len);
    TRY(tseal_envelope_open(ring, aad.ptr, aad.len, envelope.ptr, envelope.len, pt, &len));
    out_hex(out, "plaintext", pt, len);
    return TSEAL_OK;
}

static tseal_status op_hkdf_extract(const cJSON *in, cJSON *out) {
    bytes salt = hex_bytes(in, "salt"), ikm = hex_bytes(in, "ikm");
    uint8_t prk[TSEAL_HKDF_PRK_BYTES];
    size_t len = sizeof prk;
    TRY(tseal_hkdf_extract(salt.ptr, salt.len, ikm.ptr, ikm.len, prk, &len));
    out_hex(out, "prk", prk, len);
    return TSEAL_OK;
}

static tseal_status op_hkdf_expand(const cJSON *in, cJSON *out) {
    bytes prk = hex_bytes(in, "prk"), info = hex_bytes(in, "info");
    size_t len = (size_t)integer(in, "length");
    uint8_t *okm = scratch_alloc(len);
    TRY(tseal_hkdf_expand(prk.ptr, prk.len, info.ptr, info.len, okm, len));
    out_hex(out, "okm", okm, len);
    return TSEAL_OK;
}

static tseal_status op_kdf_derive(const cJSON *in, cJSON *out) {
    bytes master = hex_bytes(in, "master"), label = text_bytes(in, "label"), context = hex_bytes(in, "context");
    size_t len = (size_t)integer(in, "length");
    uint8_t *okm = scratch_alloc(len);
    TRY(tseal_kdf_derive(master.ptr, master.len, label.ptr, label.len, context.ptr, context.len, okm, len));
    out_hex(out, "okm", okm, len);
    return TSEAL_OK;
}

static tseal_status op_argon2id(const cJSON *in, cJSON *out) {
    bytes password = hex_bytes(in, "password"), salt = hex_bytes(in, "salt");
    size_t len = (size_t)integer(in, "length");
    uint8_t *key = scratch_alloc(len);
    TRY(tseal_argon2id(password.ptr, password.len, salt.ptr, salt.len, (uint32_t)integer(in, "memory_kib"),
                       (uint32_t)integer(in, "passes"), (uint32_t)integer(in, "lanes"), key, len));
    out_hex(out, "key", key, len);
    return TSEAL_OK;
}

static tseal_status op_ed25519_sign(const cJSON *in, cJSON *out) {
    bytes seed = hex_bytes(in, "seed"), msg = hex_bytes(in, "message");
    tseal_ed25519_key *key;
    TRY(tseal_ed25519_key_from_seed(seed.ptr, seed.len, &key));
    keep(key, free_ed25519_key);
    uint8_t public_key[TSEAL_ED25519_PUBLIC_KEY_BYTES], sig[TSEAL_ED25519_SIGNATURE_BYTES];
    size_t public_key_len = sizeof public_key, sig_len = sizeof sig;
    TRY(tseal_ed25519_public_key(key, public_key, &public_key_len));
    TRY(tseal_ed25519_sign(key, msg.ptr, msg.len, sig, &sig_len));
    out_hex(out, "public_key", public_key, public_key_len);
    out_hex(out, "sig", sig, sig_len);
    return TSEAL_OK;
}

static tseal_status op_ed25519_verify(const cJSON *in, cJSON *out) {
    (void)out;
    bytes public_key = hex_bytes(in, "public_key"), msg = hex_bytes(in, "message"), sig = hex_bytes(in, "sig");
    return tseal_ed25519_verify(public_key.ptr, public_key.len, msg.ptr, msg.len, sig.ptr, sig.len);
}

static void free_noise_builder(void *p) { tseal_noise_builder_free(p); }
static void free_noise_session(void *p) { tseal_noise_session_free(p); }

/* An indexed input name such as "msg3", in a scratch string. */
static const char *indexed(const char *prefix, uint64_t i) {
    char *name = scratch_alloc(32);
    snprintf(name, 32, "%s%" PRIu64, prefix, i);
    return name;
}

/* One side of a noise_transcript case, built as tests/vectors/README.md describes (time is always 0). */
static tseal_status noise_side(const cJSON *in, int initiator, tseal_noise_session **session) {
    const char *me = initiator ? "init" : "resp", *peer = initiator ? "resp" : "init", *mode = text(in, "mode");
    char name[32];
    bytes protocol = text_bytes(in, "protocol"), prologue = hex_bytes(in, "prologue"), psk = hex_bytes(in, "psk");
    tseal_noise_builder *b;
    TRY(tseal_noise_builder_new(protocol.ptr, protocol.len, &b));
    keep(b, free_noise_builder);
    TRY(tseal_noise_builder_prologue(b, prologue.ptr, prologue.len));
    TRY(tseal_noise_builder_transport_mode(b, strcmp(mode, "stream") == 0     ? TSEAL_NOISE_STREAM
                                              : strcmp(mode, "datagram") == 0 ? TSEAL_NOISE_DATAGRAM
                                                                              : 0));
    uint64_t max_age_ms, max_messages, idle_timeout_ms, rekey_interval;
    TRY(tseal_noise_default_limits(&max_age_ms, &max_messages, &idle_timeout_ms, &rekey_interval));
    TRY(tseal_noise_builder_limits(b, max_age_ms, max_messages, idle_timeout_ms, integer(in, "rekey_interval")));
    snprintf(name, sizeof name, "%s_ephemeral", me);
    bytes ephemeral = hex_bytes(in, name);
    TRY(tseal_noise_builder_fixed_ephemeral_key_for_testing_only(b, ephemeral.ptr, ephemeral.len));
    snprintf(name, sizeof name, "%s_static", me);
    bytes local = hex_bytes(in, name);
    if (local.len) TRY(tseal_noise_builder_local_private_key(b, local.ptr, local.len));
    if (psk.len) TRY(tseal_noise_builder_psk(b, psk.ptr, psk.len));
    snprintf(name, sizeof name, "%s_static_public", peer);
    bytes peer_public = hex_bytes(in, name);
    const char *p = (const char *)protocol.ptr;
    int knows_responder = strncmp(p, "Noise_IK_", 9) == 0 || strncmp(p, "Noise_NK_", 9) == 0;
    if (initiator && knows_responder)
        TRY(tseal_noise_builder_remote_public_key(b, peer_public.ptr, peer_public.len));
    else if (peer_public.len)
        TRY(tseal_noise_builder_allow_peer(b, peer_public.ptr, peer_public.len));
    TRY(initiator ? tseal_noise_builder_build_initiator(b, 0, session) : tseal_noise_builder_build_responder(b, 0, session));
    keep(*session, free_noise_session);
    return TSEAL_OK;
}

static tseal_status op_noise_transcript(const cJSON *in, cJSON *out) {
    tseal_noise_session *side[2];
    TRY(noise_side(in, 1, &side[0]));
    TRY(noise_side(in, 0, &side[1]));
    uint8_t *wire = scratch_alloc(TSEAL_NOISE_MAX_MESSAGE_BYTES), *plain = scratch_alloc(TSEAL_NOISE_MAX_MESSAGE_BYTES);
    for (uint64_t i = 0; i < integer(in, "count"); i++) {
        bytes payload = hex_bytes(in, indexed("payload", i)), msg = hex_bytes(in, indexed("msg", i));
        size_t wire_len = TSEAL_NOISE_MAX_MESSAGE_BYTES, plain_len = TSEAL_NOISE_MAX_MESSAGE_BYTES;
        TRY(tseal_noise_session_write(side[i % 2], 0, payload.ptr, payload.len, wire, &wire_len));
        out_hex(out, indexed("msg", i), wire, wire_len);
        TRY(tseal_noise_session_read(side[1 - i % 2], 0, msg.ptr, msg.len, plain, &plain_len));
        out_hex(out, indexed("payload", i), plain, plain_len);
    }
    uint8_t hash[TSEAL_NOISE_KEY_BYTES];
    size_t hash_len = sizeof hash;
    TRY(tseal_noise_session_handshake_hash(side[0], hash, &hash_len));
    out_hex(out, "handshake_hash", hash, hash_len);
    return TSEAL_OK;
}

/* noise_import (noise_session.json): the importing builder from the case's settings, the import, then each
 * step reads `msg<i>` or writes `payload<i>` at `now_ms`. */
static tseal_status op_noise_import(const cJSON *in, cJSON *out) {
    const char *mode = text(in, "mode");
    bytes protocol = text_bytes(in, "protocol");
    tseal_noise_builder *b;
    TRY(tseal_noise_builder_new(protocol.ptr, protocol.len, &b));
    keep(b, free_noise_builder);
    TRY(tseal_noise_builder_transport_mode(b, strcmp(mode, "stream") == 0     ? TSEAL_NOISE_STREAM
                                              : strcmp(mode, "datagram") == 0 ? TSEAL_NOISE_DATAGRAM
                                                                              : 0));
    TRY(tseal_noise_builder_limits(b, integer(in, "max_age_ms"), integer(in, "max_messages"),
                                   integer(in, "idle_timeout_ms"), integer(in, "rekey_interval")));
    bytes local = hex_bytes(in, "local_static"), remote = hex_bytes(in, "remote_public");
    bytes psk = hex_bytes(in, "psk"), allow = hex_bytes(in, "allow_peer"), exported = hex_bytes(in, "exported");
    if (local.len) TRY(tseal_noise_builder_local_private_key(b, local.ptr, local.len));
    if (remote.len) TRY(tseal_noise_builder_remote_public_key(b, remote.ptr, remote.len));
    if (psk.len) TRY(tseal_noise_builder_psk(b, psk.ptr, psk.len));
    if (allow.len) TRY(tseal_noise_builder_allow_peer(b, allow.ptr, allow.len));
    tseal_sealing_keyring *ring;
    TRY(sealing_keyring(in, &ring));
    uint64_t now = integer(in, "now_ms");
    tseal_noise_session *session;
    TRY(tseal_noise_builder_import_session(b, now, ring, exported.ptr, exported.len, &session));
    keep(session, free_noise_session);
    uint8_t key[TSEAL_NOISE_KEY_BYTES];
    size_t key_len = sizeof key;
    TRY(tseal_noise_session_handshake_hash(session, key, &key_len));
    out_hex(out, "handshake_hash", key, key_len);
    key_len = sizeof key;
    TRY(tseal_noise_session_remote_static(session, key, &key_len));
    out_hex(out, "remote_static", key, key_len);
    uint8_t *buf = scratch_alloc(TSEAL_NOISE_MAX_MESSAGE_BYTES);
    for (uint64_t i = 0; i < integer(in, "count"); i++) {
        const char *msg = indexed("msg", i), *payload = indexed("payload", i);
        size_t len = TSEAL_NOISE_MAX_MESSAGE_BYTES;
        if (cJSON_HasObjectItem(in, msg)) {
            bytes m = hex_bytes(in, msg);
            TRY(tseal_noise_session_read(session, now, m.ptr, m.len, buf, &len));
            out_hex(out, payload, buf, len);
        } else {
            bytes p = hex_bytes(in, payload);
            TRY(tseal_noise_session_write(session, now, p.ptr, p.len, buf, &len));
            out_hex(out, msg, buf, len);
        }
    }
    return TSEAL_OK;
}

static const struct {
    const char *name;
    tseal_status (*run)(const cJSON *in, cJSON *out);
} OPS[] = {
    {"mac_sign", op_mac_sign},           {"mac_verify", op_mac_verify},
    {"frame_sign", op_frame_sign},       {"frame_verify", op_frame_verify},
    {"decimal_from_f64", op_decimal_from_f64},
    {"signal_sign", op_signal_sign},     {"signal_verify", op_signal_verify},
    {"legacy_sign", op_legacy_sign},     {"legacy_verify", op_legacy_verify},
    {"request_sign", op_request_sign},   {"request_verify", op_request_verify},
    {"replay_window", op_replay_window}, {"time_window", op_time_window},
    {"nonce_cache", op_nonce_cache},     {"rate_limit", op_rate_limit},
    {"price_guard", op_price_guard},     {"stream_guard", op_stream_guard},
    {"guard_state", op_guard_state},
    {"signal_pipeline", op_signal_pipeline}, {"request_pipeline", op_request_pipeline},
    {"aead_seal", op_aead_seal},         {"aead_open", op_aead_open},
    {"envelope_seal", op_envelope_seal}, {"envelope_open", op_envelope_open},
    {"hkdf_extract", op_hkdf_extract},   {"hkdf_expand", op_hkdf_expand},
    {"kdf_derive", op_kdf_derive},       {"argon2id", op_argon2id},
    {"ed25519_sign", op_ed25519_sign},   {"ed25519_verify", op_ed25519_verify},
    {"noise_transcript", op_noise_transcript},
    {"noise_import", op_noise_import},
};

/* Byte-valued inputs (hex in JSON); every other string input is text, tampered in its UTF-8 bytes. */
static const char *const BYTE_INPUTS[] = {"file", "key",  "message",  "tag",        "signed", "payload", "body",
                                          "explicit_nonce", "sealed", "aad", "envelope", "public_key", "sig",
                                          "prologue", "psk", "init_static", "resp_static", "init_static_public",
                                          "resp_static_public", "init_ephemeral", "resp_ephemeral",
                                          "exported", "local_static", "remote_public", "allow_peer"};

static int is_byte_input(const char *name) {
    if (strncmp(name, "msg", 3) == 0 && name[3] >= '0' && name[3] <= '9') return 1;
    if (strncmp(name, "payload", 7) == 0 && name[7] >= '0' && name[7] <= '9') return 1;
    for (size_t i = 0; i < sizeof BYTE_INPUTS / sizeof *BYTE_INPUTS; i++)
        if (strcmp(BYTE_INPUTS[i], name) == 0) return 1;
    return 0;
}

/* Runs `op` on `in`: the status, and the outputs in `*out` (a new object, the caller deletes it). */
static tseal_status run(const char *op, const cJSON *in, cJSON **out, int *known) {
    *out = cJSON_CreateObject();
    *known = 0;
    tseal_status status = TSEAL_INTERNAL;
    for (size_t i = 0; i < sizeof OPS / sizeof *OPS; i++) {
        if (strcmp(OPS[i].name, op) == 0) {
            *known = 1;
            status = OPS[i].run(in, *out);
        }
    }
    release_scratch();
    return status;
}

/* A copy of `in` with byte `offset` of input `name` XORed with `mask`. */
static cJSON *tampered(const cJSON *in, const char *name, size_t offset, uint8_t mask) {
    cJSON *copy = cJSON_Duplicate(in, 1);
    const char *value = text(in, name);
    char *changed;
    if (is_byte_input(name)) {
        size_t len;
        uint8_t *b = unhex(value, &len);
        if (offset >= len) abort();
        b[offset] ^= mask;
        changed = tohex(b, len);
    } else {
        if (offset >= strlen(value)) abort();
        changed = scratch_alloc(strlen(value) + 1);
        strcpy(changed, value);
        changed[offset] = (char)(changed[offset] ^ mask);
    }
    cJSON_ReplaceItemInObjectCaseSensitive(copy, name, cJSON_CreateString(changed));
    release_scratch();
    return copy;
}

static void run_case(const char *file, const cJSON *c) {
    char what[512];
    const char *name = cJSON_GetObjectItemCaseSensitive(c, "name")->valuestring;
    const char *op = cJSON_GetObjectItemCaseSensitive(c, "op")->valuestring;
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(c, "in");
    const cJSON *expected_out = cJSON_GetObjectItemCaseSensitive(c, "out");
    const cJSON *expected_error = cJSON_GetObjectItemCaseSensitive(c, "error");
    snprintf(what, sizeof what, "%s/%s", file, name);
    cJSON *out;
    int known;
    tseal_status status = run(op, in, &out, &known);
    if (!known) {
        check(0, what, "unknown op");
        cJSON_Delete(out);
        return;
    }
    if (expected_error) {
        check(strcmp(tseal_status_name(status), expected_error->valuestring) == 0, what, tseal_status_name(status));
    } else if (status != TSEAL_OK) {
        check(0, what, tseal_status_name(status));
    } else {
        char *got = cJSON_PrintUnformatted(out);
        check(cJSON_Compare(expected_out, out, 1), what, got);
        free(got);
    }
    cJSON_Delete(out);
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(c, "tamper")) {
        const char *input = text(t, "input");
        cJSON *changed = tampered(in, input, (size_t)integer(t, "offset"), (uint8_t)integer(t, "mask"));
        status = run(op, changed, &out, &known);
        char tamper_what[600];
        snprintf(tamper_what, sizeof tamper_what, "%s tamper %s@%" PRIu64, what, input, integer(t, "offset"));
        check(strcmp(tseal_status_name(status), text(t, "error")) == 0, tamper_what, tseal_status_name(status));
        cJSON_Delete(out);
        cJSON_Delete(changed);
    }
}

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (fread(s, 1, (size_t)n, f) != (size_t)n) abort();
    s[n] = 0;
    fclose(f);
    return s;
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_vector_files(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) {
        check(0, dir, "cannot open the vectors directory");
        return;
    }
    char *names[256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 256) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0) names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, compare_names);
    check(n > 0, dir, "no vector files");
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        char *json = read_file(path);
        cJSON *doc = json ? cJSON_Parse(json) : NULL;
        check(doc != NULL, path, "unreadable JSON");
        const cJSON *c;
        int before = passed + failed;
        cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(doc, "cases")) run_case(names[i], c);
        printf("%s: %d checks\n", names[i], passed + failed - before);
        cJSON_Delete(doc);
        free(json);
        free(names[i]);
    }
}

/* ---- bad input: NULL, zero length, too-small buffers ---- */

#define EXPECT(call, status) check((call) == (status), #call, "expected " #status)

static void bad_input(void) {
    static const uint8_t key_bytes[32] = {1, 2, 3};
    static const uint8_t msg[] = "hello";
    uint8_t buf[TSEAL_MAX_LEGACY_LINE_BYTES], sig[TSEAL_LEGACY_SIGNATURE_HEX_BYTES];
    size_t len, sig_len;
    tseal_mac_key *key = NULL;
    tseal_keyring *ring = NULL;

    /* NULL handles, NULL data with a length, NULL out-parameters. */
    EXPECT(tseal_mac_key_new(NULL, 32, &key), TSEAL_NULL_POINTER);
    EXPECT(tseal_mac_key_new(key_bytes, 32, NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_mac_key_new(NULL, 0, &key), TSEAL_KEY_TOO_SHORT);
    EXPECT(tseal_mac_key_new_short(key_bytes, 0, &key), TSEAL_KEY_TOO_SHORT);
    EXPECT(tseal_mac_key_new(key_bytes, 31, &key), TSEAL_KEY_TOO_SHORT);
    EXPECT(tseal_mac_key_new(key_bytes, 32, &key), TSEAL_OK);
    len = sizeof buf;
    EXPECT(tseal_mac_sign(NULL, msg, 5, buf, &len), TSEAL_NULL_POINTER);
    EXPECT(tseal_mac_sign(key, NULL, 5, buf, &len), TSEAL_NULL_POINTER);
    EXPECT(tseal_mac_sign(key, msg, 5, buf, NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_mac_sign(key, msg, 5, NULL, &len), TSEAL_NULL_POINTER);
    EXPECT(tseal_mac_verify(key, msg, 5, NULL, 32), TSEAL_NULL_POINTER);
    EXPECT(tseal_mac_verify(key, msg, 5, NULL, 0), TSEAL_INVALID_SIGNATURE);

    /* Zero-length input (NULL allowed) signs and verifies. */
    len = TSEAL_MAC_TAG_BYTES;
    EXPECT(tseal_mac_sign(key, NULL, 0, buf, &len), TSEAL_OK);
    check(len == TSEAL_MAC_TAG_BYTES, "empty message tag length", "wrong length");
    EXPECT(tseal_mac_verify(key, NULL, 0, buf, len), TSEAL_OK);
    EXPECT(tseal_mac_verify(key, msg, 5, buf, len), TSEAL_INVALID_SIGNATURE);

    /* Too-small buffers: the needed size is reported and nothing is written. */
    memset(buf, 0xAA, sizeof buf);
    len = TSEAL_MAC_TAG_BYTES - 1;
    EXPECT(tseal_mac_sign(key, msg, 5, buf, &len), TSEAL_BUFFER_TOO_SMALL);
    check(len == TSEAL_MAC_TAG_BYTES, "mac_sign too small reports the size", "wrong size");
    check(buf[0] == 0xAA && buf[TSEAL_MAC_TAG_BYTES - 2] == 0xAA, "mac_sign too small writes nothing", "written");
    len = 0;
    EXPECT(tseal_mac_sign(key, msg, 5, NULL, &len), TSEAL_BUFFER_TOO_SMALL);
    check(len == TSEAL_MAC_TAG_BYTES, "size query with NULL buffer", "wrong size");

    /* Legacy: both outputs are checked before either is written. */
    len = sizeof buf;
    sig_len = 10;
    memset(buf, 0xAA, sizeof buf);
    EXPECT(tseal_legacy_sign(key, (const uint8_t *)"6f9619ff-8b86-d011-b42d-00c04fc964ff", 36, 1, 2,
                             (const uint8_t *)"EURUSD", 6, 0, 1.0, 1.0, buf, &len, sig, &sig_len),
           TSEAL_BUFFER_TOO_SMALL);
    check(sig_len == TSEAL_LEGACY_SIGNATURE_HEX_BYTES && buf[0] == 0xAA, "legacy_sign small signature buffer",
          "size not reported or line written");

    /* Keyrings. */
    EXPECT(tseal_keyring_new(NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_keyring_new(&ring), TSEAL_OK);
    uint32_t id = 0;
    EXPECT(tseal_keyring_primary_id(ring, &id), TSEAL_NO_PRIMARY_KEY);
    EXPECT(tseal_keyring_insert(ring, 1, key_bytes, 32), TSEAL_OK);
    EXPECT(tseal_keyring_insert(ring, 1, key_bytes, 32), TSEAL_DUPLICATE_KEY_ID);
    EXPECT(tseal_keyring_promote(ring, 2), TSEAL_UNKNOWN_KEY);
    EXPECT(tseal_keyring_promote(ring, 1), TSEAL_OK);
    EXPECT(tseal_keyring_retire(ring, 1), TSEAL_WRONG_STATE);
    len = 0;
    EXPECT(tseal_frame_sign(ring, 1, 2, 3, msg, 5, NULL, &len), TSEAL_BUFFER_TOO_SMALL);
    check(len == 5 + TSEAL_FRAME_OVERHEAD_BYTES, "frame_sign size query", "wrong size");
    EXPECT(tseal_keyring_verify(ring, 9, msg, 5, buf, 32), TSEAL_UNKNOWN_KEY);

    /* Text conversion: strict UTF-16, misaligned input refused. */
    const uint16_t wide[] = {'E', 0x20AC, 0xD83D, 0xDE00};
    len = sizeof buf;
    EXPECT(tseal_utf16_to_utf8(wide, 4, buf, &len), TSEAL_OK);
    check(len == 1 + 3 + 4 && memcmp(buf, "E\xE2\x82\xAC\xF0\x9F\x98\x80", len) == 0, "utf16_to_utf8", "bytes");
    const uint16_t lone[] = {'A', 0xD800};
    len = sizeof buf;
    EXPECT(tseal_utf16_to_utf8(lone, 2, buf, &len), TSEAL_INVALID_UTF16);
    const uint8_t *odd = ((uintptr_t)buf & 1) ? buf : buf + 1;
    EXPECT(tseal_utf16_to_utf8((const uint16_t *)(const void *)odd, 1, sig, &len), TSEAL_INVALID_ARGUMENT);
    len = 0;
    EXPECT(tseal_utf16_to_utf8(NULL, 0, NULL, &len), TSEAL_OK);
    check(len == 0, "empty utf16", "length");

    /* Error reporting. */
    char message[128];
    len = sizeof message;
    EXPECT(tseal_mac_verify(key, msg, 5, buf, 0), TSEAL_INVALID_SIGNATURE);
    EXPECT(tseal_last_error_message((uint8_t *)message, &len), TSEAL_OK);
    check(len > 23 && strncmp(message, "TSEAL_INVALID_SIGNATURE", 23) == 0, "last error message", "wrong text");
    len = 3;
    EXPECT(tseal_last_error_message((uint8_t *)message, &len), TSEAL_BUFFER_TOO_SMALL);
    len = sizeof message;
    EXPECT(tseal_last_error_message((uint8_t *)message, &len), TSEAL_OK);
    check(strncmp(message, "TSEAL_INVALID_SIGNATURE", 23) == 0, "last error survives its own failure", "replaced");
    check(strcmp(tseal_status_name(TSEAL_OK), "TSEAL_OK") == 0, "status name of 0", "wrong");
    check(strcmp(tseal_status_name(12345), "TSEAL_UNKNOWN_STATUS") == 0, "unknown status name", "wrong");
    len = sizeof message;
    EXPECT(tseal_status_name_copy(TSEAL_REPLAYED, (uint8_t *)message, &len), TSEAL_OK);
    check(len == 14 && memcmp(message, "TSEAL_REPLAYED", 14) == 0, "status_name_copy", "wrong");
    check(tseal_abi_version() == TSEAL_ABI_VERSION, "abi version", "mismatch");
    check(tseal_mac_tag_bytes() == TSEAL_MAC_TAG_BYTES && tseal_frame_overhead_bytes() == TSEAL_FRAME_OVERHEAD_BYTES,
          "size getters", "mismatch");
    len = sizeof message;
    EXPECT(tseal_version_copy((uint8_t *)message, &len), TSEAL_OK);
    check(len == strlen(tseal_version()) && memcmp(message, tseal_version(), len) == 0, "version_copy", "mismatch");

    /* A persisted guard refuses what it accepted before a restart. */
    char path[] = "/tmp/tseal-guard-XXXXXX";
    int fd = mkstemp(path);
    check(fd >= 0, "mkstemp", "failed");
    close(fd);
    unlink(path);
    static const char stream[] = "6f9619ff-8b86-d011-b42d-00c04fc964ff";
    tseal_guard *guard = NULL;
    uint8_t state;
    for (int restart = 0; restart < 2; restart++) {
        EXPECT(tseal_guard_open((const uint8_t *)path, strlen(path), 1024, 10000, 1024, 16, 4096, &guard), TSEAL_OK);
        EXPECT(tseal_guard_accept(guard, (const uint8_t *)stream, 36, 5, 1000, &state), restart ? TSEAL_TOO_OLD : TSEAL_OK);
        tseal_guard_free(guard);
    }
    unlink(path);
    /* reserve_ahead: accepting 5 reserves up to 5 + 2, so after a restart 7 counts as seen and 8 is new. */
    EXPECT(tseal_guard_open((const uint8_t *)path, strlen(path), 1024, 10000, 1024, 16, 0, &guard),
           TSEAL_OUT_OF_RANGE);
    EXPECT(tseal_default_reserve_ahead(), TSEAL_DEFAULT_RESERVE_AHEAD);
    EXPECT(tseal_guard_open((const uint8_t *)path, strlen(path), 1024, 10000, 1024, 16, 2, &guard), TSEAL_OK);
    EXPECT(tseal_guard_accept(guard, (const uint8_t *)stream, 36, 5, 1000, &state), TSEAL_OK);
    tseal_guard_free(guard);
    EXPECT(tseal_guard_open((const uint8_t *)path, strlen(path), 1024, 10000, 1024, 16, 2, &guard), TSEAL_OK);
    EXPECT(tseal_guard_accept(guard, (const uint8_t *)stream, 36, 7, 1000, &state), TSEAL_REPLAYED);
    EXPECT(tseal_guard_accept(guard, (const uint8_t *)stream, 36, 8, 1000, &state), TSEAL_OK);
    tseal_guard_free(guard);
    unlink(path);

    /* NULL frees are no-ops. */
    tseal_mac_key_free(NULL);
    tseal_keyring_free(NULL);
    tseal_mac_key_free(key);
    tseal_keyring_free(ring);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s <tests/vectors directory>\n", argv[0]);
        return 2;
    }
    printf("tradeseal %s (C ABI %u), C runner\n", tseal_version(), tseal_abi_version());
    run_vector_files(argv[1]);
    bad_input();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
