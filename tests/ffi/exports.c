/* The C exports that no tests/vectors file covers (their vectors would need every language's runner):
 * gap tracker, clock offset, master key, parse without verify, subscription ids and decimal text, the
 * guard's and signal verifier's stream queries, key ids and the smaller getters, sealing in place and the
 * message limit, Noise (handshake, stream frames, session queries, export / import, renewal, the peer check
 * callback, datagram export), hex, random bytes, generated keys and envelopes. Each is checked against
 * known values (from the tests/vectors files where one exists) and with bad input: NULL, zero length, a buffer too
 * small (which must report the size needed and write nothing) and numbers out of range.
 *
 * Portable C11, no POSIX: scripts/test-c.sh runs it on Linux (and under valgrind), scripts/test-mql5.sh
 * links it against tradeseal.dll and runs it under wine.
 *
 * Usage: exports_c. Closing line: "N passed, N failed"; exit status 1 on any failure. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tradeseal.h"

static int passed, failed;

static void check_at(int ok, const char *what, int line) {
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL line %d: %s\n", line, what);
    }
}
#define CHECK(cond) check_at((cond) != 0, #cond, __LINE__)

static void expect_at(tseal_status got, tseal_status want, const char *call, int line) {
    if (got == want) {
        passed++;
    } else {
        failed++;
        printf("FAIL line %d: %s gave %s, expected %s\n", line, call, tseal_status_name(got),
               tseal_status_name(want));
    }
}
#define EXPECT(call, want) expect_at((call), (want), #call, __LINE__)
/* A check described in words (string literals): `what` is checked, `detail` says what went wrong. */
#define CHECK_NAMED(cond, what, detail) check_at((cond) != 0, what ": " detail, __LINE__)

/* `hex` (the test's own decoder) into `out`, returning the length. */
static size_t unhex(const char *hex, uint8_t *out) {
    size_t n = strlen(hex) / 2;
    for (size_t i = 0; i < n; i++) {
        unsigned byte;
        if (sscanf(hex + 2 * i, "%2x", &byte) != 1) abort();
        out[i] = (uint8_t)byte;
    }
    return n;
}

/* Whether `len` bytes at `got` are the bytes of `hex`. */
static int same_hex(const uint8_t *got, size_t len, const char *hex) {
    uint8_t want[256];
    return unhex(hex, want) == len && memcmp(got, want, len) == 0;
}

/* Whether `len` bytes at `got` are the text `want`. */
static int same_text(const uint8_t *got, size_t len, const char *want) {
    return strlen(want) == len && memcmp(got, want, len) == 0;
}

#define TEXT(s) (const uint8_t *)(s), strlen(s)

static const char *const UUID_TEXT = "6f9619ff-8b86-d011-b42d-00c04fc964ff";
static const char *const UUID_HEX = "6f9619ff8b86d011b42d00c04fc964ff";
/* tests/vectors/kdf.json: the master key, context "channel-7", and its derivations. */
static const char *const MASTER = "4d545b626970777e858c939aa1a8afb6bdc4cbd2d9e0e7eef5fc030a11181f26";
static const char *const CONTEXT = "channel-7";
static const char *const DERIVED_MAC = "45166a5fb09b70587511ecaa821b1ad5d3a999bf067505ce1e21aaff0b2d0879";
static const char *const DERIVED_AES = "55287c199e0b43c0aa012a18296e7aadcdd6be51e53132e0546bb5487652fc12";
static const char *const DERIVED_ED25519 = "525350712923a4a21533fdc510b523c6d56d6e3a6c796ee52c32a44035f1b553";

static void constants(void) {
    CHECK(tseal_max_gap_ranges() == TSEAL_MAX_GAP_RANGES);
    CHECK(tseal_default_max_age_ms() == TSEAL_DEFAULT_MAX_AGE_MS && TSEAL_DEFAULT_MAX_AGE_MS == 60000);
    CHECK(tseal_default_max_future_ms() == TSEAL_DEFAULT_MAX_FUTURE_MS && TSEAL_DEFAULT_MAX_FUTURE_MS == 5000);
    CHECK(tseal_max_decimals() == TSEAL_MAX_DECIMALS && TSEAL_MAX_DECIMALS == 18);
    CHECK(tseal_subscription_id_bytes() == TSEAL_SUBSCRIPTION_ID_BYTES && TSEAL_SUBSCRIPTION_ID_BYTES == 16);
    CHECK(tseal_min_master_key_bytes() == TSEAL_MIN_MASTER_KEY_BYTES && TSEAL_MIN_MASTER_KEY_BYTES == 32);
    CHECK(tseal_min_salt_bytes() == TSEAL_MIN_SALT_BYTES && TSEAL_MIN_SALT_BYTES == 16);
    CHECK(tseal_ed25519_seed_bytes() == TSEAL_ED25519_SEED_BYTES);
    uint32_t memory_kib = 0, passes = 0, lanes = 0;
    EXPECT(tseal_password_params_default(&memory_kib, &passes, &lanes), TSEAL_OK);
    CHECK(memory_kib == 65536 && passes == 3 && lanes == 4);
    EXPECT(tseal_password_params_default(&memory_kib, NULL, &lanes), TSEAL_NULL_POINTER);
}

static void subscription_ids(void) {
    uint8_t id[TSEAL_SUBSCRIPTION_ID_BYTES], text[64];
    size_t len = sizeof id;
    EXPECT(tseal_subscription_id_parse(TEXT("6F9619FF-8B86-D011-B42D-00C04FC964FF"), id, &len), TSEAL_OK);
    CHECK(same_hex(id, len, UUID_HEX));
    len = sizeof text;
    EXPECT(tseal_subscription_id_format(id, sizeof id, text, &len), TSEAL_OK);
    CHECK(same_text(text, len, UUID_TEXT));

    len = sizeof id;
    EXPECT(tseal_subscription_id_parse(TEXT(UUID_HEX), id, &len), TSEAL_INVALID_UUID);
    EXPECT(tseal_subscription_id_parse(TEXT("6f9619ff-8b86-d011-b42d-00c04fc964fg"), id, &len), TSEAL_INVALID_UUID);
    EXPECT(tseal_subscription_id_parse(NULL, 0, id, &len), TSEAL_INVALID_UUID);
    EXPECT(tseal_subscription_id_parse(NULL, 36, id, &len), TSEAL_NULL_POINTER);
    EXPECT(tseal_subscription_id_parse(TEXT(UUID_TEXT), id, NULL), TSEAL_NULL_POINTER);
    len = 0; /* size query */
    EXPECT(tseal_subscription_id_parse(TEXT(UUID_TEXT), NULL, &len), TSEAL_BUFFER_TOO_SMALL);
    CHECK(len == TSEAL_SUBSCRIPTION_ID_BYTES);

    len = sizeof text;
    EXPECT(tseal_subscription_id_format(id, 15, text, &len), TSEAL_INVALID_LENGTH);
    EXPECT(tseal_subscription_id_format(NULL, 0, text, &len), TSEAL_INVALID_LENGTH);
    EXPECT(tseal_subscription_id_format(NULL, 16, text, &len), TSEAL_NULL_POINTER);
    memset(text, 0x55, sizeof text);
    len = TSEAL_SUBSCRIPTION_ID_TEXT_BYTES - 1;
    EXPECT(tseal_subscription_id_format(id, sizeof id, text, &len), TSEAL_BUFFER_TOO_SMALL);
    CHECK(len == TSEAL_SUBSCRIPTION_ID_TEXT_BYTES && text[0] == 0x55);
}

static void decimals(void) {
    uint8_t text[32];
    size_t len = sizeof text;
    EXPECT(tseal_decimal_format(108500, 5, text, &len), TSEAL_OK);
    CHECK(same_text(text, len, "1.08500"));
    len = sizeof text;
    EXPECT(tseal_decimal_format(150, 3, text, &len), TSEAL_OK);
    CHECK(same_text(text, len, "0.150"));
    len = sizeof text;
    EXPECT(tseal_decimal_format(7, 0, text, &len), TSEAL_OK);
    CHECK(same_text(text, len, "7"));
    len = sizeof text;
    EXPECT(tseal_decimal_format(INT64_MAX, 18, text, &len), TSEAL_OK);
    CHECK(same_text(text, len, "9.223372036854775807"));
    int64_t units = 0;
    uint8_t places = 0;
    EXPECT(tseal_decimal_parse(text, len, &units, &places), TSEAL_OK);
    CHECK(units == INT64_MAX && places == 18);

    len = sizeof text;
    EXPECT(tseal_decimal_format(-1, 2, text, &len), TSEAL_INVALID_NUMBER);
    EXPECT(tseal_decimal_format(1, 19, text, &len), TSEAL_INVALID_NUMBER);
    EXPECT(tseal_decimal_format(1, 2, text, NULL), TSEAL_NULL_POINTER);
    len = 3;
    memset(text, 0x55, sizeof text);
    EXPECT(tseal_decimal_format(108500, 5, text, &len), TSEAL_BUFFER_TOO_SMALL);
    CHECK(len == 7 && text[0] == 0x55);
}

static void gap_tracker(void) {
    tseal_gap_tracker *gaps = NULL;
    uint8_t state = 0xff;
    uint64_t ranges[2 * TSEAL_MAX_GAP_RANGES], highest = 0, missing = 0;
    size_t len;
    EXPECT(tseal_gap_tracker_new(10000, 1024, &gaps), TSEAL_OK);
    EXPECT(tseal_gap_tracker_record(gaps, 1, 1000, &state), TSEAL_OK);
    CHECK(state == TSEAL_STREAM_STATE_NORMAL);
    EXPECT(tseal_gap_tracker_record(gaps, 2, 1000, &state), TSEAL_OK);
    EXPECT(tseal_gap_tracker_record(gaps, 5, 1000, &state), TSEAL_OK);
    CHECK(state == TSEAL_STREAM_STATE_GAP);
    EXPECT(tseal_gap_tracker_record(gaps, 9, 1000, &state), TSEAL_OK);
    len = sizeof ranges / sizeof *ranges;
    EXPECT(tseal_gap_tracker_missing(gaps, ranges, &len), TSEAL_OK);
    CHECK(len == 4 && ranges[0] == 3 && ranges[1] == 4 && ranges[2] == 6 && ranges[3] == 8);
    EXPECT(tseal_gap_tracker_progress(gaps, &highest, &missing), TSEAL_OK);
    CHECK(highest == 9 && missing == 5);
    len = 3; /* too small: nothing written, 4 needed */
    ranges[0] = 0;
    EXPECT(tseal_gap_tracker_missing(gaps, ranges, &len), TSEAL_BUFFER_TOO_SMALL);
    CHECK(len == 4 && ranges[0] == 0);
    len = 0;
    EXPECT(tseal_gap_tracker_missing(gaps, NULL, &len), TSEAL_BUFFER_TOO_SMALL);
    CHECK(len == 4);
    EXPECT(tseal_gap_tracker_record(gaps, 3, 1000, &state), TSEAL_OK);
    EXPECT(tseal_gap_tracker_record(gaps, 4, 1000, &state), TSEAL_OK);
    EXPECT(tseal_gap_tracker_record(gaps, 6, 1000, &state), TSEAL_OK);
    EXPECT(tseal_gap_tracker_record(gaps, 7, 1000, &state), TSEAL_OK);
    EXPECT(tseal_gap_tracker_record(gaps, 8, 1000, &state), TSEAL_OK);
    CHECK(state == TSEAL_STREAM_STATE_NORMAL);

    /* A gap older than max_gap_age_ms degrades the stream until a resync. */
    EXPECT(tseal_gap_tracker_record(gaps, 11, 2000, &state), TSEAL_OK);
    EXPECT(tseal_gap_tracker_check(gaps, 12000), TSEAL_OK);
    EXPECT(tseal_gap_tracker_state(gaps, 12001, &state), TSEAL_OK);
    CHECK(state == TSEAL_STREAM_STATE_DEGRADED);
    EXPECT(tseal_gap_tracker_check(gaps, 12001), TSEAL_STREAM_DEGRADED);
    EXPECT(tseal_gap_tracker_record(gaps, 12, 12001, &state), TSEAL_STREAM_DEGRADED);
    EXPECT(tseal_gap_tracker_resync(gaps), TSEAL_OK);
    EXPECT(tseal_gap_tracker_state(gaps, 12001, &state), TSEAL_OK);
    CHECK(state == TSEAL_STREAM_STATE_NORMAL);
    len = sizeof ranges / sizeof *ranges;
    EXPECT(tseal_gap_tracker_missing(gaps, ranges, &len), TSEAL_OK);
    CHECK(len == 0);

    EXPECT(tseal_gap_tracker_record(NULL, 1, 0, &state), TSEAL_NULL_POINTER);
    EXPECT(tseal_gap_tracker_record(gaps, 13, 0, NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_gap_tracker_state(gaps, 0, NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_gap_tracker_check(NULL, 0), TSEAL_NULL_POINTER);
    EXPECT(tseal_gap_tracker_resync(NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_gap_tracker_progress(gaps, NULL, &missing), TSEAL_NULL_POINTER);
    EXPECT(tseal_gap_tracker_missing(gaps, ranges, NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_gap_tracker_new(10000, 1024, NULL), TSEAL_NULL_POINTER);
    tseal_gap_tracker_free(gaps);
    tseal_gap_tracker_free(NULL);

    /* Expecting 1 after 0 (a FIX session), and too many missing numbers at once. */
    EXPECT(tseal_gap_tracker_new_after(10000, 2, 0, &gaps), TSEAL_OK);
    EXPECT(tseal_gap_tracker_record(gaps, 3, 0, &state), TSEAL_OK);
    CHECK(state == TSEAL_STREAM_STATE_GAP);
    len = sizeof ranges / sizeof *ranges;
    EXPECT(tseal_gap_tracker_missing(gaps, ranges, &len), TSEAL_OK);
    CHECK(len == 2 && ranges[0] == 1 && ranges[1] == 2);
    EXPECT(tseal_gap_tracker_record(gaps, 7, 0, &state), TSEAL_STREAM_DEGRADED);
    EXPECT(tseal_gap_tracker_progress(gaps, &highest, &missing), TSEAL_OK);
    CHECK(highest == 7 && missing == 5);
    tseal_gap_tracker_free(gaps);
    EXPECT(tseal_gap_tracker_new_after(10000, 2, UINT64_MAX, &gaps), TSEAL_OK);
    EXPECT(tseal_gap_tracker_progress(gaps, &highest, &missing), TSEAL_OK);
    CHECK(highest == UINT64_MAX && missing == 0);
    tseal_gap_tracker_free(gaps);
}

static void clock_offset(void) {
    tseal_clock_offset *offset = NULL;
    uint8_t known = 0xff;
    int64_t estimate = -1;
    EXPECT(tseal_clock_offset_new(&offset), TSEAL_OK);
    EXPECT(tseal_clock_offset_estimate(offset, &known, &estimate), TSEAL_OK);
    CHECK(known == 0 && estimate == 0);
    EXPECT(tseal_clock_offset_observe(offset, 1000, 1250), TSEAL_OK);
    EXPECT(tseal_clock_offset_estimate(offset, &known, &estimate), TSEAL_OK);
    CHECK(known == 1 && estimate == 250);
    /* RFC 6298 smoothing with gain 1/8, rounding toward zero: 250 + (90 - 250) / 8 = 230. */
    EXPECT(tseal_clock_offset_observe(offset, 2000, 2090), TSEAL_OK);
    EXPECT(tseal_clock_offset_estimate(offset, &known, &estimate), TSEAL_OK);
    CHECK(estimate == 230);
    /* A peer clock ahead of ours: 230 + (-1000 - 230) / 8 = 77. */
    EXPECT(tseal_clock_offset_observe(offset, 5000, 4000), TSEAL_OK);
    EXPECT(tseal_clock_offset_estimate(offset, &known, &estimate), TSEAL_OK);
    CHECK(estimate == 77);
    tseal_clock_offset_free(offset);

    /* Out-of-range samples saturate instead of wrapping. */
    EXPECT(tseal_clock_offset_new(&offset), TSEAL_OK);
    EXPECT(tseal_clock_offset_observe(offset, UINT64_MAX, 0), TSEAL_OK);
    EXPECT(tseal_clock_offset_estimate(offset, &known, &estimate), TSEAL_OK);
    CHECK(known == 1 && estimate == INT64_MIN);

    EXPECT(tseal_clock_offset_new(NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_clock_offset_observe(NULL, 0, 0), TSEAL_NULL_POINTER);
    EXPECT(tseal_clock_offset_estimate(offset, NULL, &estimate), TSEAL_NULL_POINTER);
    EXPECT(tseal_clock_offset_estimate(offset, &known, NULL), TSEAL_NULL_POINTER);
    tseal_clock_offset_free(offset);
    tseal_clock_offset_free(NULL);

    uint64_t oldest = 1;
    EXPECT(tseal_time_window_oldest(60000, 5000, 100000, &oldest), TSEAL_OK);
    CHECK(oldest == 40000);
    EXPECT(tseal_time_window_oldest(60000, 5000, 1000, &oldest), TSEAL_OK);
    CHECK(oldest == 0);
    EXPECT(tseal_time_window_oldest(60000, 5000, 1000, NULL), TSEAL_NULL_POINTER);
}

/* The tag of "msg" under `key`, compared with the tag under a key made from `key_hex`. */
static int same_mac_key(const tseal_mac_key *key, const char *key_hex) {
    uint8_t bytes[32], a[TSEAL_MAC_TAG_BYTES], b[TSEAL_MAC_TAG_BYTES];
    size_t a_len = sizeof a, b_len = sizeof b;
    tseal_mac_key *reference = NULL;
    int same = tseal_mac_key_new(bytes, unhex(key_hex, bytes), &reference) == TSEAL_OK &&
               tseal_mac_sign(key, TEXT("msg"), a, &a_len) == TSEAL_OK &&
               tseal_mac_sign(reference, TEXT("msg"), b, &b_len) == TSEAL_OK && a_len == b_len &&
               memcmp(a, b, a_len) == 0;
    tseal_mac_key_free(reference);
    return same;
}

static void master_key(void) {
    uint8_t master_bytes[32], out[64], sealed[128], opened[16], public_key[32];
    size_t master_len = unhex(MASTER, master_bytes), len;
    tseal_master_key *master = NULL;
    EXPECT(tseal_master_key_new(master_bytes, master_len, &master), TSEAL_OK);

    EXPECT(tseal_master_key_derive(master, TEXT("tradeseal/mac"), TEXT(CONTEXT), out, 32), TSEAL_OK);
    CHECK(same_hex(out, 32, DERIVED_MAC));
    tseal_mac_key *mac = NULL;
    EXPECT(tseal_master_key_mac_key(master, TEXT(CONTEXT), &mac), TSEAL_OK);
    CHECK(same_mac_key(mac, DERIVED_MAC));
    tseal_mac_key_free(mac);

    /* The derived AEAD key opens what a key imported from the known derivation sealed. */
    tseal_sealing_key *derived = NULL, *reference = NULL;
    EXPECT(tseal_master_key_sealing_key(master, TSEAL_AEAD_AES_256_GCM, TEXT(CONTEXT), &derived), TSEAL_OK);
    EXPECT(tseal_sealing_key_new(TSEAL_AEAD_AES_256_GCM, out, unhex(DERIVED_AES, out), &reference), TSEAL_OK);
    len = sizeof sealed;
    EXPECT(tseal_aead_seal(reference, NULL, 0, TEXT("secret"), sealed, &len), TSEAL_OK);
    size_t opened_len = sizeof opened;
    EXPECT(tseal_aead_open(derived, NULL, 0, sealed, len, opened, &opened_len), TSEAL_OK);
    CHECK(same_text(opened, opened_len, "secret"));
    tseal_sealing_key_free(derived);
    tseal_sealing_key_free(reference);
    EXPECT(tseal_master_key_sealing_key(master, 9, TEXT(CONTEXT), &derived), TSEAL_UNSUPPORTED_ALGORITHM);

    /* The derived Ed25519 key has the public key of the known derived seed. */
    tseal_ed25519_key *signer = NULL, *expected = NULL;
    uint8_t expected_public[32];
    EXPECT(tseal_master_key_ed25519_key(master, NULL, 0, &signer), TSEAL_OK);
    EXPECT(tseal_ed25519_key_from_seed(out, unhex(DERIVED_ED25519, out), &expected), TSEAL_OK);
    len = sizeof public_key;
    EXPECT(tseal_ed25519_public_key(signer, public_key, &len), TSEAL_OK);
    size_t expected_len = sizeof expected_public;
    EXPECT(tseal_ed25519_public_key(expected, expected_public, &expected_len), TSEAL_OK);
    CHECK(len == 32 && expected_len == 32 && memcmp(public_key, expected_public, 32) == 0);
    tseal_ed25519_key_free(signer);
    tseal_ed25519_key_free(expected);

    EXPECT(tseal_master_key_derive(master, NULL, 0, NULL, 0, out, 32), TSEAL_INVALID_ARGUMENT);
    EXPECT(tseal_master_key_derive(master, NULL, 5, NULL, 0, out, 32), TSEAL_NULL_POINTER);
    EXPECT(tseal_master_key_derive(master, TEXT("x"), NULL, 0, NULL, 32), TSEAL_NULL_POINTER);
    EXPECT(tseal_master_key_derive(NULL, TEXT("x"), NULL, 0, out, 32), TSEAL_NULL_POINTER);
    EXPECT(tseal_master_key_derive(master, TEXT("x"), NULL, 0, NULL, 0), TSEAL_OK);
    EXPECT(tseal_master_key_mac_key(master, NULL, 0, NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_master_key_new(master_bytes, 31, &master), TSEAL_KEY_TOO_SHORT);
    EXPECT(tseal_master_key_new(NULL, 0, &master), TSEAL_KEY_TOO_SHORT);
    EXPECT(tseal_master_key_new(NULL, 32, &master), TSEAL_NULL_POINTER);
    tseal_master_key_free(master);
    tseal_master_key_free(NULL);

    EXPECT(tseal_master_key_generate(&master), TSEAL_OK);
    EXPECT(tseal_master_key_derive(master, TEXT("app/key"), NULL, 0, out, 64), TSEAL_OK);
    tseal_master_key_free(master);
    EXPECT(tseal_master_key_generate(NULL), TSEAL_NULL_POINTER);

    /* From a password: the master key of tests/vectors/kdf.json "argon2id-min-cost"'s output. */
    uint8_t salt[16], stretched[32];
    size_t salt_len = unhex("21282f363d444b525960676e757c838a", salt);
    const char *password = "correct horse battery staple";
    EXPECT(tseal_master_key_from_password(TEXT(password), salt, salt_len, 19456, 2, 1, &master), TSEAL_OK);
    tseal_master_key *reference_master = NULL;
    EXPECT(tseal_master_key_new(stretched,
                                unhex("f63bf0041967f5619ef5fc1eae9a56e4c7af308889ddd41d059347f1c2c056c3", stretched),
                                &reference_master),
           TSEAL_OK);
    uint8_t a[32], b[32];
    EXPECT(tseal_master_key_derive(master, TEXT("app/key"), NULL, 0, a, sizeof a), TSEAL_OK);
    EXPECT(tseal_master_key_derive(reference_master, TEXT("app/key"), NULL, 0, b, sizeof b), TSEAL_OK);
    CHECK(memcmp(a, b, sizeof a) == 0);
    tseal_master_key_free(master);
    tseal_master_key_free(reference_master);
    EXPECT(tseal_master_key_from_password(TEXT(password), salt, 15, 19456, 2, 1, &master), TSEAL_SALT_TOO_SHORT);
    EXPECT(tseal_master_key_from_password(TEXT(password), salt, 16, 1024, 2, 1, &master), TSEAL_OUT_OF_RANGE);
    EXPECT(tseal_master_key_from_password(TEXT(password), salt, 16, 19456, 2, 0, &master), TSEAL_OUT_OF_RANGE);
    EXPECT(tseal_master_key_from_password(NULL, 3, salt, 16, 19456, 2, 1, &master), TSEAL_NULL_POINTER);
}

static void parse_without_verify(void) {
    /* tests/vectors/frame.json "max-fields-rotated-key": key id 0x01020304, every number at its maximum. */
    static const char *const FRAME =
        "0101020304ffffffffffffffffffffffffffffffffffffffffffffffff00000040ababababababababababababababababab"
        "ababababababababababababababababababababababababababababababababababababababababababababababab5265bf"
        "f1ac451f27cdb170c54c2e65727da10b61700d4cf757bc5b9799035bd7";
    uint8_t frame[256];
    size_t frame_len = unhex(FRAME, frame);
    uint32_t key_id = 0;
    uint64_t stream_id = 0, sequence = 0;
    EXPECT(tseal_frame_parse(frame, frame_len, TSEAL_MAX_FRAME_PAYLOAD, &key_id, &stream_id), TSEAL_OK);
    CHECK(key_id == 0x01020304 && stream_id == UINT64_MAX);
    frame[frame_len - 1] ^= 1; /* not verified: a bad tag still parses */
    EXPECT(tseal_frame_parse(frame, frame_len, TSEAL_MAX_FRAME_PAYLOAD, &key_id, &stream_id), TSEAL_OK);
    EXPECT(tseal_frame_parse(frame, frame_len - 1, TSEAL_MAX_FRAME_PAYLOAD, &key_id, &stream_id), TSEAL_TRUNCATED);
    EXPECT(tseal_frame_parse(frame, frame_len, 63, &key_id, &stream_id), TSEAL_FRAME_TOO_LARGE);
    EXPECT(tseal_frame_parse(frame, frame_len, TSEAL_MAX_FRAME_PAYLOAD + 1, &key_id, &stream_id),
           TSEAL_INVALID_ARGUMENT);
    EXPECT(tseal_frame_parse(NULL, 0, 64, &key_id, &stream_id), TSEAL_TRUNCATED);
    EXPECT(tseal_frame_parse(NULL, 5, 64, &key_id, &stream_id), TSEAL_NULL_POINTER);
    EXPECT(tseal_frame_parse(frame, frame_len, 64, NULL, &stream_id), TSEAL_NULL_POINTER);
    frame[0] = 2;
    EXPECT(tseal_frame_parse(frame, frame_len, 64, &key_id, &stream_id), TSEAL_UNSUPPORTED_VERSION);

    /* tests/vectors/signal.json "buy-eurusd". */
    static const char *const SIGNAL =
        "01000000016f9619ff8b86d011b42d00c04fc964ff000000000000002a0000018bcfe568000645555255534400000000000000"
        "000a02000000000001a65d05220992b6244a52a1c197358553b71d631c71f27f1f5d68c77009c2eec8de2f3c";
    uint8_t signal[256], id[64];
    size_t signal_len = unhex(SIGNAL, signal), id_len = sizeof id;
    EXPECT(tseal_signal_parse(signal, signal_len, &key_id, id, &id_len, &sequence), TSEAL_OK);
    CHECK(key_id == 1 && same_text(id, id_len, UUID_TEXT) && sequence == 42);
    id_len = 10;
    id[0] = 0x55;
    EXPECT(tseal_signal_parse(signal, signal_len, &key_id, id, &id_len, &sequence), TSEAL_BUFFER_TOO_SMALL);
    CHECK(id_len == TSEAL_SUBSCRIPTION_ID_TEXT_BYTES && id[0] == 0x55);
    id_len = sizeof id;
    EXPECT(tseal_signal_parse(signal, signal_len - 1, &key_id, id, &id_len, &sequence), TSEAL_TRUNCATED);
    EXPECT(tseal_signal_parse(NULL, 0, &key_id, id, &id_len, &sequence), TSEAL_TRUNCATED);
    EXPECT(tseal_signal_parse(signal, signal_len, &key_id, id, &id_len, NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_signal_parse(signal, signal_len, &key_id, id, NULL, &sequence), TSEAL_NULL_POINTER);
}

static void streams(void) {
    static const char *const STREAM = "6f9619ff-8b86-d011-b42d-00c04fc964ff";
    tseal_guard *guard = NULL;
    uint8_t state = 0, known = 0xff;
    int64_t offset = -1;
    size_t streams = 9;
    EXPECT(tseal_guard_new(64, 10000, 1024, 16, &guard), TSEAL_OK);
    EXPECT(tseal_guard_clock_offset(guard, TEXT(STREAM), &known, &offset), TSEAL_OK);
    CHECK(known == 0 && offset == 0);
    EXPECT(tseal_guard_len(guard, &streams), TSEAL_OK);
    CHECK(streams == 0);
    EXPECT(tseal_guard_check(guard, TEXT(STREAM), 1, 1000), TSEAL_OK);
    EXPECT(tseal_guard_check(guard, TEXT(STREAM), 1, 1000), TSEAL_OK); /* a check records nothing */
    EXPECT(tseal_guard_accept_sent_at(guard, TEXT(STREAM), 1, 1000, 1250, &state), TSEAL_OK);
    EXPECT(tseal_guard_check(guard, TEXT(STREAM), 1, 1000), TSEAL_REPLAYED);
    EXPECT(tseal_guard_check(guard, TEXT(STREAM), 0, 1000), TSEAL_INVALID_SEQUENCE);
    EXPECT(tseal_guard_check(guard, NULL, 36, 1, 1000), TSEAL_NULL_POINTER);
    EXPECT(tseal_guard_check(NULL, TEXT(STREAM), 1, 1000), TSEAL_NULL_POINTER);
    EXPECT(tseal_guard_accept_sent_at(guard, TEXT(STREAM), 1, 1000, 1250, &state), TSEAL_REPLAYED);
    EXPECT(tseal_guard_accept(guard, TEXT(STREAM), 2, 1300, &state), TSEAL_OK);
    EXPECT(tseal_guard_clock_offset(guard, TEXT(STREAM), &known, &offset), TSEAL_OK);
    CHECK(known == 1 && offset == 250);
    EXPECT(tseal_guard_len(guard, &streams), TSEAL_OK);
    CHECK(streams == 1);
    EXPECT(tseal_guard_accept_sent_at(guard, TEXT("not-a-uuid"), 1, 0, 0, &state), TSEAL_INVALID_UUID);
    EXPECT(tseal_guard_accept_sent_at(guard, TEXT(STREAM), 0, 0, 0, &state), TSEAL_INVALID_SEQUENCE);
    EXPECT(tseal_guard_clock_offset(guard, TEXT(STREAM), NULL, &offset), TSEAL_NULL_POINTER);
    EXPECT(tseal_guard_len(NULL, &streams), TSEAL_NULL_POINTER);
    EXPECT(tseal_guard_len(guard, NULL), TSEAL_NULL_POINTER);
    tseal_guard_free(guard);

    /* The signal verifier's own guard: signals 1 and 4 of a subscription leave 2..3 missing. */
    static const uint64_t NOW = 1700000000000ULL;
    uint8_t key[32] = {7}, signed_signal[TSEAL_MAX_SIGNED_SIGNAL_BYTES], id[64], symbol[64];
    tseal_keyring *ring = NULL;
    tseal_signal_verifier *verifier = NULL;
    EXPECT(tseal_keyring_new(&ring), TSEAL_OK);
    EXPECT(tseal_keyring_insert(ring, 3, key, sizeof key), TSEAL_OK);
    EXPECT(tseal_keyring_promote(ring, 3), TSEAL_OK);
    EXPECT(tseal_signal_verifier_new(60000, 5000, 100, 0, 64, 10000, 1024, 16, &verifier), TSEAL_OK);
    uint64_t sequences[] = {1, 4};
    for (size_t i = 0; i < 2; i++) {
        size_t len = sizeof signed_signal, id_len = sizeof id, symbol_len = sizeof symbol;
        uint32_t key_id;
        uint64_t seq, generated;
        uint8_t order_type, volume_decimals, price_decimals;
        int64_t volume_units, price_units;
        EXPECT(tseal_signal_sign(ring, TEXT(STREAM), sequences[i], NOW - 40, TEXT("EURUSD"), 0, 10, 2, 108125, 5,
                                 signed_signal, &len),
               TSEAL_OK);
        EXPECT(tseal_signal_verifier_verify(verifier, ring, signed_signal, len, NOW, &key_id, id, &id_len, &seq,
                                            &generated, symbol, &symbol_len, &order_type, &volume_units,
                                            &volume_decimals, &price_units, &price_decimals),
               TSEAL_OK);
    }
    uint64_t ranges[2 * TSEAL_MAX_GAP_RANGES];
    size_t len = sizeof ranges / sizeof *ranges;
    EXPECT(tseal_signal_verifier_state(verifier, TEXT(STREAM), NOW, &state), TSEAL_OK);
    CHECK(state == TSEAL_STREAM_STATE_GAP);
    EXPECT(tseal_signal_verifier_missing(verifier, TEXT(STREAM), ranges, &len), TSEAL_OK);
    CHECK(len == 2 && ranges[0] == 2 && ranges[1] == 3);
    len = 1;
    EXPECT(tseal_signal_verifier_missing(verifier, TEXT(STREAM), ranges, &len), TSEAL_BUFFER_TOO_SMALL);
    CHECK(len == 2);
    EXPECT(tseal_signal_verifier_clock_offset(verifier, TEXT(STREAM), &known, &offset), TSEAL_OK);
    CHECK(known == 1 && offset == 40);
    EXPECT(tseal_signal_verifier_resync(verifier, TEXT(STREAM)), TSEAL_OK);
    EXPECT(tseal_signal_verifier_state(verifier, TEXT(STREAM), NOW, &state), TSEAL_OK);
    CHECK(state == TSEAL_STREAM_STATE_NORMAL);
    EXPECT(tseal_signal_verifier_state(NULL, TEXT(STREAM), NOW, &state), TSEAL_NULL_POINTER);
    EXPECT(tseal_signal_verifier_state(verifier, NULL, 36, NOW, &state), TSEAL_NULL_POINTER);
    EXPECT(tseal_signal_verifier_missing(verifier, TEXT(STREAM), NULL, &len), TSEAL_NULL_POINTER);
    EXPECT(tseal_signal_verifier_resync(verifier, NULL, 0), TSEAL_INVALID_UUID);
    EXPECT(tseal_signal_verifier_clock_offset(verifier, TEXT(STREAM), &known, NULL), TSEAL_NULL_POINTER);
    tseal_signal_verifier_free(verifier);
    tseal_keyring_free(ring);
}

static void keys(void) {
    uint8_t key[32] = {1};
    uint32_t ids[4] = {0};
    size_t len;
    tseal_keyring *ring = NULL;
    EXPECT(tseal_keyring_new(&ring), TSEAL_OK);
    len = 4;
    EXPECT(tseal_keyring_ids(ring, ids, &len), TSEAL_OK);
    CHECK(len == 0);
    EXPECT(tseal_keyring_insert(ring, 3, key, sizeof key), TSEAL_OK);
    EXPECT(tseal_keyring_insert(ring, 9, key, sizeof key), TSEAL_OK);
    EXPECT(tseal_keyring_insert(ring, 5, key, sizeof key), TSEAL_OK);
    len = 4;
    EXPECT(tseal_keyring_ids(ring, ids, &len), TSEAL_OK);
    CHECK(len == 3 && ids[0] == 3 && ids[1] == 9 && ids[2] == 5);
    len = 2;
    ids[0] = 0;
    EXPECT(tseal_keyring_ids(ring, ids, &len), TSEAL_BUFFER_TOO_SMALL);
    CHECK(len == 3 && ids[0] == 0);
    EXPECT(tseal_keyring_ids(ring, ids, NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_keyring_ids(NULL, ids, &len), TSEAL_NULL_POINTER);
    tseal_keyring_free(ring);

    tseal_sealing_keyring *sealing = NULL;
    uint32_t primary = 0;
    EXPECT(tseal_sealing_keyring_new(&sealing), TSEAL_OK);
    EXPECT(tseal_sealing_keyring_primary_id(sealing, &primary), TSEAL_NO_PRIMARY_KEY);
    EXPECT(tseal_sealing_keyring_insert(sealing, 7, TSEAL_AEAD_CHACHA20_POLY1305, key, sizeof key), TSEAL_OK);
    EXPECT(tseal_sealing_keyring_insert(sealing, 8, TSEAL_AEAD_AES_256_GCM, key, sizeof key), TSEAL_OK);
    EXPECT(tseal_sealing_keyring_promote(sealing, 8), TSEAL_OK);
    EXPECT(tseal_sealing_keyring_primary_id(sealing, &primary), TSEAL_OK);
    CHECK(primary == 8);
    len = 0;
    EXPECT(tseal_sealing_keyring_ids(sealing, NULL, &len), TSEAL_BUFFER_TOO_SMALL);
    CHECK(len == 2);
    EXPECT(tseal_sealing_keyring_ids(sealing, ids, &len), TSEAL_OK);
    CHECK(len == 2 && ids[0] == 7 && ids[1] == 8);
    EXPECT(tseal_sealing_keyring_primary_id(sealing, NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_sealing_keyring_primary_id(NULL, &primary), TSEAL_NULL_POINTER);
    tseal_sealing_keyring_free(sealing);

    /* A MAC key from hex: tests/vectors/mac.json "empty-message". */
    static const char *const KEY_HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    uint8_t tag[TSEAL_MAC_TAG_BYTES];
    tseal_mac_key *mac = NULL;
    EXPECT(tseal_mac_key_from_hex(TEXT("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"), &mac),
           TSEAL_OK);
    len = sizeof tag;
    EXPECT(tseal_mac_sign(mac, NULL, 0, tag, &len), TSEAL_OK);
    CHECK(same_hex(tag, len, "d38b42096d80f45f826b44a9d5607de72496a415d3f4a1a8c88e3bb9da8dc1cb"));
    tseal_mac_key_free(mac);
    EXPECT(tseal_mac_key_from_hex((const uint8_t *)KEY_HEX, 62, &mac), TSEAL_KEY_TOO_SHORT);
    EXPECT(tseal_mac_key_from_hex((const uint8_t *)KEY_HEX, 63, &mac), TSEAL_INVALID_HEX);
    EXPECT(tseal_mac_key_from_hex(TEXT("zz0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), &mac),
           TSEAL_INVALID_HEX);
    EXPECT(tseal_mac_key_from_hex(NULL, 0, &mac), TSEAL_KEY_TOO_SHORT);
    EXPECT(tseal_mac_key_from_hex(NULL, 64, &mac), TSEAL_NULL_POINTER);
    EXPECT(tseal_mac_key_from_hex(TEXT(KEY_HEX), NULL), TSEAL_NULL_POINTER);

    /* An Ed25519 key's seed: RFC 8032 test 1. */
    uint8_t seed[32], got[32];
    size_t seed_len = unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", seed);
    tseal_ed25519_key *signer = NULL;
    EXPECT(tseal_ed25519_key_from_seed(seed, seed_len, &signer), TSEAL_OK);
    len = sizeof got;
    EXPECT(tseal_ed25519_key_seed(signer, got, &len), TSEAL_OK);
    CHECK(len == 32 && memcmp(got, seed, 32) == 0);
    len = 31;
    got[0] = 0;
    EXPECT(tseal_ed25519_key_seed(signer, got, &len), TSEAL_BUFFER_TOO_SMALL);
    CHECK(len == 32 && got[0] == 0);
    EXPECT(tseal_ed25519_key_seed(NULL, got, &len), TSEAL_NULL_POINTER);
    EXPECT(tseal_ed25519_key_seed(signer, got, NULL), TSEAL_NULL_POINTER);
    tseal_ed25519_key_free(signer);
}

static void replay_and_limits(void) {
    tseal_replay_window *window = NULL;
    uint64_t top = 1;
    EXPECT(tseal_replay_window_new_after(64, 100, &window), TSEAL_OK);
    EXPECT(tseal_replay_window_top(window, &top), TSEAL_OK);
    CHECK(top == 100);
    EXPECT(tseal_replay_window_check(window, 100), TSEAL_REPLAYED);
    EXPECT(tseal_replay_window_check(window, 37), TSEAL_REPLAYED);
    EXPECT(tseal_replay_window_check(window, 101), TSEAL_OK);
    EXPECT(tseal_replay_window_commit(window, 103), TSEAL_OK);
    EXPECT(tseal_replay_window_top(window, &top), TSEAL_OK);
    CHECK(top == 103);
    EXPECT(tseal_replay_window_check(window, 102), TSEAL_OK);
    EXPECT(tseal_replay_window_top(window, NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_replay_window_top(NULL, &top), TSEAL_NULL_POINTER);
    tseal_replay_window_free(window);
    EXPECT(tseal_replay_window_new_after(63, 100, &window), TSEAL_OUT_OF_RANGE);
    EXPECT(tseal_replay_window_new_after(64, 100, NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_replay_window_new(64, &window), TSEAL_OK);
    EXPECT(tseal_replay_window_top(window, &top), TSEAL_OK);
    CHECK(top == 0);
    tseal_replay_window_free(window);

    tseal_nonce_cache *cache = NULL;
    size_t count = 9;
    EXPECT(tseal_nonce_cache_new(60000, 5000, 0, &cache), TSEAL_OUT_OF_RANGE);
    EXPECT(tseal_nonce_cache_new(60000, 5000, 2, &cache), TSEAL_OK);
    EXPECT(tseal_nonce_cache_len(cache, &count), TSEAL_OK);
    CHECK(count == 0);
    EXPECT(tseal_nonce_cache_check(cache, TEXT("api-key"), 100000, TEXT("n-1"), 100000), TSEAL_OK);
    EXPECT(tseal_nonce_cache_check(cache, TEXT("api-key"), 100000, TEXT("n-1"), 100000), TSEAL_OK);
    EXPECT(tseal_nonce_cache_insert(cache, TEXT("api-key"), 100000, TEXT("n-1"), 100000), TSEAL_OK);
    EXPECT(tseal_nonce_cache_check(cache, TEXT("api-key"), 100000, TEXT("n-1"), 100000), TSEAL_NONCE_REUSED);
    EXPECT(tseal_nonce_cache_check(cache, TEXT("other"), 100000, TEXT("n-1"), 100000), TSEAL_OK);
    EXPECT(tseal_nonce_cache_check(cache, TEXT("api-key"), 39999, TEXT("n-2"), 100000), TSEAL_STALE);
    EXPECT(tseal_nonce_cache_check(cache, TEXT("api-key"), 105001, TEXT("n-2"), 100000), TSEAL_FROM_FUTURE);
    EXPECT(tseal_nonce_cache_check(cache, NULL, 0, 100000, NULL, 0, 100000), TSEAL_OK);
    EXPECT(tseal_nonce_cache_check(cache, NULL, 3, 100000, NULL, 0, 100000), TSEAL_NULL_POINTER);
    EXPECT(tseal_nonce_cache_len(cache, &count), TSEAL_OK);
    CHECK(count == 1);
    /* Room for two nonces in total: a third is refused until both (stamped 100000) leave the 60 s window,
       then both are dropped for it. */
    EXPECT(tseal_nonce_cache_insert(cache, TEXT("other"), 100000, TEXT("n-1"), 100000), TSEAL_OK);
    EXPECT(tseal_nonce_cache_insert(cache, TEXT("third"), 100000, TEXT("n-1"), 100000), TSEAL_NONCE_CACHE_FULL);
    EXPECT(tseal_nonce_cache_insert(cache, TEXT("third"), 160000, TEXT("n-1"), 160000), TSEAL_NONCE_CACHE_FULL);
    EXPECT(tseal_nonce_cache_insert(cache, TEXT("third"), 160001, TEXT("n-1"), 160001), TSEAL_OK);
    EXPECT(tseal_nonce_cache_len(cache, &count), TSEAL_OK);
    CHECK(count == 1);
    EXPECT(tseal_nonce_cache_len(cache, NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_nonce_cache_check(NULL, NULL, 0, 100000, NULL, 0, 100000), TSEAL_NULL_POINTER);
    tseal_nonce_cache_free(cache);

    tseal_rate_limiter *limiter = NULL;
    EXPECT(tseal_rate_limiter_new(10, 2, 0, &limiter), TSEAL_OUT_OF_RANGE);
    EXPECT(tseal_rate_limiter_new(10, 2, 2, &limiter), TSEAL_OK);
    EXPECT(tseal_rate_limiter_tracked_keys(limiter, &count), TSEAL_OK);
    CHECK(count == 0);
    EXPECT(tseal_rate_limiter_acquire(limiter, TEXT("a"), 0), TSEAL_OK);
    EXPECT(tseal_rate_limiter_acquire(limiter, TEXT("b"), 0), TSEAL_OK);
    EXPECT(tseal_rate_limiter_acquire(limiter, TEXT("a"), 0), TSEAL_OK);
    EXPECT(tseal_rate_limiter_acquire(limiter, TEXT("a"), 0), TSEAL_RATE_LIMITED);
    /* Two keys tracked, none idle: a third is refused until b's bucket is full again (100 ms at 10/s), then b
       is dropped for it. */
    EXPECT(tseal_rate_limiter_acquire(limiter, TEXT("c"), 99), TSEAL_RATE_LIMITED);
    EXPECT(tseal_rate_limiter_acquire(limiter, TEXT("c"), 100), TSEAL_OK);
    EXPECT(tseal_rate_limiter_acquire(limiter, TEXT("b"), 100), TSEAL_RATE_LIMITED);
    EXPECT(tseal_rate_limiter_tracked_keys(limiter, &count), TSEAL_OK);
    CHECK(count == 2);
    EXPECT(tseal_rate_limiter_tracked_keys(limiter, NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_rate_limiter_tracked_keys(NULL, &count), TSEAL_NULL_POINTER);
    tseal_rate_limiter_free(limiter);
}

static void names_and_sizes(void) {
    uint8_t text[32];
    size_t len = sizeof text, n = 0;
    uint8_t value = 0xff;
    EXPECT(tseal_order_type_name(2, text, &len), TSEAL_OK);
    CHECK(same_text(text, len, "BUY_LIMIT"));
    EXPECT(tseal_order_type_parse(TEXT("SELL_STOP"), &value), TSEAL_OK);
    CHECK(value == 5);
    EXPECT(tseal_order_type_name(200, text, &len), TSEAL_INVALID_ORDER_TYPE);
    EXPECT(tseal_order_type_parse(TEXT("sell_stop"), &value), TSEAL_INVALID_ORDER_TYPE);
    EXPECT(tseal_order_type_parse(NULL, 0, &value), TSEAL_INVALID_ORDER_TYPE);
    EXPECT(tseal_order_type_parse(TEXT("BUY"), NULL), TSEAL_NULL_POINTER);
    len = 2;
    text[0] = 0x55;
    EXPECT(tseal_order_type_name(0, text, &len), TSEAL_BUFFER_TOO_SMALL);
    CHECK(len == 3 && text[0] == 0x55);

    EXPECT(tseal_symbol_check(TEXT("EURUSD")), TSEAL_OK);
    EXPECT(tseal_symbol_check(TEXT("EUR\nUSD")), TSEAL_INVALID_SYMBOL);
    EXPECT(tseal_symbol_check(TEXT("0123456789abcdef0123456789abcdef")), TSEAL_OK);
    EXPECT(tseal_symbol_check(TEXT("0123456789abcdef0123456789abcdef0")), TSEAL_INVALID_SYMBOL);
    EXPECT(tseal_symbol_check((const uint8_t *)"\xff", 1), TSEAL_INVALID_SYMBOL);
    EXPECT(tseal_symbol_check(NULL, 0), TSEAL_INVALID_SYMBOL);
    EXPECT(tseal_symbol_check(NULL, 1), TSEAL_NULL_POINTER);

    len = sizeof text;
    EXPECT(tseal_stream_state_name(TSEAL_STREAM_STATE_DEGRADED, text, &len), TSEAL_OK);
    CHECK(same_text(text, len, "DEGRADED"));
    len = sizeof text;
    EXPECT(tseal_stream_state_name(TSEAL_STREAM_STATE_GAP, text, &len), TSEAL_OK);
    CHECK(same_text(text, len, "GAP"));
    EXPECT(tseal_stream_state_name(3, text, &len), TSEAL_INVALID_ARGUMENT);
    EXPECT(tseal_stream_state_name(0, text, NULL), TSEAL_NULL_POINTER);

    EXPECT(tseal_aead_nonce_bytes(TSEAL_AEAD_AES_256_GCM, &n), TSEAL_OK);
    CHECK(n == 12);
    EXPECT(tseal_aead_nonce_bytes(TSEAL_AEAD_XCHACHA20_POLY1305, &n), TSEAL_OK);
    CHECK(n == 24);
    EXPECT(tseal_aead_nonce_bytes(0, &n), TSEAL_UNSUPPORTED_ALGORITHM);
    EXPECT(tseal_aead_nonce_bytes(1, NULL), TSEAL_NULL_POINTER);
    len = sizeof text;
    EXPECT(tseal_aead_algorithm_name(TSEAL_AEAD_CHACHA20_POLY1305, text, &len), TSEAL_OK);
    CHECK(same_text(text, len, "CHACHA20-POLY1305"));
    EXPECT(tseal_aead_algorithm_name(4, text, &len), TSEAL_UNSUPPORTED_ALGORITHM);
    tseal_sealing_key *key = NULL;
    EXPECT(tseal_sealing_key_generate(TSEAL_AEAD_XCHACHA20_POLY1305, &key), TSEAL_OK);
    EXPECT(tseal_sealing_key_algorithm(key, &value), TSEAL_OK);
    CHECK(value == TSEAL_AEAD_XCHACHA20_POLY1305);
    EXPECT(tseal_sealing_key_algorithm(key, NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_sealing_key_algorithm(NULL, &value), TSEAL_NULL_POINTER);
    tseal_sealing_key_free(key);

    CHECK(tseal_max_request_method_bytes() == TSEAL_MAX_REQUEST_METHOD_BYTES && TSEAL_MAX_REQUEST_METHOD_BYTES == 16);
    CHECK(tseal_max_request_path_bytes() == TSEAL_MAX_REQUEST_PATH_BYTES && TSEAL_MAX_REQUEST_PATH_BYTES == 2048);
    CHECK(tseal_max_request_nonce_bytes() == TSEAL_MAX_REQUEST_NONCE_BYTES && TSEAL_MAX_REQUEST_NONCE_BYTES == 64);
}

/* ---- Sealing keys (library nonces): in-place sealing, the message limit, a failed open wipes the output ---- */

static void sealing_key_checks(void) {
    static const uint8_t key_bytes[32] = {7}, plain[] = "BUY 1.00 EURUSD";
    enum { N = sizeof plain - 1 };
    const uint8_t algorithms[] = {TSEAL_AEAD_AES_256_GCM, TSEAL_AEAD_CHACHA20_POLY1305, TSEAL_AEAD_XCHACHA20_POLY1305};
    uint8_t sealed[N + 64], in_place[N + 64], out[N + 64];
    size_t len, out_len;
    for (size_t a = 0; a < sizeof algorithms; a++) {
        tseal_sealing_key *key = NULL;
        EXPECT(tseal_sealing_key_new(algorithms[a], key_bytes, sizeof key_bytes, &key), TSEAL_OK);
        size_t nonce_len = 0;
        EXPECT(tseal_aead_nonce_bytes(algorithms[a], &nonce_len), TSEAL_OK);
        size_t box_len = nonce_len + N + TSEAL_AEAD_TAG_BYTES;
        len = sizeof sealed;
        EXPECT(tseal_aead_seal(key, (const uint8_t *)"ad", 2, plain, N, sealed, &len), TSEAL_OK);
        CHECK_NAMED(len == box_len, "aead_seal length", "wrong");
        /* In place: the plaintext sits after room for the nonce; the result opens like a copied seal. */
        memcpy(in_place + nonce_len, plain, N);
        EXPECT(tseal_aead_seal_in_place(key, (const uint8_t *)"ad", 2, in_place, box_len), TSEAL_OK);
        CHECK_NAMED(memcmp(in_place + nonce_len, plain, N) != 0, "aead_seal_in_place encrypts", "plaintext left");
        out_len = sizeof out;
        EXPECT(tseal_aead_open(key, (const uint8_t *)"ad", 2, in_place, box_len, out, &out_len), TSEAL_OK);
        CHECK_NAMED(out_len == N && memcmp(out, plain, N) == 0, "aead_seal_in_place opens", "differs");
        EXPECT(tseal_aead_seal_in_place(key, NULL, 0, in_place, nonce_len + TSEAL_AEAD_TAG_BYTES - 1),
               TSEAL_BUFFER_TOO_SMALL);
        EXPECT(tseal_aead_seal_in_place(key, NULL, 0, NULL, box_len), TSEAL_NULL_POINTER);
        /* A failed open wipes the whole output buffer. */
        sealed[len - 1] ^= 1;
        memset(out, 0xAA, sizeof out);
        out_len = sizeof out;
        EXPECT(tseal_aead_open(key, (const uint8_t *)"ad", 2, sealed, len, out, &out_len), TSEAL_DECRYPT_FAILED);
        int wiped = out_len == 0;
        for (size_t i = 0; i < N; i++) wiped &= out[i] == 0;
        CHECK_NAMED(wiped, "failed aead_open wipes the output", "plaintext bytes left");
        /* The message limit (an empty message costs 1): reachable for a test, then every seal fails. */
        tseal_sealing_key_free(key);
        EXPECT(tseal_sealing_key_new(algorithms[a], key_bytes, sizeof key_bytes, &key), TSEAL_OK);
        EXPECT(tseal_sealing_key_set_limit_for_testing_only(key, 1), TSEAL_OK);
        len = sizeof sealed;
        EXPECT(tseal_aead_seal(key, NULL, 0, NULL, 0, sealed, &len), TSEAL_OK);
        len = sizeof sealed;
        EXPECT(tseal_aead_seal(key, NULL, 0, NULL, 0, sealed, &len), TSEAL_KEY_EXHAUSTED);
        memcpy(in_place + nonce_len, plain, N);
        EXPECT(tseal_aead_seal_in_place(key, NULL, 0, in_place, box_len), TSEAL_KEY_EXHAUSTED);
        CHECK_NAMED(memcmp(in_place + nonce_len, plain, N) == 0, "exhausted seal_in_place keeps the plaintext",
                    "changed");
        EXPECT(tseal_sealing_key_set_limit_for_testing_only(NULL, 0), TSEAL_NULL_POINTER);
        tseal_sealing_key_free(key);
    }
}

/* ---- Noise: an XX handshake and transport messages between two sessions (no vector file yet) ---- */

static void noise_round_trip(void) {
    static const char protocol[] = "Noise_XX_25519_ChaChaPoly_SHA256";
    uint8_t priv[2][TSEAL_NOISE_KEY_BYTES], pub[2][TSEAL_NOISE_KEY_BYTES], msg[256], out[256];
    size_t priv_len, pub_len, msg_len, out_len;
    tseal_noise_builder *builder[2] = {NULL, NULL};
    tseal_noise_session *session[2] = {NULL, NULL};
    for (int i = 0; i < 2; i++) {
        priv_len = pub_len = TSEAL_NOISE_KEY_BYTES;
        EXPECT(tseal_noise_keypair_generate(priv[i], &priv_len, pub[i], &pub_len), TSEAL_OK);
    }
    for (int i = 0; i < 2; i++) {
        EXPECT(tseal_noise_builder_new((const uint8_t *)protocol, sizeof protocol - 1, &builder[i]), TSEAL_OK);
        EXPECT(tseal_noise_builder_prologue(builder[i], (const uint8_t *)"demo", 4), TSEAL_OK);
        EXPECT(tseal_noise_builder_local_private_key(builder[i], priv[i], TSEAL_NOISE_KEY_BYTES), TSEAL_OK);
        EXPECT(tseal_noise_builder_allow_peer(builder[i], pub[1 - i], TSEAL_NOISE_KEY_BYTES), TSEAL_OK);
    }
    EXPECT(tseal_noise_builder_prologue(builder[0], (const uint8_t *)"x", 1), TSEAL_ALREADY_SET);
    EXPECT(tseal_noise_builder_transport_mode(builder[0], 0), TSEAL_INVALID_ARGUMENT);
    EXPECT(tseal_noise_builder_transport_mode(builder[0], TSEAL_NOISE_STREAM), TSEAL_OK);
    EXPECT(tseal_noise_builder_transport_mode(builder[0], TSEAL_NOISE_STREAM), TSEAL_ALREADY_SET);
    EXPECT(tseal_noise_builder_fixed_ephemeral_key_for_testing_only(builder[0], priv[0], 31), TSEAL_INVALID_LENGTH);
    uint64_t limits[4];
    EXPECT(tseal_noise_default_limits(&limits[0], &limits[1], &limits[2], NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_noise_default_limits(&limits[0], &limits[1], &limits[2], &limits[3]), TSEAL_OK);
    CHECK_NAMED(limits[0] == 3600000 && limits[1] == 1000 && limits[2] == 300000 && limits[3] == 100,
                "noise: default limits", "differ");
    EXPECT(tseal_noise_builder_limits(builder[0], limits[0], limits[1], limits[2], limits[3]), TSEAL_OK);
    EXPECT(tseal_noise_builder_build_initiator(builder[0], 1000, &session[0]), TSEAL_OK);
    EXPECT(tseal_noise_builder_build_responder(builder[1], 1000, &session[1]), TSEAL_OK);
    EXPECT(tseal_noise_builder_build_initiator(builder[0], 1000, &session[0]), TSEAL_WRONG_STATE);
    for (int turn = 0; turn < 3; turn++) { /* -> e; <- e, ee, s, es; -> s, se */
        int w = turn % 2;
        msg_len = sizeof msg;
        out_len = sizeof out;
        EXPECT(tseal_noise_session_write(session[w], 1000, NULL, 0, msg, &msg_len), TSEAL_OK);
        EXPECT(tseal_noise_session_read(session[1 - w], 1000, msg, msg_len, out, &out_len), TSEAL_OK);
    }
    uint8_t state, my_turn;
    EXPECT(tseal_noise_session_state(session[1], &state, &my_turn), TSEAL_OK);
    CHECK_NAMED(state == TSEAL_NOISE_TRANSPORT, "noise: responder in transport", "state");
    uint8_t hash[2][TSEAL_NOISE_KEY_BYTES];
    for (int i = 0; i < 2; i++) {
        size_t hash_len = TSEAL_NOISE_KEY_BYTES;
        EXPECT(tseal_noise_session_handshake_hash(session[i], hash[i], &hash_len), TSEAL_OK);
    }
    CHECK_NAMED(memcmp(hash[0], hash[1], TSEAL_NOISE_KEY_BYTES) == 0, "noise: handshake hashes match", "differ");
    msg_len = 5;
    EXPECT(tseal_noise_session_write(session[0], 1001, (const uint8_t *)"BUY 1", 5, msg, &msg_len),
           TSEAL_BUFFER_TOO_SMALL);
    CHECK_NAMED(msg_len == 5 + TSEAL_NOISE_MAX_OVERHEAD_BYTES, "noise: write reports the size", "wrong size");
    msg_len = sizeof msg;
    EXPECT(tseal_noise_session_write(session[0], 1001, (const uint8_t *)"BUY 1", 5, msg, &msg_len), TSEAL_OK);
    CHECK_NAMED(msg_len == 5 + 16, "noise: transport message length", "wrong length");
    msg[0] ^= 1;
    out_len = sizeof out;
    EXPECT(tseal_noise_session_read(session[1], 1001, msg, msg_len, out, &out_len), TSEAL_DECRYPT_FAILED);
    msg[0] ^= 1;
    out_len = sizeof out;
    EXPECT(tseal_noise_session_read(session[1], 1001, msg, msg_len, out, &out_len), TSEAL_OK);
    CHECK_NAMED(out_len == 5 && memcmp(out, "BUY 1", 5) == 0, "noise: payload", "differs");
    out_len = sizeof out;
    EXPECT(tseal_noise_session_read(session[1], 1001, msg, msg_len, out, &out_len), TSEAL_DECRYPT_FAILED);
    msg_len = sizeof msg;
    EXPECT(tseal_noise_session_write(session[0], 1001 + 3600000, NULL, 0, msg, &msg_len), TSEAL_SESSION_EXPIRED);
    EXPECT(tseal_noise_builder_new((const uint8_t *)"Noise_XX_448_ChaChaPoly_SHA256", 30, &builder[0]),
           TSEAL_UNSUPPORTED_ALGORITHM);
    for (int i = 0; i < 2; i++) {
        tseal_noise_session_free(session[i]);
        tseal_noise_builder_free(builder[i]);
    }
}

/* ---- Noise: stream frames, session queries, export / import and renewal ---- */

static void noise_frames(void) {
    uint8_t wire[16], out[16], has_frame = 9;
    size_t wire_len = sizeof wire, len, consumed;
    EXPECT(tseal_noise_encode_frame((const uint8_t *)"hello", 5, wire, &wire_len), TSEAL_OK);
    len = sizeof wire - wire_len;
    EXPECT(tseal_noise_encode_frame(NULL, 0, wire + wire_len, &len), TSEAL_OK); /* an empty frame */
    wire_len += len;
    CHECK_NAMED(wire_len == 9 && wire[0] == 0 && wire[1] == 5, "noise frames: encoding", "wrong bytes");
    tseal_noise_frame_decoder *d = NULL;
    EXPECT(tseal_noise_frame_decoder_new(NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_noise_frame_decoder_new(&d), TSEAL_OK);
    EXPECT(tseal_noise_frame_decoder_feed(d, NULL, 0, &consumed), TSEAL_OK);
    CHECK_NAMED(consumed == 0, "noise frames: a zero-length feed", "took bytes");
    EXPECT(tseal_noise_frame_decoder_feed(d, NULL, 1, &consumed), TSEAL_NULL_POINTER);
    EXPECT(tseal_noise_frame_decoder_feed(NULL, wire, 1, &consumed), TSEAL_NULL_POINTER);
    EXPECT(tseal_noise_frame_decoder_feed(d, wire, 1, NULL), TSEAL_NULL_POINTER);
    int early = 0;
    for (size_t i = 0; i < 6; i++) { /* the header and 4 of the 5 body bytes, one at a time */
        EXPECT(tseal_noise_frame_decoder_feed(d, wire + i, 1, &consumed), TSEAL_OK);
        len = sizeof out;
        EXPECT(tseal_noise_frame_decoder_take(d, out, &len, &has_frame), TSEAL_OK);
        early |= consumed != 1 || has_frame != 0 || len != 0;
    }
    CHECK_NAMED(!early, "noise frames: no frame before its last byte", "frame too early");
    EXPECT(tseal_noise_frame_decoder_feed(d, wire + 6, wire_len - 6, &consumed), TSEAL_OK);
    CHECK_NAMED(consumed == 1, "noise frames: feed stops at the end of a frame", "took more");
    EXPECT(tseal_noise_frame_decoder_feed(d, wire + 7, wire_len - 7, &consumed), TSEAL_OK);
    CHECK_NAMED(consumed == 0, "noise frames: a waiting frame blocks feeding", "took bytes");
    len = 4;
    EXPECT(tseal_noise_frame_decoder_take(d, out, &len, &has_frame), TSEAL_BUFFER_TOO_SMALL);
    CHECK_NAMED(len == 5, "noise frames: take reports the size", "wrong size");
    len = sizeof out;
    EXPECT(tseal_noise_frame_decoder_take(d, out, &len, NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_noise_frame_decoder_take(d, out, NULL, &has_frame), TSEAL_NULL_POINTER);
    EXPECT(tseal_noise_frame_decoder_take(d, out, &len, &has_frame), TSEAL_OK);
    CHECK_NAMED(has_frame == 1 && len == 5 && memcmp(out, "hello", 5) == 0, "noise frames: message", "differs");
    EXPECT(tseal_noise_frame_decoder_take(d, out, &len, &has_frame), TSEAL_OK);
    CHECK_NAMED(has_frame == 0, "noise frames: each frame is taken once", "taken twice");
    EXPECT(tseal_noise_frame_decoder_feed(d, wire + 7, wire_len - 7, &consumed), TSEAL_OK);
    len = 0; /* an empty message fits a zero-capacity buffer */
    EXPECT(tseal_noise_frame_decoder_take(d, NULL, &len, &has_frame), TSEAL_OK);
    CHECK_NAMED(consumed == 2 && has_frame == 1 && len == 0, "noise frames: empty frame", "not taken");
    tseal_noise_frame_decoder_free(d);
    tseal_noise_frame_decoder_free(NULL);
}

static const char noise_xx[] = "Noise_XX_25519_ChaChaPoly_SHA256";

/* An XX builder for `local` that allows `peer_public`; max age 10 s, 10 messages, no idle limit, `mode`. */
static tseal_noise_builder *noise_builder_in(uint8_t mode, const uint8_t *local, const uint8_t *peer_public) {
    tseal_noise_builder *b = NULL;
    EXPECT(tseal_noise_builder_new((const uint8_t *)noise_xx, sizeof noise_xx - 1, &b), TSEAL_OK);
    EXPECT(tseal_noise_builder_transport_mode(b, mode), TSEAL_OK);
    EXPECT(tseal_noise_builder_local_private_key(b, local, TSEAL_NOISE_KEY_BYTES), TSEAL_OK);
    EXPECT(tseal_noise_builder_allow_peer(b, peer_public, TSEAL_NOISE_KEY_BYTES), TSEAL_OK);
    EXPECT(tseal_noise_builder_limits(b, 10000, 10, 0, 4), TSEAL_OK);
    return b;
}

/* Two random static key pairs. */
static void noise_keypairs(uint8_t priv[2][TSEAL_NOISE_KEY_BYTES], uint8_t pub[2][TSEAL_NOISE_KEY_BYTES]) {
    for (int i = 0; i < 2; i++) {
        size_t priv_len = TSEAL_NOISE_KEY_BYTES, pub_len = TSEAL_NOISE_KEY_BYTES;
        EXPECT(tseal_noise_keypair_generate(priv[i], &priv_len, pub[i], &pub_len), TSEAL_OK);
    }
}

/* An initiator with key 0 and a responder with key 1 in `mode` (noise_builder_in), each allowing the other. */
static void noise_pair(uint8_t mode, uint8_t priv[2][TSEAL_NOISE_KEY_BYTES], uint8_t pub[2][TSEAL_NOISE_KEY_BYTES],
                       tseal_noise_session *s[2]) {
    for (int i = 0; i < 2; i++) {
        tseal_noise_builder *b = noise_builder_in(mode, priv[i], pub[1 - i]);
        EXPECT(i == 0 ? tseal_noise_builder_build_initiator(b, 0, &s[0]) : tseal_noise_builder_build_responder(b, 0, &s[1]),
               TSEAL_OK);
        tseal_noise_builder_free(b);
    }
}

/* One message with `payload` from `from` to `to`; the payload read lands in `out` (256 bytes). */
static tseal_status noise_send(tseal_noise_session *from, tseal_noise_session *to, uint64_t now,
                               const char *payload, uint8_t *out, size_t *out_len) {
    uint8_t wire[256];
    size_t wire_len = sizeof wire;
    tseal_status st = tseal_noise_session_write(from, now, (const uint8_t *)payload, strlen(payload), wire, &wire_len);
    *out_len = 256;
    return st != TSEAL_OK ? st : tseal_noise_session_read(to, now, wire, wire_len, out, out_len);
}

static void noise_xx_handshake(tseal_noise_session *initiator, tseal_noise_session *responder, uint64_t now) {
    uint8_t out[256];
    size_t len;
    EXPECT(noise_send(initiator, responder, now, "", out, &len), TSEAL_OK);
    EXPECT(noise_send(responder, initiator, now, "", out, &len), TSEAL_OK);
    EXPECT(noise_send(initiator, responder, now, "", out, &len), TSEAL_OK);
}

static void noise_lifecycle(void) {
    uint8_t priv[2][TSEAL_NOISE_KEY_BYTES], pub[2][TSEAL_NOISE_KEY_BYTES], out[256], flag, state, my_turn;
    size_t len;
    noise_keypairs(priv, pub);
    tseal_noise_session *s[2] = {NULL, NULL}, *restored = NULL, *fresh[2] = {NULL, NULL};
    noise_pair(TSEAL_NOISE_STREAM, priv, pub, s);
    tseal_noise_builder *b = NULL;

    len = sizeof out;
    EXPECT(tseal_noise_session_remote_static(s[0], out, &len), TSEAL_WRONG_STATE);
    EXPECT(tseal_noise_session_is_initiator(s[0], &flag), TSEAL_OK);
    CHECK_NAMED(flag == 1, "noise: initiator knows it", "says responder");
    EXPECT(tseal_noise_session_is_initiator(s[1], &flag), TSEAL_OK);
    CHECK_NAMED(flag == 0, "noise: responder knows it", "says initiator");
    EXPECT(tseal_noise_session_is_initiator(NULL, &flag), TSEAL_NULL_POINTER);
    EXPECT(tseal_noise_session_is_initiator(s[0], NULL), TSEAL_NULL_POINTER);
    len = 5;
    EXPECT(tseal_noise_session_protocol(s[0], out, &len), TSEAL_BUFFER_TOO_SMALL);
    CHECK_NAMED(len == sizeof noise_xx - 1, "noise: protocol reports the size", "wrong size");
    EXPECT(tseal_noise_session_protocol(s[0], out, &len), TSEAL_OK);
    CHECK_NAMED(memcmp(out, noise_xx, len) == 0, "noise: protocol name", "differs");
    noise_xx_handshake(s[0], s[1], 0);

    len = 0;
    EXPECT(tseal_noise_session_remote_static(s[0], NULL, &len), TSEAL_BUFFER_TOO_SMALL);
    CHECK_NAMED(len == TSEAL_NOISE_KEY_BYTES, "noise: remote static reports the size", "wrong size");
    EXPECT(tseal_noise_session_remote_static(s[0], out, &len), TSEAL_OK);
    CHECK_NAMED(len == TSEAL_NOISE_KEY_BYTES && memcmp(out, pub[1], len) == 0, "noise: remote static", "not the peer");
    EXPECT(tseal_noise_session_remote_static(s[0], out, NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_noise_session_is_near_expiry(s[0], 7999, &flag), TSEAL_OK);
    CHECK_NAMED(flag == 0, "noise: not near expiry at 79.99 %", "near");
    EXPECT(tseal_noise_session_is_near_expiry(s[0], 8000, &flag), TSEAL_OK);
    CHECK_NAMED(flag == 1, "noise: near expiry at 80 % of the age", "not near");
    EXPECT(tseal_noise_session_is_near_expiry(s[0], 0, NULL), TSEAL_NULL_POINTER);
    EXPECT(noise_send(s[0], s[1], 1, "before", out, &len), TSEAL_OK);

    /* Export: refused calls change nothing; a stream export is a hand-off. */
    static const uint8_t key[TSEAL_AEAD_KEY_BYTES] = {7}, other_key[TSEAL_AEAD_KEY_BYTES] = {8};
    tseal_sealing_keyring *ring = NULL, *other = NULL;
    EXPECT(tseal_sealing_keyring_new(&ring), TSEAL_OK);
    EXPECT(tseal_sealing_keyring_new(&other), TSEAL_OK);
    uint8_t saved[TSEAL_NOISE_EXPORT_MAX_BYTES];
    size_t saved_len = sizeof saved;
    EXPECT(tseal_noise_session_export(s[0], 2, ring, 0, saved, &saved_len), TSEAL_NO_PRIMARY_KEY);
    EXPECT(tseal_sealing_keyring_insert(ring, 1, TSEAL_AEAD_CHACHA20_POLY1305, key, sizeof key), TSEAL_OK);
    EXPECT(tseal_sealing_keyring_promote(ring, 1), TSEAL_OK);
    EXPECT(tseal_sealing_keyring_insert(other, 1, TSEAL_AEAD_CHACHA20_POLY1305, other_key, sizeof key), TSEAL_OK);
    EXPECT(tseal_sealing_keyring_promote(other, 1), TSEAL_OK);
    saved_len = 100;
    EXPECT(tseal_noise_session_export(s[0], 2, ring, 0, saved, &saved_len), TSEAL_BUFFER_TOO_SMALL);
    CHECK_NAMED(saved_len == TSEAL_NOISE_EXPORT_MAX_BYTES, "noise: export reports the size", "wrong size");
    EXPECT(tseal_noise_session_export(s[0], 2, ring, 1, saved, &saved_len), TSEAL_INVALID_ARGUMENT);
    EXPECT(tseal_noise_session_export(s[0], 2, NULL, 0, saved, &saved_len), TSEAL_NULL_POINTER);
    EXPECT(tseal_noise_session_state(s[0], &state, &my_turn), TSEAL_OK);
    CHECK_NAMED(state == TSEAL_NOISE_TRANSPORT, "noise: refused exports change nothing", "state changed");
    saved_len = sizeof saved;
    EXPECT(tseal_noise_session_export(s[0], 2, ring, 0, saved, &saved_len), TSEAL_OK);
    EXPECT(tseal_noise_session_state(s[0], &state, &my_turn), TSEAL_OK);
    CHECK_NAMED(state == TSEAL_NOISE_EXPIRED && saved_len > 0 && saved_len <= TSEAL_NOISE_EXPORT_MAX_BYTES,
                "noise: a stream export hands the session off", "live session still usable");
    EXPECT(noise_send(s[0], s[1], 2, "stale", out, &len), TSEAL_SESSION_EXPIRED);

    /* Import: a failed import uses the builder up too. */
    b = noise_builder_in(TSEAL_NOISE_STREAM, priv[0], pub[1]);
    EXPECT(tseal_noise_builder_import_session(b, 3, ring, NULL, saved_len, &restored), TSEAL_NULL_POINTER);
    EXPECT(tseal_noise_builder_import_session(b, 3, NULL, saved, saved_len, &restored), TSEAL_NULL_POINTER);
    EXPECT(tseal_noise_builder_import_session(b, 3, ring, saved, saved_len, NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_noise_builder_import_session(b, 3, other, saved, saved_len, &restored), TSEAL_DECRYPT_FAILED);
    EXPECT(tseal_noise_builder_import_session(b, 3, ring, saved, saved_len, &restored), TSEAL_WRONG_STATE);
    tseal_noise_builder_free(b);
    b = noise_builder_in(TSEAL_NOISE_STREAM, priv[0], pub[1]);
    EXPECT(tseal_noise_builder_import_session(b, 3, ring, saved, 0, &restored), TSEAL_TRUNCATED);
    tseal_noise_builder_free(b);
    b = noise_builder_in(TSEAL_NOISE_STREAM, priv[0], pub[0]); /* allows a different peer */
    EXPECT(tseal_noise_builder_import_session(b, 3, ring, saved, saved_len, &restored), TSEAL_PEER_NOT_ALLOWED);
    tseal_noise_builder_free(b);
    b = noise_builder_in(TSEAL_NOISE_STREAM, priv[0], pub[1]);
    EXPECT(tseal_noise_builder_import_session(b, 3, ring, saved, saved_len, &restored), TSEAL_OK);
    tseal_noise_builder_free(b);
    EXPECT(noise_send(restored, s[1], 3, "after", out, &len), TSEAL_OK);
    CHECK_NAMED(len == 5 && memcmp(out, "after", 5) == 0, "noise: the imported session sends in step", "differs");
    EXPECT(noise_send(s[1], restored, 3, "back", out, &len), TSEAL_OK);
    CHECK_NAMED(len == 4 && memcmp(out, "back", 4) == 0, "noise: the imported session reads in step", "differs");

    /* Renewal: a fresh handshake with the same settings, new keys. */
    EXPECT(tseal_noise_session_renew(NULL, 4, &fresh[0]), TSEAL_NULL_POINTER);
    EXPECT(tseal_noise_session_renew(restored, 4, NULL), TSEAL_NULL_POINTER);
    EXPECT(tseal_noise_session_renew(restored, 4, &fresh[0]), TSEAL_OK);
    EXPECT(tseal_noise_session_renew(s[1], 4, &fresh[1]), TSEAL_OK);
    EXPECT(tseal_noise_session_state(fresh[0], &state, &my_turn), TSEAL_OK);
    CHECK_NAMED(state == TSEAL_NOISE_HANDSHAKING && my_turn == 1, "noise: renewal starts a handshake", "wrong state");
    saved_len = sizeof saved;
    EXPECT(tseal_noise_session_export(fresh[0], 4, ring, 0, saved, &saved_len), TSEAL_WRONG_STATE);
    noise_xx_handshake(fresh[0], fresh[1], 4);
    uint8_t old_hash[TSEAL_NOISE_KEY_BYTES], new_hash[TSEAL_NOISE_KEY_BYTES];
    size_t old_len = sizeof old_hash, new_len = sizeof new_hash;
    EXPECT(tseal_noise_session_handshake_hash(s[1], old_hash, &old_len), TSEAL_OK);
    EXPECT(tseal_noise_session_handshake_hash(fresh[1], new_hash, &new_len), TSEAL_OK);
    CHECK_NAMED(memcmp(old_hash, new_hash, sizeof old_hash) != 0, "noise: renewal changes the keys", "same hash");
    EXPECT(noise_send(fresh[1], fresh[0], 5, "renewed", out, &len), TSEAL_OK);
    CHECK_NAMED(len == 7 && memcmp(out, "renewed", 7) == 0, "noise: renewed transport", "differs");

    tseal_sealing_keyring_free(ring);
    tseal_sealing_keyring_free(other);
    for (int i = 0; i < 2; i++) {
        tseal_noise_session_free(s[i]);
        tseal_noise_session_free(fresh[i]);
    }
    tseal_noise_session_free(restored);
}

/* The peer check of noise_peer_verifier: allows the key in `ctx` (struct noise_peer) and counts its calls. */
struct noise_peer {
    const uint8_t *allowed;
    int calls;
};

static tseal_status allow_one_peer(void *ctx, const uint8_t *public_key, size_t public_key_len) {
    struct noise_peer *peer = ctx;
    peer->calls++;
    return public_key_len == TSEAL_NOISE_KEY_BYTES && memcmp(public_key, peer->allowed, public_key_len) == 0
               ? TSEAL_OK
               : TSEAL_PEER_NOT_ALLOWED;
}

static void noise_peer_verifier(void) {
    uint8_t priv[2][TSEAL_NOISE_KEY_BYTES], pub[2][TSEAL_NOISE_KEY_BYTES], state, my_turn;
    size_t len;
    noise_keypairs(priv, pub);
    for (int refuse = 0; refuse < 2; refuse++) {
        struct noise_peer peer = {refuse ? pub[1] : pub[0], 0}; /* the responder's check of the initiator */
        tseal_noise_builder *b = noise_builder_in(TSEAL_NOISE_STREAM, priv[0], pub[1]);
        tseal_noise_session *s[2] = {NULL, NULL};
        EXPECT(tseal_noise_builder_build_initiator(b, 0, &s[0]), TSEAL_OK);
        tseal_noise_builder_free(b);
        EXPECT(tseal_noise_builder_new((const uint8_t *)noise_xx, sizeof noise_xx - 1, &b), TSEAL_OK);
        EXPECT(tseal_noise_builder_local_private_key(b, priv[1], TSEAL_NOISE_KEY_BYTES), TSEAL_OK);
        EXPECT(tseal_noise_builder_limits(b, 10000, 10, 0, 4), TSEAL_OK);
        EXPECT(tseal_noise_builder_peer_verifier(b, NULL, &peer), TSEAL_NULL_POINTER);
        EXPECT(tseal_noise_builder_peer_verifier(NULL, allow_one_peer, &peer), TSEAL_NULL_POINTER);
        EXPECT(tseal_noise_builder_peer_verifier(b, allow_one_peer, &peer), TSEAL_OK);
        EXPECT(tseal_noise_builder_peer_verifier(b, allow_one_peer, &peer), TSEAL_ALREADY_SET);
        EXPECT(tseal_noise_builder_allow_peer(b, pub[0], TSEAL_NOISE_KEY_BYTES), TSEAL_ALREADY_SET);
        EXPECT(tseal_noise_builder_build_responder(b, 0, &s[1]), TSEAL_OK);
        tseal_noise_builder_free(b);
        uint8_t out[256];
        EXPECT(noise_send(s[0], s[1], 0, "", out, &len), TSEAL_OK);
        EXPECT(noise_send(s[1], s[0], 0, "", out, &len), TSEAL_OK);
        EXPECT(noise_send(s[0], s[1], 0, "", out, &len), refuse ? TSEAL_PEER_NOT_ALLOWED : TSEAL_OK);
        EXPECT(tseal_noise_session_state(s[1], &state, &my_turn), TSEAL_OK);
        CHECK_NAMED(peer.calls == 1 && state == (refuse ? TSEAL_NOISE_FAILED : TSEAL_NOISE_TRANSPORT),
                    "noise: the callback allows the first peer and refuses the second", "wrong outcome");
        for (int i = 0; i < 2; i++) tseal_noise_session_free(s[i]);
    }
}

/* A datagram export reserves nonces for the live session; the imported copy sends after them. */
static void noise_datagram_export(void) {
    uint8_t priv[2][TSEAL_NOISE_KEY_BYTES], pub[2][TSEAL_NOISE_KEY_BYTES], out[256], wire[256];
    size_t len, wire_len;
    noise_keypairs(priv, pub);
    tseal_noise_session *s[2] = {NULL, NULL}, *restored = NULL;
    noise_pair(TSEAL_NOISE_DATAGRAM, priv, pub, s);
    tseal_noise_builder *b = NULL;
    noise_xx_handshake(s[0], s[1], 0);
    static const uint8_t key[TSEAL_AEAD_KEY_BYTES] = {9};
    tseal_sealing_keyring *ring = NULL;
    EXPECT(tseal_sealing_keyring_new(&ring), TSEAL_OK);
    EXPECT(tseal_sealing_keyring_insert(ring, 2, TSEAL_AEAD_XCHACHA20_POLY1305, key, sizeof key), TSEAL_OK);
    EXPECT(tseal_sealing_keyring_promote(ring, 2), TSEAL_OK);
    uint8_t saved[TSEAL_NOISE_EXPORT_MAX_BYTES];
    size_t saved_len = sizeof saved;
    EXPECT(tseal_noise_session_export(s[0], 1, ring, 2, saved, &saved_len), TSEAL_OK);
    CHECK_NAMED(saved_len == TSEAL_NOISE_EXPORT_MAX_BYTES, "noise: the longest export (XChaCha20-Poly1305)",
                "other size");
    EXPECT(noise_send(s[0], s[1], 1, "live 0", out, &len), TSEAL_OK);
    EXPECT(noise_send(s[0], s[1], 1, "live 1", out, &len), TSEAL_OK);
    EXPECT(noise_send(s[0], s[1], 1, "live 2", out, &len), TSEAL_SESSION_EXPIRED); /* the reservation is used up */
    b = noise_builder_in(TSEAL_NOISE_DATAGRAM, priv[0], pub[1]);
    EXPECT(tseal_noise_builder_import_session(b, 2, ring, saved, saved_len, &restored), TSEAL_OK);
    tseal_noise_builder_free(b);
    wire_len = sizeof wire;
    EXPECT(tseal_noise_session_write(restored, 2, (const uint8_t *)"restored", 8, wire, &wire_len), TSEAL_OK);
    CHECK_NAMED(wire_len > 8 && wire[7] == 2 && memcmp(wire, "\0\0\0\0\0\0\0", 7) == 0,
                "noise: the imported copy sends after the 2 reserved nonces", "wrong nonce");
    len = sizeof out;
    EXPECT(tseal_noise_session_read(s[1], 2, wire, wire_len, out, &len), TSEAL_OK);
    CHECK_NAMED(len == 8 && memcmp(out, "restored", 8) == 0, "noise: datagram import", "payload differs");
    len = sizeof out;
    EXPECT(tseal_noise_session_read(s[1], 2, wire, wire_len, out, &len), TSEAL_REPLAYED);
    tseal_sealing_keyring_free(ring);
    for (int i = 0; i < 2; i++) tseal_noise_session_free(s[i]);
    tseal_noise_session_free(restored);
}

/* ---- The rest: size getters, generated keys, hex, random bytes, envelopes, retiring a sealing key ---- */

static void getters_and_generators(void) {
    CHECK(tseal_aead_key_bytes() == TSEAL_AEAD_KEY_BYTES && tseal_aead_max_nonce_bytes() == TSEAL_AEAD_MAX_NONCE_BYTES);
    CHECK(tseal_envelope_max_aad_bytes() == TSEAL_ENVELOPE_MAX_AAD_BYTES);
    CHECK(tseal_max_frame_payload() == TSEAL_MAX_FRAME_PAYLOAD && tseal_max_symbol_bytes() == TSEAL_MAX_SYMBOL_BYTES);
    CHECK(tseal_noise_export_max_bytes() == TSEAL_NOISE_EXPORT_MAX_BYTES);
    CHECK(tseal_noise_max_overhead_bytes() == TSEAL_NOISE_MAX_OVERHEAD_BYTES);
    CHECK(tseal_subscription_id_text_bytes() == TSEAL_SUBSCRIPTION_ID_TEXT_BYTES);
    uint8_t text[64];
    size_t len = sizeof text;
    EXPECT(tseal_version_copy(text, &len), TSEAL_OK);
    CHECK(same_text(text, len, tseal_version()));

    /* Hex both ways; a size query, odd length and a non-hex character. */
    uint8_t bytes[4];
    len = sizeof text;
    EXPECT(tseal_hex_encode((const uint8_t *)"\x00\xab\xff", 3, text, &len), TSEAL_OK);
    CHECK(same_text(text, len, "00abff"));
    len = sizeof bytes;
    EXPECT(tseal_hex_decode(TEXT("00ABff"), bytes, &len), TSEAL_OK);
    CHECK(same_hex(bytes, len, "00abff"));
    len = 1;
    EXPECT(tseal_hex_encode(bytes, 3, text, &len), TSEAL_BUFFER_TOO_SMALL);
    CHECK(len == 6);
    len = sizeof bytes;
    EXPECT(tseal_hex_decode(TEXT("abc"), bytes, &len), TSEAL_INVALID_HEX);
    len = sizeof bytes;
    EXPECT(tseal_hex_decode(TEXT("0g"), bytes, &len), TSEAL_INVALID_HEX);
    EXPECT(tseal_hex_decode(NULL, 2, bytes, &len), TSEAL_NULL_POINTER);

    /* Random bytes: 32 of them are not all zero (a 2^-256 chance). */
    uint8_t random[32] = {0}, any = 0;
    EXPECT(tseal_random_fill(random, sizeof random), TSEAL_OK);
    for (size_t i = 0; i < sizeof random; i++) any |= random[i];
    CHECK(any != 0);
    EXPECT(tseal_random_fill(NULL, 0), TSEAL_OK);
    EXPECT(tseal_random_fill(NULL, 1), TSEAL_NULL_POINTER);

    /* Generated keys work. RFC 7748 section 6.1: Alice's X25519 public key. */
    tseal_mac_key *mac = NULL;
    EXPECT(tseal_mac_key_generate(&mac), TSEAL_OK);
    len = sizeof text;
    EXPECT(tseal_mac_sign(mac, TEXT("msg"), text, &len), TSEAL_OK);
    EXPECT(tseal_mac_verify(mac, TEXT("msg"), text, len), TSEAL_OK);
    tseal_mac_key_free(mac);
    EXPECT(tseal_mac_key_generate(NULL), TSEAL_NULL_POINTER);
    tseal_ed25519_key *signer = NULL;
    EXPECT(tseal_ed25519_key_generate(&signer), TSEAL_OK);
    len = sizeof text;
    EXPECT(tseal_ed25519_key_seed(signer, text, &len), TSEAL_OK);
    CHECK(len == TSEAL_ED25519_SEED_BYTES);
    tseal_ed25519_key_free(signer);
    EXPECT(tseal_ed25519_key_generate(NULL), TSEAL_NULL_POINTER);
    uint8_t private_key[TSEAL_NOISE_KEY_BYTES], public_key[TSEAL_NOISE_KEY_BYTES];
    size_t private_len = unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", private_key);
    len = sizeof public_key;
    EXPECT(tseal_noise_public_key(private_key, private_len, public_key, &len), TSEAL_OK);
    CHECK(same_hex(public_key, len, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"));
    EXPECT(tseal_noise_public_key(private_key, 31, public_key, &len), TSEAL_INVALID_LENGTH);
    EXPECT(tseal_noise_public_key(NULL, 32, public_key, &len), TSEAL_NULL_POINTER);
}

static void envelopes(void) {
    static const uint8_t key[TSEAL_AEAD_KEY_BYTES] = {5};
    static const uint8_t long_aad[TSEAL_ENVELOPE_MAX_AAD_BYTES + 1] = {0};
    uint8_t sealed[128], opened[32];
    size_t len = 0, opened_len;
    tseal_sealing_keyring *ring = NULL;
    EXPECT(tseal_sealing_keyring_new(&ring), TSEAL_OK);
    EXPECT(tseal_envelope_seal(ring, NULL, 0, TEXT("order"), sealed, &len), TSEAL_NO_PRIMARY_KEY);
    EXPECT(tseal_sealing_keyring_insert(ring, 1, TSEAL_AEAD_AES_256_GCM, key, sizeof key), TSEAL_OK);
    EXPECT(tseal_sealing_keyring_promote(ring, 1), TSEAL_OK);
    len = 0; /* size query */
    EXPECT(tseal_envelope_seal(ring, TEXT("ad"), TEXT("order"), NULL, &len), TSEAL_BUFFER_TOO_SMALL);
    CHECK(len > 5 && len <= sizeof sealed);
    EXPECT(tseal_envelope_seal(ring, TEXT("ad"), TEXT("order"), sealed, &len), TSEAL_OK);
    opened_len = sizeof opened;
    EXPECT(tseal_envelope_open(ring, TEXT("ad"), sealed, len, opened, &opened_len), TSEAL_OK);
    CHECK(same_text(opened, opened_len, "order"));
    opened_len = sizeof opened;
    EXPECT(tseal_envelope_open(ring, TEXT("AD"), sealed, len, opened, &opened_len), TSEAL_DECRYPT_FAILED);
    size_t long_len = sizeof sealed;
    EXPECT(tseal_envelope_seal(ring, long_aad, sizeof long_aad, TEXT("order"), sealed + len, &long_len),
           TSEAL_AAD_TOO_LONG);
    EXPECT(tseal_envelope_seal(NULL, NULL, 0, TEXT("order"), sealed, &long_len), TSEAL_NULL_POINTER);

    /* Retiring: never the primary; a retired key opens nothing. */
    EXPECT(tseal_sealing_keyring_retire(ring, 1), TSEAL_WRONG_STATE);
    EXPECT(tseal_sealing_keyring_insert(ring, 2, TSEAL_AEAD_CHACHA20_POLY1305, key, sizeof key), TSEAL_OK);
    EXPECT(tseal_sealing_keyring_promote(ring, 2), TSEAL_OK);
    EXPECT(tseal_sealing_keyring_retire(ring, 1), TSEAL_OK);
    EXPECT(tseal_sealing_keyring_retire(ring, 1), TSEAL_UNKNOWN_KEY);
    EXPECT(tseal_sealing_keyring_retire(NULL, 1), TSEAL_NULL_POINTER);
    opened_len = sizeof opened;
    EXPECT(tseal_envelope_open(ring, TEXT("ad"), sealed, len, opened, &opened_len), TSEAL_UNKNOWN_KEY);
    tseal_sealing_keyring_free(ring);
}

int main(void) {
    constants();
    subscription_ids();
    decimals();
    gap_tracker();
    clock_offset();
    master_key();
    parse_without_verify();
    streams();
    keys();
    replay_and_limits();
    names_and_sizes();
    sealing_key_checks();
    noise_round_trip();
    noise_frames();
    noise_lifecycle();
    noise_peer_verifier();
    noise_datagram_export();
    getters_and_generators();
    envelopes();
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
