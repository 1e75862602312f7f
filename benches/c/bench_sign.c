/* In one run, tradeseal's C ABI against OpenSSL from C, 64-byte messages:
 *  - HMAC-SHA256 sign: tseal_mac_sign (pre-keyed handle) vs OpenSSL's one-shot HMAC();
 *  - AES-256-GCM seal: tseal_aead_seal (fresh nonce, into a caller buffer) vs EVP with a pre-keyed context
 *    (new IV, update, final, tag).
 * Reports the median of 15 rounds of 200000 calls each. With TSEAL_BENCH_JSON=<file>, also appends one JSON line
 * per result for scripts/bench_report.py. Run by scripts/bench.sh (not by the tests). */
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

static double median_ns(void (*sign)(void)) {
    double per_call[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        double start = now_ns();
        for (int i = 0; i < CALLS; i++) {
            message[0] = (uint8_t)i;
            sign();
            sink ^= tag[0];
        }
        per_call[r] = (now_ns() - start) / CALLS;
    }
    qsort(per_call, ROUNDS, sizeof *per_call, compare);
    return per_call[ROUNDS / 2];
}

static void report(FILE *json, const char *group, const char *impl, double ns) {
    printf("  %-20s %-32s %7.1f ns/op\n", group, impl, ns);
    if (json)
        fprintf(json, "{\"group\": \"%s\", \"lang\": \"C\", \"impl\": \"%s\", \"bytes\": 64, "
                      "\"median_ns\": %.3f}\n", group, impl, ns);
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

    median_ns(tradeseal_sign); /* warm up */
    median_ns(openssl_sign);
    printf("64 B messages, median of %d x %d calls, %s\n", ROUNDS, CALLS, OPENSSL_VERSION_TEXT);
    report(json, "hmac-sha256 sign", "tradeseal tseal_mac_sign", median_ns(tradeseal_sign));
    report(json, "hmac-sha256 sign", "OpenSSL HMAC()", median_ns(openssl_sign));
    report(json, "aes-256-gcm seal", "tradeseal tseal_aead_seal", median_ns(tradeseal_seal));
    report(json, "aes-256-gcm seal", "OpenSSL EVP aes-256-gcm", median_ns(openssl_seal));

    if (json) fclose(json);
    EVP_CIPHER_CTX_free(gcm);
    tseal_sealing_key_free(sealing_key);
    tseal_mac_key_free(key);
    return 0;
}
