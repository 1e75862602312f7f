/* In one run, tradeseal's C ABI against OpenSSL from C, 64-byte messages:
 *  - HMAC-SHA256 sign: tseal_mac_sign (pre-keyed handle) vs OpenSSL's one-shot HMAC();
 *  - AES-256-GCM seal: tseal_aead_seal (fresh nonce, into a caller buffer) and tseal_aead_seal_in_place (the
 *    message copied into the box first) vs EVP with a pre-keyed context (new IV, update, final, tag);
 *  - Noise XX handshake and 64 B transport write+read through the C ABI (no OpenSSL peer: compared with the Rust
 *    core by scripts/bench_report.py), with the settings of core/benches/noise.rs.
 * Reports the median of 15 rounds of 200000 calls each (100 for the handshake), the two contenders' rounds
 * interleaved so a change in machine load hits both alike. With TSEAL_BENCH_JSON=<file>, also appends one JSON
 * line per result for scripts/bench_report.py. Run by scripts/bench.sh (not by the tests). */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/opensslv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tradeseal.h"

enum { ROUNDS = 15, CALLS = 200000 };

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static uint8_t key_bytes[32], message[64], tag[32], sealed[64 + 64];
static volatile uint8_t sink;
static tseal_mac_key *key;
static tseal_sealing_key *sealing_key;
static EVP_CIPHER_CTX *gcm;
static uint64_t iv_counter;

static void tradeseal_sign(void) {
    size_t len = sizeof tag;
    if (tseal_mac_sign(key, message, sizeof message, tag, &len) != TSEAL_OK) abort();
}

static void openssl_sign(void) {
    unsigned int len = sizeof tag;
    if (!HMAC(EVP_sha256(), key_bytes, sizeof key_bytes, message, sizeof message, tag, &len)) abort();
}

static void tradeseal_seal(void) {
    size_t len = sizeof sealed;
    if (tseal_aead_seal(sealing_key, NULL, 0, message, sizeof message, sealed, &len) != TSEAL_OK) abort();
    tag[0] = sealed[len - 1];
}

static void tradeseal_seal_in_place(void) {
    memcpy(sealed + 12, message, sizeof message);
    if (tseal_aead_seal_in_place(sealing_key, NULL, 0, sealed, 12 + sizeof message + 16) != TSEAL_OK) abort();
    tag[0] = sealed[12 + sizeof message + 15];
}

static void openssl_seal(void) {
    /* A counter nonce (cheaper than tseal's random one, so the comparison favours OpenSSL). */
    uint8_t iv[12] = {0};
    iv_counter++;
    memcpy(iv, &iv_counter, sizeof iv_counter);
    int len = 0, fin = 0;
    if (EVP_EncryptInit_ex(gcm, NULL, NULL, NULL, iv) != 1 ||
        EVP_EncryptUpdate(gcm, sealed + 12, &len, message, sizeof message) != 1 ||
        EVP_EncryptFinal_ex(gcm, sealed + 12 + len, &fin) != 1 ||
        EVP_CIPHER_CTX_ctrl(gcm, EVP_CTRL_GCM_GET_TAG, 16, sealed + 12 + len + fin) != 1)
        abort();
    tag[0] = sealed[12 + len + fin];
}

enum { NOW = 1, REKEY_INTERVAL = 100, IDLE_TIMEOUT_MS = 300000 };
static uint8_t alice[32], bob[32], alice_pub[32], bob_pub[32], noise_msg[1024], noise_out[1024];
static tseal_noise_session *initiator, *responder;

static tseal_noise_session *noise_side(const uint8_t *local, const uint8_t *peer_pub, int is_initiator) {
    static const char protocol[] = "Noise_XX_25519_ChaChaPoly_SHA256";
    tseal_noise_builder *b = NULL;
    tseal_noise_session *s = NULL;
    if (tseal_noise_builder_new((const uint8_t *)protocol, sizeof protocol - 1, &b) != TSEAL_OK ||
        tseal_noise_builder_local_private_key(b, local, 32) != TSEAL_OK ||
        tseal_noise_builder_allow_peer(b, peer_pub, 32) != TSEAL_OK ||
        tseal_noise_builder_limits(b, UINT64_MAX, UINT64_MAX, IDLE_TIMEOUT_MS, REKEY_INTERVAL) != TSEAL_OK)
        abort();
    tseal_status st = is_initiator ? tseal_noise_builder_build_initiator(b, NOW, &s)
                                   : tseal_noise_builder_build_responder(b, NOW, &s);
    if (st != TSEAL_OK) abort();
    return s;
}

/* One message from `from` to `to`; returns the payload length read. */
static size_t noise_pass(tseal_noise_session *from, tseal_noise_session *to, const uint8_t *payload, size_t len) {
    size_t n = sizeof noise_msg, m = sizeof noise_out;
    if (tseal_noise_session_write(from, NOW, payload, len, noise_msg, &n) != TSEAL_OK ||
        tseal_noise_session_read(to, NOW, noise_msg, n, noise_out, &m) != TSEAL_OK)
        abort();
    return m;
}

static void noise_handshake(void) {
    tseal_noise_session_free(initiator);
    tseal_noise_session_free(responder);
    initiator = noise_side(alice, bob_pub, 1);
    responder = noise_side(bob, alice_pub, 0);
    noise_pass(initiator, responder, NULL, 0);
    noise_pass(responder, initiator, NULL, 0);
    noise_pass(initiator, responder, NULL, 0);
}

static void noise_transport(void) {
    tag[0] = (uint8_t)noise_pass(initiator, responder, message, sizeof message);
}

static double round_ns(void (*op)(void), int calls) {
    double start = now_ns();
    for (int i = 0; i < calls; i++) {
        message[0] = (uint8_t)i;
        op();
        sink ^= tag[0];
    }
    return (now_ns() - start) / calls;
}

static double median(double *rounds) {
    qsort(rounds, ROUNDS, sizeof *rounds, compare);
    return rounds[ROUNDS / 2];
}

/* Medians of `ours` and `theirs` (NULL: ours alone), their rounds interleaved; after one warm-up round each. */
static void medians_ns(void (*ours)(void), void (*theirs)(void), int calls, double *ours_ns, double *theirs_ns) {
    double a[ROUNDS], b[ROUNDS];
    round_ns(ours, calls);
    if (theirs) round_ns(theirs, calls);
    for (int r = 0; r < ROUNDS; r++) {
        a[r] = round_ns(ours, calls);
        if (theirs) b[r] = round_ns(theirs, calls);
    }
    *ours_ns = median(a);
    if (theirs) *theirs_ns = median(b);
}

static void report(FILE *json, const char *group, const char *impl, int bytes, double ns) {
    printf("  %-28s %-32s %9.1f ns/op\n", group, impl, ns);
    if (json)
        fprintf(json, "{\"group\": \"%s\", \"lang\": \"C\", \"impl\": \"%s\", \"bytes\": %d, "
                      "\"median_ns\": %.3f}\n", group, impl, bytes, ns);
}

int main(void) {
    memset(key_bytes, 0x0b, sizeof key_bytes);
    if (tseal_mac_key_new(key_bytes, sizeof key_bytes, &key) != TSEAL_OK) return 1;
    if (tseal_sealing_key_new(TSEAL_AEAD_AES_256_GCM, key_bytes, sizeof key_bytes, &sealing_key) != TSEAL_OK) return 1;
    gcm = EVP_CIPHER_CTX_new();
    if (!gcm || EVP_EncryptInit_ex(gcm, EVP_aes_256_gcm(), NULL, key_bytes, NULL) != 1) return 1;
    const char *path = getenv("TSEAL_BENCH_JSON");
    FILE *json = path ? fopen(path, "a") : NULL;
    if (path && !json) return 1;

    double ours, theirs;
    printf("64 B messages, median of %d x %d calls, %s\n", ROUNDS, CALLS, OPENSSL_VERSION_TEXT);
    medians_ns(tradeseal_sign, openssl_sign, CALLS, &ours, &theirs);
    report(json, "hmac-sha256 sign", "tradeseal tseal_mac_sign", 64, ours);
    report(json, "hmac-sha256 sign", "OpenSSL HMAC()", 64, theirs);
    printf("  sign speedup over OpenSSL HMAC(): %.2fx\n", theirs / ours);
    medians_ns(tradeseal_seal, openssl_seal, CALLS, &ours, &theirs);
    report(json, "aes-256-gcm seal", "tradeseal tseal_aead_seal", 64, ours);
    report(json, "aes-256-gcm seal", "OpenSSL EVP aes-256-gcm", 64, theirs);
    medians_ns(tradeseal_seal_in_place, NULL, CALLS, &ours, NULL);
    report(json, "aes-256-gcm seal", "tradeseal tseal_aead_seal_in_place", 64, ours);

    size_t a = 32, b = 32, c = 32, d = 32;
    if (tseal_noise_keypair_generate(alice, &a, alice_pub, &b) != TSEAL_OK ||
        tseal_noise_keypair_generate(bob, &c, bob_pub, &d) != TSEAL_OK)
        return 1;
    medians_ns(noise_handshake, NULL, 100, &ours, NULL);
    report(json, "noise xx handshake", "tradeseal tseal_noise_session", 0, ours);
    medians_ns(noise_transport, NULL, CALLS, &ours, NULL);
    report(json, "noise transport write+read", "tradeseal tseal_noise_session", 64, ours);
    tseal_noise_session_free(initiator);
    tseal_noise_session_free(responder);

    if (json) fclose(json);
    EVP_CIPHER_CTX_free(gcm);
    tseal_sealing_key_free(sealing_key);
    tseal_mac_key_free(key);
    return 0;
}
