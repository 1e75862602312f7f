/* The C exports that no tests/vectors file covers (their vectors would need every language's runner):
 * gap tracker, clock offset, master key, parse without verify, subscription ids and decimal text, the
 * guard's and signal verifier's stream queries, key ids and the smaller getters. Each is checked against
 * known values (from the tests/vectors files where one exists) and with bad input: NULL, zero length, a buffer too
 * small (which must report the size needed and write nothing) and numbers out of range.
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
    EXPECT(tseal_nonce_cache_new(60000, 5000, 16, &cache), TSEAL_OK);
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
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
