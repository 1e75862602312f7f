/* The demo's MetaTrader 5 leg: signs one trading signal with tradeseal.dll the way an EA does (see
 * include/TradeSeal.mqh): LoadLibraryW, GetProcAddress, handles as 64-bit integers, strings handed over as
 * UTF-16 and converted by the DLL, caller-allocated buffers with explicit lengths.
 *
 * Usage (under wine): mt5_sign.exe DLL KEY_ID KEY_HEX UUID SEQUENCE GENERATED_AT_MS SYMBOL ORDER_TYPE
 *                                  VOLUME_UNITS VOLUME_DECIMALS PRICE_UNITS PRICE_DECIMALS
 * Prints: PACKET_HEX, or ERROR TSEAL_NAME. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

typedef int32_t (*keyring_new_fn)(void **out);
typedef int32_t (*keyring_insert_fn)(void *ring, uint32_t id, const uint8_t *key, size_t len);
typedef int32_t (*keyring_promote_fn)(void *ring, uint32_t id);
typedef void (*keyring_free_fn)(void *ring);
typedef int32_t (*utf16_to_utf8_fn)(const uint16_t *s, size_t len, uint8_t *out, size_t *out_len);
typedef int32_t (*signal_sign_fn)(const void *ring, const uint8_t *id, size_t id_len, uint64_t seq, uint64_t ts,
                                  const uint8_t *sym, size_t sym_len, uint8_t type, int64_t vu, uint8_t vd,
                                  int64_t pu, uint8_t pd, uint8_t *out, size_t *out_len);
typedef const char *(*status_name_fn)(int32_t status);

static HMODULE dll;
static status_name_fn status_name;

/* Through the generic function pointer type, which C allows to be cast to any other function type. */
typedef void (*any_fn)(void);

static any_fn need(const char *name) {
  any_fn f = (any_fn)GetProcAddress(dll, name);
  if (!f) {
    fprintf(stderr, "mt5_sign: %s not exported\n", name);
    exit(2);
  }
  return f;
}

static void check(int32_t status) {
  if (status != 0) {
    printf("ERROR %s\n", status_name(status));
    exit(1);
  }
}

/* An MQL5 `string` is UTF-16: widen the (ASCII) argument, then let the DLL convert it strictly. */
static size_t mql5_string_to_utf8(utf16_to_utf8_fn convert, const char *ascii, uint8_t *out, size_t cap) {
  uint16_t wide[64];
  size_t n = strlen(ascii);
  if (n > 64) n = 64;
  for (size_t i = 0; i < n; i++) wide[i] = (uint16_t)(unsigned char)ascii[i];
  size_t len = cap;
  check(convert(wide, n, out, &len));
  return len;
}

int main(int argc, char **argv) {
  if (argc != 13) {
    fprintf(stderr, "mt5_sign: expected 12 arguments\n");
    return 2;
  }
  wchar_t path[MAX_PATH];
  MultiByteToWideChar(CP_UTF8, 0, argv[1], -1, path, MAX_PATH);
  dll = LoadLibraryW(path);
  if (!dll) {
    fprintf(stderr, "mt5_sign: cannot load %s\n", argv[1]);
    return 2;
  }
  status_name = (status_name_fn)need("tseal_status_name");
  utf16_to_utf8_fn convert = (utf16_to_utf8_fn)need("tseal_utf16_to_utf8");

  uint8_t key[64];
  size_t key_len = strlen(argv[3]) / 2;
  if (key_len > sizeof key) return 2;
  for (size_t i = 0; i < key_len; i++) sscanf(argv[3] + 2 * i, "%2hhx", &key[i]);
  uint32_t key_id = (uint32_t)strtoul(argv[2], NULL, 10);

  int64_t ring = 0; /* MQL5 keeps handles in a `long` */
  check(((keyring_new_fn)need("tseal_keyring_new"))((void **)&ring));
  check(((keyring_insert_fn)need("tseal_keyring_insert"))((void *)ring, key_id, key, key_len));
  check(((keyring_promote_fn)need("tseal_keyring_promote"))((void *)ring, key_id));

  uint8_t uuid[64], symbol[64], packet[256];
  size_t uuid_len = mql5_string_to_utf8(convert, argv[4], uuid, sizeof uuid);
  size_t symbol_len = mql5_string_to_utf8(convert, argv[7], symbol, sizeof symbol);
  size_t packet_len = sizeof packet;
  check(((signal_sign_fn)need("tseal_signal_sign"))(
      (void *)ring, uuid, uuid_len, strtoull(argv[5], NULL, 10), strtoull(argv[6], NULL, 10), symbol,
      symbol_len, (uint8_t)atoi(argv[8]), strtoll(argv[9], NULL, 10), (uint8_t)atoi(argv[10]),
      strtoll(argv[11], NULL, 10), (uint8_t)atoi(argv[12]), packet, &packet_len));
  ((keyring_free_fn)need("tseal_keyring_free"))((void *)ring);

  for (size_t i = 0; i < packet_len; i++) printf("%02x", packet[i]);
  printf("\n");
  return 0;
}
