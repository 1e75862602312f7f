/* HMAC-SHA256 sign of a 64-byte message: tradeseal's C ABI (tseal_mac_sign, pre-keyed handle) against
 * OpenSSL's one-shot HMAC(), in one run. Reports the median of 15 rounds of 200000 calls each,
 * the two contenders' rounds interleaved.
 * Run by scripts/bench.sh (not by the tests). */
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

static uint8_t key_bytes[32], message[64], tag[32];
static volatile uint8_t sink;
static tseal_mac_key *key;

static void tradeseal_sign(void) {
    size_t len = sizeof tag;
    if (tseal_mac_sign(key, message, sizeof message, tag, &len) != TSEAL_OK) abort();
}

static void openssl_sign(void) {
    unsigned int len = sizeof tag;
    if (!HMAC(EVP_sha256(), key_bytes, sizeof key_bytes, message, sizeof message, tag, &len)) abort();
}

static double round_ns(void (*sign)(void)) {
    double start = now_ns();
    for (int i = 0; i < CALLS; i++) {
        message[0] = (uint8_t)i;
        sign();
        sink ^= tag[0];
    }
    return (now_ns() - start) / CALLS;
}

/* Medians of both, with their rounds interleaved so a change in machine load hits both alike. */
static void medians_ns(double *ours, double *theirs) {
    double a[ROUNDS], b[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        a[r] = round_ns(tradeseal_sign);
        b[r] = round_ns(openssl_sign);
    }
    qsort(a, ROUNDS, sizeof *a, compare);
    qsort(b, ROUNDS, sizeof *b, compare);
    *ours = a[ROUNDS / 2];
    *theirs = b[ROUNDS / 2];
}

int main(void) {
    memset(key_bytes, 0x0b, sizeof key_bytes);
    if (tseal_mac_key_new(key_bytes, sizeof key_bytes, &key) != TSEAL_OK) return 1;
    double ours, theirs;
    medians_ns(&ours, &theirs); /* warm up */
    medians_ns(&ours, &theirs);
    printf("HMAC-SHA256 sign, 64 B message, median of %d x %d calls\n", ROUNDS, CALLS);
    printf("  tradeseal tseal_mac_sign (C ABI): %7.1f ns/op\n", ours);
    printf("  %s HMAC():            %7.1f ns/op\n", OPENSSL_VERSION_TEXT, theirs);
    printf("  speedup: %.2fx\n", theirs / ours);
    tseal_mac_key_free(key);
    return 0;
}
